/**
 * Pinpointed drift: what the scheduled re-verification could only guess with the collector's key,
 * made precise with what an administrator can read. AWS answers a refused AssumeRole the same way for a
 * deleted role, a changed trust principal and a changed external ID, and the collector may not list its
 * own inline policies; the administrator's read of the home account and of each affected target account
 * (lib/aws observeHome / observeTarget), linted with lintAccess, tells which it is and what exactly to do.
 *
 * Pure: the inputs are the observed state and the findings it replaces. External IDs appear masked
 * (`ab••••yz`): findings are stored and shown to reviewers, who never see the value itself.
 */
import { maskExternalId } from "@/lib/model/mask-external-id";
import { awsCommand } from "@/lib/artefacts/quote";
import { idealObservedState, lintAccess } from "@/lib/lint";
import type { AccessModel, Finding, ObservedHome, ObservedState, ObservedTarget, PolicyDocument } from "@/lib/model/types";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy, describeGrant, diffPolicies, roleArn } from "@/lib/policies";
import type { DriftReport } from "./detect-drift";
import { HOME_LINT_RULES, TARGET_LINT_RULES, driftFinding } from "./rules";
import { driftLabels } from "./drift-columns";
import { parsePinpointedFindings } from "./parse-findings";
import { asList, externalIdsOf, principalsOf } from "@/lib/policies";

/** A stored finding that came from the administrator's read (the scheduled run keeps it while it still applies). */
export interface PinpointedFinding extends Finding {
  source: "administrator";
  pinpointedAt: string;
}

export interface PinpointInput {
  model: AccessModel;
  /** The collector key the connection stores (null: none stored). */
  accessKeyId: string | null;
  /** The home account as the administrator reads it. */
  home: ObservedHome;
  /** The affected target accounts as the administrator reads them (`readError` when one could not be read). */
  targets: ObservedTarget[];
  /** The findings these replace (the collector's view), kept for accounts that could not be read. */
  previous: { home: Finding[]; accounts: Record<string, Finding[]> };
  at: Date;
}

export interface PinpointReport {
  home: PinpointedFinding[];
  /** Every examined account: an empty list means nothing is wrong there any more. Unreadable accounts are absent. */
  accounts: Record<string, PinpointedFinding[]>;
  /** Accounts that could not be read: their previous findings stay. */
  unreadable: { accountId: string; code: string }[];
  /** For the audit trail: rule@account before and after. */
  before: string[];
  after: string[];
}

export function pinpointSource(at: Date): string {
  return `Pinpointed with administrator access at ${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The role's intended trust policy, with the external ID masked (findings reach reviewers). */
function trustJson(model: AccessModel): string {
  const doc = buildTrustPolicy(model);
  const masked = maskExternalId(model.externalId);
  const text = JSON.stringify(doc);
  return model.externalId && masked ? text.split(JSON.stringify(model.externalId)).join(JSON.stringify(`<the connection's external ID ${masked}>`)) : text;
}

function describeDiff(observed: PolicyDocument, intended: PolicyDocument): { extra: string[]; missing: string[] } {
  const d = diffPolicies(observed, intended);
  return { extra: d.onlyInA.map(describeGrant), missing: d.onlyInB.map(describeGrant) };
}

function list(items: string[], max = 8): string {
  return items.length <= max ? items.join("; ") : `${items.slice(0, max).join("; ")} and ${items.length - max} more`;
}

