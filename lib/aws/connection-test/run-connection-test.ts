import "server-only";
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  ListAccountAliasesCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  type AttachedPolicy,
  type Group,
} from "@aws-sdk/client-iam";
import { DescribeHostsCommand, DescribeInstancesCommand, DescribeReservedInstancesCommand, type Host, type Reservation } from "@aws-sdk/client-ec2";
import { DescribeDBInstancesCommand, type DBInstance } from "@aws-sdk/client-rds";
import type { PolicyDocument } from "@/lib/model/types";
import { createAwsClients, type AwsClients, type ConnectionOptions, type StaticCredentials } from "../clients";
import { decodePolicyDocument } from "../documents";
import { toAwsOperationError } from "../errors";
import { collectIamPages, collectTokenPages } from "../paginate";
import { createLimiter } from "../pool";
import { retryWhilePropagating, type PropagationOptions } from "../propagation";
import { assumeRole } from "../operations/assume-role";
import type { AccountAccess } from "../operations/reach-account";
import { accountOfRoleArn, assumeRoleResources } from "./assume-role-resources";
import { explainCheckFailure } from "./causes";
import { diagnoseAssumeRole } from "./diagnose-assume-role";
import type { AccountTestResult, ConnectionCheck, ConnectionTestProgress, ConnectionTestResult, RegionInventory } from "./types";

export interface ConnectionTestInput {
  /** The collector user's access key: the only credentials the beacon has. */
  credentials: StaticCredentials;
  externalId?: string;
  /** Regions to inventory (the model's regions). */
  regions: string[];
  /** Endpoint, proxy (as the beacon's Use Proxy settings), CA, timeouts, retry. */
  connection: ConnectionOptions;
  /** Accounts in flight at once (default 16). */
  concurrency?: number;
  /** Target accounts the model expects: those with no exact role ARN in the policies are reported. */
  expectedAccountIds?: string[];
  /** The key was just created: retry the first call while AWS does not know it yet. */
  newKeyPropagation?: PropagationOptions;
  /**
   * Optional administrator access, used only to explain an AssumeRole refusal (the beacon has no
   * such access; AWS gives the same AccessDenied for every cause).
   */
  diagnose?: { home: AwsClients; homeAccountId: string; access: AccountAccess };
  onProgress?: (p: ConnectionTestProgress) => void;
  signal?: AbortSignal;
}

function passed(check: string, extra: Partial<ConnectionCheck> = {}): ConnectionCheck {
  return { check, status: "passed", ...extra };
}

function failed(check: string, err: unknown, extra: Partial<ConnectionCheck> = {}): ConnectionCheck {
  const e = toAwsOperationError(err, { action: check });
  return { check, status: "failed", code: e.awsCode, ...explainCheckFailure(check, e, extra.subject), ...extra };
}

function skipped(check: string, cause: string, extra: Partial<ConnectionCheck> = {}): ConnectionCheck {
  return { check, status: "skipped", cause, ...extra };
}

/** Runs `fn`, recording a passed or failed check; undefined when it failed. */
async function checked<T>(checks: ConnectionCheck[], check: string, fn: () => Promise<T>, extra: Partial<ConnectionCheck> = {}): Promise<T | undefined> {
  try {
    const r = await fn();
    checks.push(passed(check, extra));
    return r;
  } catch (err) {
    checks.push(failed(check, err, extra));
    return undefined;
  }
}

const REGION_CHECKS = ["ec2:DescribeInstances", "ec2:DescribeHosts", "ec2:DescribeReservedInstances", "rds:DescribeDBInstances"] as const;

