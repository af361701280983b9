/**
 * Driver adapters for both providers. Shared by the app (lib/db) and the Prisma CLI (prisma.config.ts),
 * so not `server-only`; it holds no secret of its own (the URL comes from the caller).
 */
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseProvider = "sqlite" | "postgresql";

export function providerOf(url: string): DatabaseProvider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** better-sqlite3 does not create missing folders; a fresh clone has no data/ yet. */
function sqliteAdapter(url: string): PrismaBetterSQLite3 {
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return new PrismaBetterSQLite3({ url, timeout: 10_000 });
}

export function appAdapter(url: string): PrismaBetterSQLite3 | PrismaPg {
  return providerOf(url) === "sqlite" ? sqliteAdapter(url) : new PrismaPg({ connectionString: url });
}

/**
 * PostgreSQL OIDs that adapter-pg 6.19.3 cannot map to a Prisma column type. The schema engine's
 * introspection queries during `migrate deploy` return `name` and `"char"` columns and fail with
 * "Column type 'name' could not be deserialized" (prisma/orm#27403). Their values arrive as text
 * already, so re-labelling them as text is lossless.
 */
export const PG_OID_RELABEL: Readonly<Record<number, number>> = { 18: 25, 19: 25, 1003: 1009 };

interface PgField {
  dataTypeID: number;
}
interface PgQueryResult {
  fields: PgField[];
}
/** The adapter-internal method we wrap (adapter-pg 6.19.3; pinned in package.json, tested against PG). */
interface PerformsIO {
  performIO(query: unknown): Promise<PgQueryResult>;
  startTransaction?(isolationLevel?: unknown): Promise<unknown>;
}

function relabelFields(target: PerformsIO): void {
  const original = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await original(query);
    for (const field of result?.fields ?? []) {
      field.dataTypeID = PG_OID_RELABEL[field.dataTypeID] ?? field.dataTypeID;
    }
    return result;
  };
}

/** The adapter for the Prisma CLI: like the app's, plus the OID workaround for PostgreSQL. */
export function cliAdapter(url: string): PrismaBetterSQLite3 | PrismaPg {
  if (providerOf(url) === "sqlite") return sqliteAdapter(url);
  const factory = new PrismaPg({ connectionString: url });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const io = adapter as unknown as PerformsIO;
    if (typeof io.performIO !== "function") {
      throw new Error("@prisma/adapter-pg changed: the PostgreSQL OID workaround in lib/db/adapters.ts needs review");
    }
    relabelFields(io);
    const startTransaction = io.startTransaction?.bind(io);
    if (startTransaction) {
      io.startTransaction = async (isolationLevel) => {
        const tx = (await startTransaction(isolationLevel)) as PerformsIO;
        relabelFields(tx);
        return tx;
      };
    }
    return adapter;
  };
  return factory;
}
