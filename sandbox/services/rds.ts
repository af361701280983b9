/**
 * RDS (AWS Query protocol): DescribeDBInstances with resource-level authorization. Without an
 * identifier the call is authorized against `arn:aws:rds:REGION:ACCOUNT:db:*`, so a policy that
 * names only some instances must be queried instance by instance (see README).
 */
import type { Handler } from "../context";
import { AwsError } from "../errors";
import type { FixtureDbInstance } from "../types";
import { xmlList, type XmlValue } from "../xml";

const invalidParameter = (message: string) => new AwsError("InvalidParameterValue", message, 400);

const PORTS: Record<string, number> = { postgres: 5432, mysql: 3306, mariadb: 3306 };

function port(engine: string): number {
  if (engine.startsWith("oracle")) return 1521;
  if (engine.startsWith("sqlserver")) return 1433;
  return PORTS[engine] ?? 5432;
}

function licenseModel(db: FixtureDbInstance): string {
  if (db.licenseModel) return db.licenseModel;
  if (db.engine.startsWith("oracle") || db.engine.startsWith("sqlserver")) return "license-included";
  return db.engine === "postgres" ? "postgresql-license" : "general-public-license";
}

const DescribeDBInstances: Handler = async (ctx) => {
  const id = ctx.params.get("DBInstanceIdentifier");
  const prefix = `arn:aws:rds:${ctx.region}:${ctx.account.id}:db:`;
  await ctx.authorize("rds:DescribeDBInstances", `${prefix}${id ?? "*"}`);
  let items = ctx.account.dbInstances.filter((d) => d.region === ctx.region);
  if (id !== undefined) {
    items = items.filter((d) => d.identifier === id.toLowerCase());
    if (!items.length) throw new AwsError("DBInstanceNotFound", `DBInstance ${id} not found.`, 404);
  }
  for (const filter of ctx.params.structs("Filters.Filter")) {
    const name = filter.required("Name");
    const values = filter.list("Values.Value");
    if (name === "engine") items = items.filter((d) => values.includes(d.engine));
    else if (name === "db-instance-id") items = items.filter((d) => values.includes(d.identifier) || values.includes(`${prefix}${d.identifier}`));
    else throw invalidParameter(`Unrecognized filter name: ${name}`);
  }
  const maxRecords = ctx.params.int("MaxRecords") ?? 100;
  if (maxRecords < 20 || maxRecords > 100) throw invalidParameter(`Invalid value ${maxRecords} for MaxRecords. Must be between 20 and 100`);
  const marker = ctx.params.get("Marker");
  const start = marker === undefined ? 0 : Number.parseInt(Buffer.from(marker, "base64url").toString("utf8").replace(/^offset:/, ""), 10);
  if (!Number.isInteger(start) || start < 0) throw invalidParameter("Invalid marker.");
  const page = items.slice(start, start + maxRecords);
  const next = start + maxRecords < items.length ? Buffer.from(`offset:${start + maxRecords}`).toString("base64url") : undefined;
  return {
    Marker: next,
    DBInstances: xmlList(
      "DBInstance",
      page.map((d): XmlValue => ({
        DBInstanceIdentifier: d.identifier,
        DBInstanceClass: d.instanceClass,
        Engine: d.engine,
        DBInstanceStatus: d.status ?? "available",
        Endpoint: { Address: `${d.identifier}.abcdefghijkl.${d.region}.rds.amazonaws.com`, Port: port(d.engine) },
        AllocatedStorage: d.allocatedStorage ?? 100,
        InstanceCreateTime: new Date(d.createTime ?? "2023-03-01T12:00:00Z"),
        AvailabilityZone: d.availabilityZone ?? `${d.region}a`,
        MultiAZ: d.multiAZ ?? false,
        EngineVersion: d.engineVersion ?? (d.engine.startsWith("oracle") ? "19.0.0.0.ru-2024-01.rur-2024-01.r1" : "15.5"),
        LicenseModel: licenseModel(d),
        PubliclyAccessible: false,
        StorageType: "gp3",
        DbiResourceId: `db-${Buffer.from(`${ctx.account.id}:${d.identifier}`).toString("hex").slice(0, 26).toUpperCase()}`,
        DBInstanceArn: `${prefix}${d.identifier}`,
      })),
    ),
  };
};

export const rdsHandlers: Record<string, Handler> = { DescribeDBInstances };