async function inventoryRegion(clients: AwsClients, region: string, checks: ConnectionCheck[]): Promise<RegionInventory | undefined> {
  const ec2 = clients.ec2(region);
  const rds = clients.rds(region);
  const local: ConnectionCheck[] = [];
  const [instances, hosts, reserved, oracle] = await Promise.all([
    checked(local, REGION_CHECKS[0], async () => {
      const reservations = await collectTokenPages<Reservation>(async (NextToken) => {
        const out = await ec2.send(new DescribeInstancesCommand({ NextToken, MaxResults: 1000 }));
        return { items: out.Reservations, next: out.NextToken };
      });
      return reservations.reduce((n, r) => n + (r.Instances?.length ?? 0), 0);
    }, { region }),
    checked(local, REGION_CHECKS[1], async () => {
      const list = await collectTokenPages<Host>(async (NextToken) => {
        const out = await ec2.send(new DescribeHostsCommand({ NextToken, MaxResults: 500 }));
        return { items: out.Hosts, next: out.NextToken };
      });
      return list.length;
    }, { region }),
    checked(local, REGION_CHECKS[2], async () => (await ec2.send(new DescribeReservedInstancesCommand({}))).ReservedInstances?.length ?? 0, { region }),
    checked(local, REGION_CHECKS[3], async () => {
      const dbs = await collectTokenPages<DBInstance>(async (Marker) => {
        const out = await rds.send(new DescribeDBInstancesCommand({ Marker }));
        return { items: out.DBInstances, next: out.Marker };
      });
      return dbs.filter((d) => (d.Engine ?? "").toLowerCase().startsWith("oracle")).length;
    }, { region }),
  ]);
  // Keep a stable order in the report whatever order the calls finished in.
  local.sort((a, b) => REGION_CHECKS.indexOf(a.check as (typeof REGION_CHECKS)[number]) - REGION_CHECKS.indexOf(b.check as (typeof REGION_CHECKS)[number]));
  checks.push(...local);
  if (instances === undefined && hosts === undefined && reserved === undefined && oracle === undefined) return undefined;
  // A failed call's count is unknown (null), never 0.
  return { region, instances: instances ?? null, hosts: hosts ?? null, reservedInstances: reserved ?? null, oracleDbInstances: oracle ?? null };
}

async function testAccount(
  user: AwsClients,
  roleArn: string,
  input: AccountTestOptions,
  principalArn: string | undefined,
): Promise<AccountTestResult> {
  const accountId = accountOfRoleArn(roleArn);
  const checks: ConnectionCheck[] = [];
  let session: AwsClients;
  try {
    const creds = await assumeRole(user, { roleArn, externalId: input.externalId, sessionName: "beaconport-connection-test" });
    session = user.withCredentials(creds);
    checks.push(passed("sts:AssumeRole", { subject: roleArn }));
  } catch (err) {
    const check = failed("sts:AssumeRole", err, { subject: roleArn });
    if (input.diagnose && ["AccessDenied", "AccessDeniedException"].includes(check.code ?? "")) {
      const d = await diagnoseAssumeRole(input.diagnose, roleArn, principalArn, input.externalId);
      if (d.reason !== "unknown") {
        check.cause = d.cause;
        check.fix = d.fix;
        check.code = `AccessDenied:${d.reason}`;
        check.procedureStep = d.reason.startsWith("external-id") ? 8 : 4;
      }
    }
    checks.push(check);
    checks.push(skipped("iam:ListAccountAliases", "Skipped: the role could not be assumed"));
    for (const region of input.regions) for (const c of REGION_CHECKS) checks.push(skipped(c, "Skipped: the role could not be assumed", { region }));
    return { accountId, roleArn, status: "failed", checks, inventory: [] };
  }
  const [alias, regions] = await Promise.all([
    checked(checks, "iam:ListAccountAliases", async () => (await session.iam.send(new ListAccountAliasesCommand({}))).AccountAliases?.[0]),
    Promise.all(
      input.regions.map(async (region) => {
        const regionChecks: ConnectionCheck[] = [];
        return { checks: regionChecks, inventory: await inventoryRegion(session, region, regionChecks) };
      }),
    ),
  ]);
  for (const r of regions) checks.push(...r.checks);
  const inventory = regions.map((r) => r.inventory).filter((i): i is RegionInventory => i !== undefined);
  return { accountId, roleArn, alias: alias ?? undefined, status: checks.some((c) => c.status === "failed") ? "failed" : "passed", checks, inventory };
}

type AccountTestOptions = Pick<ConnectionTestInput, "externalId" | "regions" | "diagnose">;

/**
 * One account as the beacon checks it (AssumeRole with the external ID, then ListAccountAliases and
 * the inventory calls per region), with any identity allowed to assume the role: e.g. the home
 * account's administrator verifying an account set up by hand, before the collector has a key.
 */
