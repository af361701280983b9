/**
 * Drift: what changed in AWS since the connection was saved, found by the scheduled re-verification
 * with only the collector's access (the portal keeps no administrator credentials). Pure: the inputs are
 * the connection test's result and what the collector could read about itself and probe as each role.
 *
 * What the collector can see, and so what is detected:
 * - its own managed policies (iam:GetPolicy/GetPolicyVersion are granted by the read-roles policy):
 *   a changed read-roles document (a wildcard added, an action added, a role ARN removed) via lintAccess;
 * - its own inline policies only when it is (wrongly) allowed to list them — a probe, see below;
 * - its access key: AWS refuses a deactivated or deleted key (InvalidClientTokenId);
 * - each role: AssumeRole refused (role deleted, trust changed, external ID changed — AWS gives one
 *   answer for all three), AssumeRole *accepted without* the external ID (the trust lost its condition),
 *   and calls the inventory policy does not grant that now succeed (a wildcard or another policy added).
 * Not visible without administrator access: an inline policy the collector may not list, and an
 * inventory-policy change that grants nothing the probes try. The manage page says so, and its
 * "Pinpoint with administrator access" (pinpoint-drift.ts, pinpoint-findings.ts) reads them and
 * replaces these findings with precise ones.
 */
import type { AccessModel, Finding, ObservedHome, ObservedState } from "@/lib/model/types";
import { awsCommand } from "@/lib/artefacts/quote";
import { lintAccess, idealObservedState } from "@/lib/lint";
import { roleArn } from "@/lib/policies";
import { HOME_LINT_RULES, driftFinding } from "./rules";

/** A check of the connection test, reduced to what drift needs (lib/aws ConnectionCheck is compatible). */
export interface DriftCheck {
  check: string;
  status: "passed" | "failed" | "skipped";
  code?: string;
  subject?: string;
  region?: string;
  cause?: string;
  fix?: string;
  procedureStep?: number;
}

export interface DriftTestResult {
  checks: DriftCheck[];
  accounts: { accountId: string; roleArn: string; status: "passed" | "failed" | "skipped"; checks: DriftCheck[] }[];
  missingAccounts: string[];
}

/** What the collector read about itself and found by probing as each role. */
export interface CollectorObservation {
  /** null when the collector could not read its user (then the test's failure explains why). */
  home: ObservedHome | null;
  /** Whether `home.user.inlinePolicies` is real (the collector could list them) or unknown (empty). */
  inlinePoliciesKnown: boolean;
  targets: Record<string, { extraActions: string[]; assumedWithoutExternalId: boolean }>;
}

export interface DriftInput {
  model: AccessModel;
  accessKeyId: string;
  test: DriftTestResult;
  collector: CollectorObservation;
}

export interface DriftReport {
  /** Home-account drift (collector user, read-roles policies, access key). */
  home: Finding[];
  /** Per target account (only accounts with drift appear). */
  accounts: Record<string, Finding[]>;
  count: number;
}

/** Rules whose finding belongs on the target account's row (its role is unreachable for the beacon). */
const PER_ACCOUNT_LINT_RULES = new Set(["assume-role-missing-target"]);

const REFUSED_KEY_CODES = new Set(["InvalidClientTokenId", "UnrecognizedClientException"]);