/** Precise findings for one target account the administrator could read. */
function targetFindings(model: AccessModel, t: ObservedTarget, linted: Finding[]): Finding[] {
  const id = t.accountId;
  const out: Finding[] = [];
  const { role: roleName, inventoryPolicy } = model.names;
  const arn = roleArn(model, id);
  const role = t.role;
  if (role === null) {
    const policyToo = !t.policies.some((p) => p.name === inventoryPolicy);
    out.push(
      driftFinding("role-missing", {
        accountId: id,
        message: `Role ${arn} does not exist any more (it was deleted${policyToo ? `, and so was the policy ${inventoryPolicy}` : ""}): AWS refuses the beacon's AssumeRole, so nothing is collected from account ${id}.`,
        fix: `Recreate it with the rollout: Repair on this connection's Manage page (Drift) creates ${roleName} trusting ${model.homeAccountId}${model.externalId ? " with the connection's external ID" : ""} and attaches ${inventoryPolicy}. By hand: steps 2 and 4 of the procedure in account ${id}.`,
      }),
    );
    return out;
  }

  const principals = principalsOf(role.trustPolicy);
  if (linted.some((f) => f.rule === "trust-principal-mismatch")) {
    out.push(
      driftFinding("trust-principal-changed", {
        accountId: id,
        message: `The trust policy of ${arn} was changed: it trusts ${principals.length ? principals.join(", ") : "nobody"} instead of only the home account ${model.homeAccountId}, so the collector may not assume it.`,
        fix: `Repair on this connection's Manage page (Drift) puts the trust policy back with the rollout. By hand: Set the role's trust policy (IAM > Roles > ${roleName} > Trust relationships > Edit trust policy, in account ${id}) to exactly: ${trustJson(model)}`,
      }),
    );
  }

  const ids = externalIdsOf(role.trustPolicy);
  const want = model.externalId;
  if (want !== undefined && ids.length === 0) {
    out.push(
      driftFinding("external-id-not-required", {
        accountId: id,
        message: `The trust policy of ${arn} no longer requires an external ID (its sts:ExternalId condition was removed): anyone the trust names may assume the role without it.`,
        fix: `Repair on this connection's Manage page (Drift) puts the trust policy back with the rollout. By hand: Tick Require external ID with the connection's external ID (${maskExternalId(want)}) in the role's trust relationship, i.e. set it to exactly: ${trustJson(model)}`,
      }),
    );
  } else if (want !== undefined && !ids.includes(want)) {
    const masked = maskExternalId(want) ?? "";
    const found = ids.map((x) => maskExternalId(x) ?? "").join(", ");
    const alike = ids.some((x) => maskExternalId(x) === masked) ? " (same first and last characters, different in between)" : "";
    out.push(
      driftFinding("external-id-changed", {
        accountId: id,
        message: `External ID changed: the trust policy of ${arn} requires ${found} (${ids.map((x) => `${x.length} characters`).join(", ")}), but the connection and the beacon use ${masked} (${want.length} characters)${alike}. AWS refuses the beacon's AssumeRole.`,
        fix: `Repair on this connection's Manage page (Drift) puts the trust policy back with the rollout. By hand: Restore the connection's external ID in the role's trust policy (IAM > Roles > ${roleName} > Trust relationships, in account ${id}: sts:ExternalId = the connection's external ID ${masked}, shown in full to administrators in the beacon details), i.e. exactly: ${trustJson(model)}`,
      }),
    );
  } else if (want === undefined && ids.length > 0) {
    out.push(
      driftFinding("external-id-changed", {
        accountId: id,
        message: `External ID changed: the trust policy of ${arn} now requires an external ID (${ids.map((x) => maskExternalId(x)).join(", ")}), but the connection uses none. AWS refuses the beacon's AssumeRole.`,
        fix: `Repair on this connection's Manage page (Drift) puts the trust policy back with the rollout. By hand: Remove the sts:ExternalId condition from the role's trust policy, i.e. set it to exactly: ${trustJson(model)}`,
      }, { step: 8 }),
    );
  }

  const inventory = t.policies.find((p) => p.name === inventoryPolicy);
  if (inventory) {
    const { extra, missing } = describeDiff(inventory.document, buildInventoryPolicy(model, id));
    if (extra.length || missing.length) {
      out.push(
        driftFinding("inventory-policy-changed", {
          accountId: id,
          message: `The default version (${inventory.defaultVersionId}) of ${inventory.arn} differs from the portal's document${extra.length ? `; it also grants: ${list(extra)}` : ""}${missing.length ? `; it no longer grants: ${list(missing)}` : ""}.`,
          fix: `Restore the portal's ${inventoryPolicy} as the default version (Repair on the Manage page adds it as a new version; by hand: Policies > ${inventoryPolicy} > Edit, paste the portal's inventory-policy.json, or set an earlier correct version as default).`,
        }, { severity: extra.length ? "warning" : "error" }),
      );
    }
  }
  for (const a of role.attachedPolicies) {
    if (a.name === inventoryPolicy) continue;
    out.push(
      driftFinding("role-policy-added", {
        accountId: id,
        message: `Role ${roleName} also has the managed policy ${a.arn} attached, which the procedure does not: the beacon's role may do more than read the inventory.`,
        fix: `Detach it, in account ${id}: ${awsCommand("iam", "detach-role-policy", "--role-name", roleName, "--policy-arn", a.arn)}`,
      }),
    );
  }
  for (const p of role.inlinePolicies) {
    out.push(
      driftFinding("role-policy-added", {
        accountId: id,
        message: `Role ${roleName} has an inline policy "${p.name}" that the portal did not create.`,
        fix: `Delete it, in account ${id}: ${awsCommand("iam", "delete-role-policy", "--role-name", roleName, "--policy-name", p.name)}`,
      }),
    );
  }
  // What the linter says precisely already (attachment, missing actions, session, ARN not listed).
  for (const f of linted) if (TARGET_LINT_RULES.has(f.rule) && !out.some((o) => o.rule === f.rule)) out.push(f);
  return out;
}

