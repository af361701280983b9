import type { AccessModel } from "@/lib/model/types";

/** The commercial partition only; see lib/model/regions.ts. */
export const PARTITION = "aws";

/** `arn:aws:iam::ACCOUNT:role/PATH/NAME`: the exact ARN the beacon needs in `sts:AssumeRole`. */
export function roleArn(model: Pick<AccessModel, "rolePath" | "names">, accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:role${model.rolePath}${model.names.role}`;
}

export function policyArn(accountId: string, path: string, name: string): string {
  return `arn:${PARTITION}:iam::${accountId}:policy${path}${name}`;
}

export function userArn(accountId: string, name: string): string {
  return `arn:${PARTITION}:iam::${accountId}:user/${name}`;
}

export function accountRootArn(accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:root`;
}

/** DB instance ARNs for step 2.16 in one target account. */
export function rdsArns(model: Pick<AccessModel, "rdsScope">, accountId: string): string[] {
  if (model.rdsScope.kind === "all") return [`arn:${PARTITION}:rds:*:${accountId}:db:*`];
  return model.rdsScope.patterns.map((p) => `arn:${PARTITION}:rds:${p.region}:${accountId}:db:${p.instanceName}`);
}

/** Parts of an IAM ARN, or null for anything else. */
export function parseIamArn(arn: string): { accountId: string; type: string; path: string; name: string } | null {
  const m = /^arn:[a-z-]+:iam::(\d{12}|\*|[^:]*):([a-z-]+)(\/.*)?$/.exec(arn);
  if (m === null) return null;
  const rest = m[3] ?? "";
  const lastSlash = rest.lastIndexOf("/");
  return {
    accountId: m[1] ?? "",
    type: m[2] ?? "",
    path: lastSlash <= 0 ? "/" : rest.slice(0, lastSlash + 1),
    name: rest.slice(lastSlash + 1),
  };
}
