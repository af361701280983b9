/**
 * EC2 (EC2 Query protocol): the describe calls the beacon inventories with. Regional: only the
 * resources of the region in the request's credential scope are visible.
 */
import type { CallContext, Handler, Params } from "../context";
import { AwsError } from "../errors";
import type { FixtureDedicatedHost, FixtureEc2Instance, FixtureReservedInstance, FixtureTag } from "../types";
import { xmlList, type XmlValue } from "../xml";

const invalidParameter = (message: string) => new AwsError("InvalidParameterValue", message, 400);

type Getter<T> = (item: T) => string | undefined;

function applyFilters<T extends { tags?: FixtureTag[] }>(items: T[], params: Params, getters: Record<string, Getter<T>>): T[] {
  let out = items;
  for (const filter of params.structs("Filter")) {
    const name = filter.required("Name");
    const values = filter.list("Value");
    let getter: Getter<T> | undefined = getters[name];
    if (!getter && name.startsWith("tag:")) {
      const key = name.slice(4);
      getter = (i) => i.tags?.find((t) => t.Key === key)?.Value;
    }
    if (!getter) throw invalidParameter(`The filter '${name}' is invalid`);
    const g = getter;
    out = out.filter((i) => {
      const v = g(i);
      return v !== undefined && values.some((want) => new RegExp(`^${want.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(v));
    });
  }
  return out;
}

/** EC2's NextToken/MaxResults pagination; the token is an opaque offset. */
function paginate<T>(items: T[], params: Params, min: number, max: number): { page: T[]; nextToken?: string } {
  const maxResults = params.int("MaxResults");
  if (maxResults !== undefined && (maxResults < min || maxResults > max)) {
    throw invalidParameter(`Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`);
  }
  const token = params.get("NextToken");
  let start = 0;
  if (token !== undefined) {
    start = Number.parseInt(Buffer.from(token, "base64url").toString("utf8").replace(/^offset:/, ""), 10);
    if (!Number.isInteger(start) || start < 0) throw invalidParameter(`The token '${token}' is invalid.`);
  }
  if (maxResults === undefined && token === undefined) return { page: items };
  const size = maxResults ?? max;
  const page = items.slice(start, start + size);
  return start + size < items.length ? { page, nextToken: Buffer.from(`offset:${start + size}`).toString("base64url") } : { page };
}

const tagSet = (tags: FixtureTag[] | undefined): XmlValue =>
  tags?.length ? xmlList("item", tags.map((t) => ({ key: t.Key, value: t.Value }))) : undefined;

const STATE_CODES: Record<string, number> = { pending: 0, running: 16, "shutting-down": 32, terminated: 48, stopping: 64, stopped: 80 };

function az(item: { region: string; availabilityZone?: string }): string {
  return item.availabilityZone ?? `${item.region}a`;
}

function instanceXml(i: FixtureEc2Instance): XmlValue {
  const state = i.state ?? "running";
  const octets = [...i.instanceId].reduce((a, c) => (a * 31 + c.charCodeAt(0)) >>> 0, 7);
  const ip = `10.${(octets >> 16) & 255}.${(octets >> 8) & 255}.${octets & 255}`;
  return {
    instanceId: i.instanceId,
    imageId: i.imageId ?? "ami-0abcdef1234567890",
    instanceState: { code: STATE_CODES[state] ?? 16, name: state },
    privateDnsName: `ip-${ip.replace(/\./g, "-")}.${i.region}.compute.internal`,
    dnsName: "",
    instanceType: i.instanceType,
    launchTime: new Date(i.launchTime ?? "2024-01-15T10:00:00Z"),
    placement: { availabilityZone: az(i), tenancy: i.tenancy ?? "default", hostId: i.hostId },
    platform: i.platform,
    platformDetails: i.platformDetails ?? (i.platform === "windows" ? "Windows" : "Linux/UNIX"),
    privateIpAddress: ip,
    architecture: "x86_64",
    rootDeviceType: "ebs",
    virtualizationType: "hvm",
    tagSet: tagSet(i.tags),
  };
}

const DescribeInstances: Handler = async (ctx) => {
  await ctx.authorize("ec2:DescribeInstances", "*");
  const ids = ctx.params.list("InstanceId");
  if (ids.length && ctx.params.get("MaxResults") !== undefined) {
    throw invalidParameter("The parameter instancesSet cannot be used with the parameter maxResults");
  }
  let items = ctx.account.ec2Instances.filter((i) => i.region === ctx.region);
  if (ids.length) {
    const missing = ids.filter((id) => !items.some((i) => i.instanceId === id));
    if (missing.length) throw new AwsError("InvalidInstanceID.NotFound", `The instance ID${missing.length > 1 ? "s" : ""} '${missing.join(", ")}' do${missing.length > 1 ? "" : "es"} not exist`, 400);
    items = items.filter((i) => ids.includes(i.instanceId));
  }
  items = applyFilters(items, ctx.params, {
    "instance-id": (i) => i.instanceId,
    "instance-state-name": (i) => i.state ?? "running",
    "instance-type": (i) => i.instanceType,
    "availability-zone": az,
    tenancy: (i) => i.tenancy ?? "default",
    "host-id": (i) => i.hostId,
    platform: (i) => i.platform,
  });
  const { page, nextToken } = paginate(items, ctx.params, 5, 1000);
  return {
    reservationSet: xmlList(
      "item",
      page.map((i) => ({
        reservationId: `r-${i.instanceId.replace(/^i-/, "")}`,
        ownerId: ctx.account.id,
        groupSet: xmlList("item", []),
        instancesSet: xmlList("item", [instanceXml(i)]),
      })),
    ),
    nextToken,
  };
};

function hostXml(ctx: CallContext, h: FixtureDedicatedHost): XmlValue {
  const onHost = ctx.account.ec2Instances.filter((i) => i.hostId === h.hostId);
  return {
    hostId: h.hostId,
    availabilityZone: az(h),
    autoPlacement: "off",
    hostRecovery: "off",
    hostProperties: {
      cores: h.cores,
      sockets: h.sockets,
      totalVCpus: h.totalVCpus,
      instanceFamily: h.instanceFamily,
      instanceType: h.instanceType,
    },
    instances: xmlList("item", onHost.map((i) => ({ instanceId: i.instanceId, instanceType: i.instanceType, ownerId: ctx.account.id }))),
    state: h.state ?? "available",
    allocationTime: new Date(h.allocationTime ?? "2023-06-01T00:00:00Z"),
    ownerId: ctx.account.id,
    tagSet: tagSet(h.tags),
  };
}

const DescribeHosts: Handler = async (ctx) => {
  await ctx.authorize("ec2:DescribeHosts", "*");
  const ids = ctx.params.list("HostId");
  let items = ctx.account.dedicatedHosts.filter((h) => h.region === ctx.region);
  if (ids.length) items = items.filter((h) => ids.includes(h.hostId));
  items = applyFilters(items, ctx.params, {
    state: (h) => h.state ?? "available",
    "instance-type": (h) => h.instanceType,
    "availability-zone": az,
  });
  const { page, nextToken } = paginate(items, ctx.params, 5, 500);
  return { hostSet: xmlList("item", page.map((h) => hostXml(ctx, h))), nextToken };
};

function reservedXml(r: FixtureReservedInstance): XmlValue {
  const start = new Date(r.start ?? "2024-01-01T00:00:00Z");
  const duration = r.durationSeconds ?? 31_536_000;
  return {
    reservedInstancesId: r.reservedInstancesId,
    instanceType: r.instanceType,
    availabilityZone: r.availabilityZone,
    start,
    end: new Date(start.getTime() + duration * 1000),
    duration,
    usagePrice: 0,
    fixedPrice: 0,
    instanceCount: r.instanceCount,
    productDescription: r.productDescription ?? "Linux/UNIX",
    state: r.state ?? "active",
    instanceTenancy: r.instanceTenancy ?? "default",
    currencyCode: "USD",
    offeringType: r.offeringType ?? "No Upfront",
    offeringClass: r.offeringClass ?? "standard",
    scope: r.availabilityZone ? "Availability Zone" : "Region",
    recurringCharges: xmlList("item", []),
  };
}

const DescribeReservedInstances: Handler = async (ctx) => {
  await ctx.authorize("ec2:DescribeReservedInstances", "*");
  const ids = ctx.params.list("ReservedInstancesId");
  let items = ctx.account.reservedInstances.filter((r) => r.region === ctx.region);
  if (ids.length) items = items.filter((r) => ids.includes(r.reservedInstancesId));
  items = applyFilters(items as (FixtureReservedInstance & { tags?: FixtureTag[] })[], ctx.params, {
    state: (r) => r.state ?? "active",
    "instance-type": (r) => r.instanceType,
    "availability-zone": (r) => r.availabilityZone,
    "reserved-instances-id": (r) => r.reservedInstancesId,
  });
  return { reservedInstancesSet: xmlList("item", items.map(reservedXml)) };
};

const DescribeRegions: Handler = async (ctx) => {
  await ctx.authorize("ec2:DescribeRegions", "*");
  const names = ctx.params.list("RegionName");
  for (const n of names) if (!ctx.state.regions.includes(n)) throw new AwsError("InvalidParameterValue", `Invalid region: ${n}`, 400);
  const regions = names.length ? names : ctx.state.regions;
  return {
    regionInfo: xmlList(
      "item",
      regions.map((r) => ({ regionName: r, regionEndpoint: `ec2.${r}.amazonaws.com`, optInStatus: "opt-in-not-required" })),
    ),
  };
};

export const ec2Handlers: Record<string, Handler> = { DescribeInstances, DescribeHosts, DescribeReservedInstances, DescribeRegions };