function homeFindings(model: AccessModel, home: ObservedHome, accessKeyId: string | null, linted: Finding[], examined: ReadonlyMap<string, ObservedTarget>, missingRoles: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  const user = home.user;
  const diffed = new Set<string>();
  for (const want of buildReadRolesPolicies(model)) {
    const have = home.policies.find((p) => p.name === want.name);
    if (!have) continue;
    const { extra, missing } = describeDiff(have.document, want.document);
    if (!extra.length && !missing.length) continue;
    diffed.add(have.name);
    out.push(
      driftFinding("read-roles-policy-changed", {
        accountId: model.homeAccountId,
        message: `The default version (${have.defaultVersionId}) of ${have.arn} differs from the portal's document${extra.length ? `; it also grants: ${list(extra)}` : ""}${missing.length ? `; it no longer grants: ${list(missing)}` : ""}.`,
        fix: `Restore the portal's ${want.name} as the default version (Repair on this connection's Manage page writes it as a new version; by hand: Policies > ${want.name} > Edit, paste the portal's read-roles policy).`,
      }),
    );
  }
  if (user) {
    for (const p of user.inlinePolicies) {
      const actions = [...new Set(p.document.Statement.flatMap((s) => asList(s.Action)))].sort();
      out.push(
        driftFinding("user-inline-policy", {
          accountId: model.homeAccountId,
          message: `The collector user ${user.name} has an inline policy "${p.name}"${actions.length ? ` (allowing ${list(actions)})` : ""} that the portal did not create; the procedure gives the user only the managed read-roles policy.`,
          fix: `Remove it (IAM > Users > ${user.name} > Permissions > remove "${p.name}"), or: ${awsCommand("iam", "delete-user-policy", "--user-name", user.name, "--policy-name", p.name)}`,
        }),
      );
    }
    if (accessKeyId) {
      const key = user.accessKeys.find((k) => k.accessKeyId === accessKeyId);
      if (!key) {
        out.push(
          driftFinding("access-key-deleted", {
            accountId: model.homeAccountId,
            message: `The collector's access key ${accessKeyId} was deleted from ${user.name}: the beacon collects nothing with the stored details.`,
            fix: "Rotate the key from this connection's Manage page (a new key is created, tested and stored), then give the beacon the new details.",
          }),
        );
      } else if (key.status === "Inactive") {
        out.push(
          driftFinding("access-key-inactive", {
            accountId: model.homeAccountId,
            message: `The collector's access key ${accessKeyId} was deactivated (it still exists): AWS refuses it, so the beacon collects nothing.`,
            fix: `Rotate it from this connection's Manage page, or reactivate it: ${awsCommand("iam", "update-access-key", "--user-name", user.name, "--access-key-id", accessKeyId, "--status", "Active")}`,
          }),
        );
      }
    }
  }
  for (const f of linted) {
    if (!HOME_LINT_RULES.has(f.rule)) continue;
    // An examined account's missing ARN is reported on that account.
    if (f.rule === "assume-role-missing-target" && f.accountId && examined.has(f.accountId)) continue;
    // A listed role that was deleted is reported on its account (role-missing) with its fix.
    if (f.rule === "assume-role-unknown-role" && f.accountId && missingRoles.has(f.accountId)) continue;
    if (f.rule === "policy-outdated" && (f.step !== 3 || [...diffed].some((n) => f.message.includes(`Policy ${n} `)))) continue;
    out.push(f);
  }
  return out;
}

/**
 * Replaces the collector's ambiguous findings with precise ones: home findings always (the home account
 * is always read), and the findings of each examined target account; an account that could not be read
 * keeps its previous findings.
 */