export function detectDrift(input: DriftInput): DriftReport {
  const { model, test, collector } = input;
  const home: Finding[] = [];
  const accounts: Record<string, Finding[]> = {};
  const addAccount = (f: Finding) => {
    const id = f.accountId ?? "";
    (accounts[id] ??= []).push(f);
  };

  const getUser = test.checks.find((c) => c.check === "iam:GetUser");
  if (getUser?.status === "failed") {
    if (REFUSED_KEY_CODES.has(getUser.code ?? "")) {
      home.push(
        driftFinding("access-key-inactive", {
          accountId: model.homeAccountId,
          message: `AWS no longer accepts the collector's access key ${input.accessKeyId}: it was deactivated or deleted. The beacon collects nothing until it has a working key.`,
          fix: `Reactivate the key (IAM > Users > ${model.names.user} > Security credentials > Activate), or rotate it from this connection's Manage page and give the beacon the new details.`,
        }),
      );
    } else if (getUser.code === "SignatureDoesNotMatch") {
      home.push(
        driftFinding("access-key-inactive", {
          accountId: model.homeAccountId,
          message: `AWS refused the signature made with the stored secret of access key ${input.accessKeyId}: the stored secret does not belong to this key any more.`,
          fix: "Rotate the access key from this connection's Manage page (a new key and secret are created, tested and stored).",
        }),
      );
    } else {
      home.push(
        driftFinding("collector-unreadable", {
          accountId: model.homeAccountId,
          message: getUser.cause ?? `The collector could not read its own user (${getUser.code ?? "error"}).`,
          fix: getUser.fix ?? `Attach the read-roles policy ${model.names.readRolesPolicy} to ${model.names.user} (step 6.5).`,
        }, { step: getUser.procedureStep ?? 3 }),
      );
    }
  }

  if (collector.home) {
    // Targets as a perfect rollout leaves them: the home rules' cross-checks (unknown role ARNs) then
    // judge the policies against the model, and target rules stay silent (they are checked below).
    const state: ObservedState = { home: collector.home, targets: idealObservedState(model).targets };
    for (const f of lintAccess(model, state)) {
      if (!HOME_LINT_RULES.has(f.rule)) continue;
      if (f.rule === "policy-outdated" && f.step !== 3) continue;
      if (PER_ACCOUNT_LINT_RULES.has(f.rule) && f.accountId && model.targetAccountIds.includes(f.accountId)) addAccount(f);
      else home.push(f);
    }
    if (collector.inlinePoliciesKnown && collector.home.user) {
      for (const p of collector.home.user.inlinePolicies) {
        home.push(
          driftFinding("user-inline-policy", {
            accountId: model.homeAccountId,
            message: `The collector user ${collector.home.user.name} has an inline policy "${p.name}" that the portal did not create. The beacon ignores inline policies (step 6.5), and this one gives the user permissions the procedure does not (the collector could even list it).`,
            fix: `Only the managed read-roles policy belongs on this user. Delete it: ${awsCommand("iam", "delete-user-policy", "--user-name", collector.home.user.name, "--policy-name", p.name)}`,
          }),
        );
      }
    }
  }

  for (const a of test.accounts) {
    const assume = a.checks.find((c) => c.check === "sts:AssumeRole");
    if (assume?.status === "failed") {
      addAccount(
        driftFinding("role-unreachable", {
          accountId: a.accountId,
          message: `The collector can no longer assume ${a.roleArn}${assume.code ? ` (${assume.code})` : ""}: the role was deleted, its trust policy no longer trusts the home account ${model.homeAccountId}, or it now requires a different external ID.`,
          fix: `Restore the role ${model.names.role} in account ${a.accountId}: trusted entity "Another AWS account" ${model.homeAccountId}${model.externalId ? " with Require external ID set to the connection's external ID" : ""}, with ${model.names.inventoryPolicy} attached (step 4). Or use Repair on the connection's Manage page (Drift), which puts the role back with the rollout; Pinpoint there first tells which of the three it is.`,
        }),
      );
      continue;
    }
    const lost = a.checks.filter((c) => c.status === "failed");
    if (lost.length > 0) {
      const first = lost[0] as DriftCheck;
      addAccount(
        driftFinding("inventory-access-lost", {
          accountId: a.accountId,
          message: `The role may no longer call ${[...new Set(lost.map((c) => c.check))].join(", ")}${first.region ? ` (e.g. in ${first.region})` : ""}. ${first.cause ?? ""}`.trim(),
          fix: first.fix ?? `Re-attach ${model.names.inventoryPolicy} to ${model.names.role} and restore its statements (step 2).`,
        }, { step: first.procedureStep ?? 2 }),
      );
    }
    const probe = collector.targets[a.accountId];
    if (probe?.assumedWithoutExternalId && model.externalId) {
      addAccount(
        driftFinding("external-id-not-required", {
          accountId: a.accountId,
          message: `The role ${a.roleArn} can now be assumed without the external ID: its trust policy changed and lost the sts:ExternalId condition.`,
          fix: `Edit the role's trust relationship and tick Require external ID with the connection's external ID (step 4.5), for example by removing the account and adding it again from Manage.`,
        }),
      );
    }
    if (probe && probe.extraActions.length > 0) {
      addAccount(
        driftFinding("inventory-permissions-extra", {
          accountId: a.accountId,
          message: `The inventory role may now call ${probe.extraActions.join(", ")}, which ${model.names.inventoryPolicy} does not grant: a wildcard was added to the policy, or another policy was attached to the role.`,
          fix: `Restore ${model.names.inventoryPolicy} to the portal's document (only the EC2, IAM ListAccountAliases and RDS read actions of step 2), set it as the default version, and detach any other policy from ${model.names.role}.`,
        }),
      );
    }
  }

  const count = home.length + Object.values(accounts).reduce((n, f) => n + f.length, 0);
  return { home, accounts, count };
}

/** The exact role ARN of a target account (re-exported for the collector probes). */
export function expectedRoleArn(model: AccessModel, accountId: string): string {
  return roleArn(model, accountId);
}