export function testAccountAsBeacon(clients: AwsClients, roleArn: string, options: AccountTestOptions, principalArn?: string): Promise<AccountTestResult> {
  return testAccount(clients, roleArn, options, principalArn);
}

/**
 * The beacon's "Test connection", call for call, with only the collector's credentials (and the
 * proxy when set): GetUser; ListAttachedUserPolicies; ListGroupsForUser and
 * ListAttachedGroupPolicies per group; GetPolicy + GetPolicyVersion per policy; gather the
 * `sts:AssumeRole` resources (flagging wildcards); AssumeRole each with the external ID; then, as
 * the role, ListAccountAliases and the EC2/RDS inventory calls per region. One bad account never
 * fails the others. Roles are tried as soon as the policy naming them has been read.
 */
export async function runConnectionTest(input: ConnectionTestInput): Promise<ConnectionTestResult> {
  const started = performance.now();
  let calls = 0;
  const root = createAwsClients({ ...input.connection, credentials: input.credentials });
  const user = root.withObserver(() => calls++);
  const checks: ConnectionCheck[] = [];
  const accounts: Promise<AccountTestResult>[] = [];
  const documents: PolicyDocument[] = [];
  const scheduled = new Set<string>();
  const limit = createLimiter(input.concurrency ?? 16);
  const progress = input.onProgress ?? (() => {});
  let identity: ConnectionTestResult["user"];
  try {
    progress({ phase: "user", message: "Reading the collector user" });
    const me = await checked(checks, "iam:GetUser", async () => {
      const call = () => user.iam.send(new GetUserCommand({}));
      const out = input.newKeyPropagation ? await retryWhilePropagating(call, input.newKeyPropagation) : await call();
      return out.User;
    });
    if (!me?.UserName) {
      for (const c of ["iam:ListAttachedUserPolicies", "iam:ListGroupsForUser", "sts:AssumeRole"]) checks.push(skipped(c, "Skipped: the collector user could not be read"));
      return await finish();
    }
    const UserName = me.UserName;
    const principalArn = me.Arn;
    identity = { arn: me.Arn ?? "", name: UserName, accountId: /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(me.Arn ?? "")?.[1] ?? "" };

    // As soon as a policy's document is read, its roles can be tried (the list is only final at the end).
    const schedule = (doc: PolicyDocument) => {
      for (const arn of assumeRoleResources([doc]).exact) {
        if (scheduled.has(arn)) continue;
        scheduled.add(arn);
        accounts.push(
          limit(async () => {
            if (input.signal?.aborted) throw input.signal.reason;
            progress({ phase: "account", accountId: accountOfRoleArn(arn), message: `Assuming ${arn}` });
            return testAccount(user, arn, input, principalArn);
          }),
        );
      }
    };
    const readPolicy = async (p: AttachedPolicy, via: string) => {
      const PolicyArn = p.PolicyArn ?? "";
      const policy = await checked(checks, "iam:GetPolicy", async () => (await user.iam.send(new GetPolicyCommand({ PolicyArn }))).Policy, { subject: PolicyArn });
      if (!policy) return checks.push(skipped("iam:GetPolicyVersion", "Skipped: the policy could not be read", { subject: PolicyArn }));
      const doc = await checked(
        checks,
        "iam:GetPolicyVersion",
        async () => {
          const out = await user.iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: policy.DefaultVersionId ?? "v1" }));
          return decodePolicyDocument(out.PolicyVersion?.Document, `policy ${PolicyArn} (${via})`);
        },
        { subject: PolicyArn },
      );
      if (doc) {
        documents.push(doc);
        schedule(doc);
      }
    };

    progress({ phase: "policies", message: "Reading the user's policies and groups" });
    const readPolicies = new Map<string, Promise<unknown>>();
    const readOnce = (p: AttachedPolicy, via: string) => {
      const arn = p.PolicyArn ?? "";
      if (!readPolicies.has(arn)) readPolicies.set(arn, readPolicy(p, via));
      return readPolicies.get(arn);
    };
    await Promise.all([
      checked(checks, "iam:ListAttachedUserPolicies", async () => {
        const attached = await collectIamPages<AttachedPolicy>(async (Marker) => {
          const out = await user.iam.send(new ListAttachedUserPoliciesCommand({ UserName, Marker }));
          return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
        });
        await Promise.all(attached.map((p) => readOnce(p, `attached to ${UserName}`)));
        return attached;
      }, { subject: UserName }),
      checked(checks, "iam:ListGroupsForUser", async () => {
        const groups = await collectIamPages<Group>(async (Marker) => {
          const out = await user.iam.send(new ListGroupsForUserCommand({ UserName, Marker }));
          return { items: out.Groups, isTruncated: out.IsTruncated, marker: out.Marker };
        });
        await Promise.all(
          groups.map(async (g) => {
            const GroupName = g.GroupName ?? "";
            const attached = await checked(
              checks,
              "iam:ListAttachedGroupPolicies",
              () =>
                collectIamPages<AttachedPolicy>(async (Marker) => {
                  const out = await user.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName, Marker }));
                  return { items: out.AttachedPolicies, isTruncated: out.IsTruncated, marker: out.Marker };
                }),
              { subject: GroupName },
            );
            await Promise.all((attached ?? []).map((p) => readOnce(p, `attached to group ${GroupName}`)));
          }),
        );
        return groups;
      }, { subject: UserName }),
    ]);

    const resources = assumeRoleResources(documents);
    if (resources.unusable.length) {
      checks.push({
        check: "assume-role-resources",
        status: "failed",
        code: "WildcardResource",
        subject: resources.unusable.join(", "),
        cause: `sts:AssumeRole is granted on ${resources.unusable.join(", ")}. The beacon discovers accounts only from exact role ARNs; wildcards do not work for it (even though AWS accepts them).`,
        fix: "List the exact ARN of every target account's role in the read-roles policy (step 3.8), without wildcards.",
        procedureStep: 3,
      });
    }
    if (resources.exact.length === 0) {
      const anyManaged = documents.length > 0;
      checks.push({
        check: "assume-role-resources",
        status: "failed",
        code: "NoRoleArns",
        cause: anyManaged
          ? "No managed policy of the user (or its groups) allows sts:AssumeRole on an exact role ARN: the beacon will find no account."
          : "The user has no readable managed policy. If the read-roles policy was added as an inline policy, the beacon ignores it: inline policies are not supported (step 6.5).",
        fix: "Attach the read-roles policy to the user with \"Attach policies\" (not \"Add inline policy\"), listing every role ARN exactly (steps 3.8 and 6.5).",
        procedureStep: anyManaged ? 3 : 6,
      });
    } else if (!resources.unusable.length) {
      checks.push(passed("assume-role-resources", { subject: `${resources.exact.length} role ARN(s)` }));
    }
    return await finish();
  } finally {
    root.destroy();
  }

  async function finish(): Promise<ConnectionTestResult> {
    // Every scheduled account settles (testAccount catches its own failures).
    const settled = await Promise.allSettled(accounts);
    const results = settled.filter((s): s is PromiseFulfilledResult<AccountTestResult> => s.status === "fulfilled").map((s) => s.value);
    results.sort((a, b) => a.accountId.localeCompare(b.accountId) || a.roleArn.localeCompare(b.roleArn));
    const found = new Set(results.map((r) => r.accountId));
    const missingAccounts = [...new Set(input.expectedAccountIds ?? [])].filter((id) => !found.has(id)).sort();
    if (missingAccounts.length && checks.some((c) => c.check === "iam:GetUser" && c.status === "passed")) {
      checks.push({
        check: "expected-accounts",
        status: "failed",
        code: "RoleArnNotInPolicy",
        subject: missingAccounts.join(", "),
        cause: `No exact role ARN for ${missingAccounts.length === 1 ? "account" : "accounts"} ${missingAccounts.join(", ")} in the user's managed policies: the beacon will not collect from ${missingAccounts.length === 1 ? "it" : "them"}.`,
        fix: "Add each account's exact role ARN to the read-roles policy (step 3.9).",
        procedureStep: 3,
      });
    }
    const resources = assumeRoleResources(documents);
    return {
      ok: checks.every((c) => c.status !== "failed") && results.every((r) => r.status === "passed") && results.length > 0,
      user: identity,
      checks,
      roleArns: resources.exact,
      wildcardResources: resources.unusable,
      accounts: results,
      missingAccounts,
      durationMs: Math.round(performance.now() - started),
      calls,
    };
  }
}