export function pinpointDrift(input: PinpointInput): PinpointReport {
  const { model, home, at } = input;
  const examined = new Map(input.targets.map((t) => [t.accountId, t]));
  const ideal = idealObservedState(model);
  // Accounts not examined are linted as a perfect rollout leaves them: only the examined ones speak.
  const state: ObservedState = { home, targets: ideal.targets.map((t) => examined.get(t.accountId) ?? t) };
  const linted = lintAccess(model, state);
  const byAccount = new Map<string, Finding[]>();
  for (const f of linted) {
    if (!f.accountId) continue;
    const list = byAccount.get(f.accountId) ?? [];
    list.push(f);
    byAccount.set(f.accountId, list);
  }

  const source = { source: "administrator" as const, pinpointedAt: at.toISOString() };
  const mark = (f: Finding): PinpointedFinding => ({ ...f, message: `${pinpointSource(at)}: ${f.message}`, ...source });

  const unreadable: PinpointReport["unreadable"] = [];
  const accounts: Record<string, PinpointedFinding[]> = {};
  const missingRoles = new Set<string>();
  for (const t of input.targets) {
    if (t.readError) {
      unreadable.push({ accountId: t.accountId, code: t.readError.code });
      continue;
    }
    if (t.role === null) missingRoles.add(t.accountId);
    const homeLinted = linted.filter((f) => f.rule === "assume-role-missing-target" && f.accountId === t.accountId);
    const own = (byAccount.get(t.accountId) ?? []).filter((f) => f.rule !== "assume-role-missing-target");
    accounts[t.accountId] = targetFindings(model, t, [...own, ...homeLinted]).map(mark);
  }
  // Extra actions that come only from the user's inline policies are told by user-inline-policy (name and removal).
  let homeLinted = linted;
  if (home.user && home.user.inlinePolicies.length > 0) {
    const withoutInline = lintAccess(model, { ...state, home: { ...home, user: { ...home.user, inlinePolicies: [] } } });
    if (!withoutInline.some((f) => f.rule === "read-roles-actions-extra")) homeLinted = linted.filter((f) => f.rule !== "read-roles-actions-extra");
  }
  const homeReport = homeFindings(model, home, input.accessKeyId, homeLinted, examined, missingRoles).map(mark);

  const beforeAccounts = Object.entries(input.previous.accounts).filter(([id]) => id in accounts);
  const before = driftLabels([...input.previous.home, ...beforeAccounts.flatMap(([, f]) => f)]);
  const after = driftLabels([...homeReport, ...Object.values(accounts).flat()]);
  return { home: homeReport, accounts, unreadable, before, after };
}

/**
 * The next scheduled run sees a pinpointed account as "role unreachable" again (the collector cannot
 * tell more). While that is all it sees, the stored pinpointed findings stay: they still explain the
 * refusal, and they carry the time they were read. Anything else the run finds replaces them.
 */
export function keepPinpointed(fresh: Finding[] | undefined, stored: string | null): Finding[] | undefined {
  if (!fresh || fresh.length !== 1 || fresh[0]?.rule !== "role-unreachable" || !stored) return fresh;
  const { pinpointed, stored: count } = parsePinpointedFindings(stored);
  return count > 0 && pinpointed.length === count ? pinpointed : fresh;
}

/**
 * Home findings of a scheduled run, with what only the administrator's read could see kept: an inline
 * policy on the collector stays reported (until a new pinpoint says it is gone) while the collector
 * cannot list inline policies itself; and the precise state of a refused key (deactivated or deleted)
 * stays while the run can only say "refused".
 */
export function keepPinpointedHome(fresh: Finding[], stored: string | null, options: { inlinePoliciesKnown: boolean }): Finding[] {
  const { pinpointed } = parsePinpointedFindings(stored);
  if (pinpointed.length === 0) return fresh;
  let out = fresh;
  const keyRules: string[] = ["access-key-inactive", "access-key-deleted"];
  const preciseKey = pinpointed.filter((f) => keyRules.includes(f.rule));
  if (preciseKey.length > 0 && out.some((f) => f.rule === "access-key-inactive")) out = [...out.filter((f) => f.rule !== "access-key-inactive"), ...preciseKey];
  if (!options.inlinePoliciesKnown) out = [...out, ...pinpointed.filter((f) => f.rule === "user-inline-policy")];
  return out;
}

/** A scheduled run's drift report with the still-applicable pinpointed findings kept (see keepPinpointed*). */
export function withPinpointed(report: DriftReport, stored: { home: string | null; accounts: { accountId: string; driftFindings: string | null }[] }, options: { inlinePoliciesKnown: boolean }): DriftReport {
  const home = keepPinpointedHome(report.home, stored.home, options);
  const accounts: Record<string, Finding[]> = { ...report.accounts };
  for (const row of stored.accounts) {
    const kept = keepPinpointed(accounts[row.accountId], row.driftFindings);
    if (kept) accounts[row.accountId] = kept;
  }
  const count = home.length + Object.values(accounts).reduce((n, f) => n + f.length, 0);
  return { home, accounts, count };
}
