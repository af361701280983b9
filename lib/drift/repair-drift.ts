import "server-only";
import { recordAudit } from "@/lib/audit";
import type { StaticCredentials } from "@/lib/aws/clients";
import { describePlanNote, type PlanNote } from "@/lib/aws/operations/plan-notes";
import { planRollout, runRollout, type AccountPlan } from "@/lib/aws/rollout";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { awsCommand } from "@/lib/artefacts/quote";
import type { Finding } from "@/lib/model/types";
import { startRun } from "@/lib/runs";
import { clientsFor } from "@/lib/connections/aws-access";
import { loadSavedConnection, rolloutAccess } from "@/lib/connections/admin-access";
import { storeAccountTests, testAsBeacon } from "@/lib/connections/test-as-beacon";
import { affectedAccounts } from "./affected-accounts";
import { driftColumns, driftLabels } from "./drift-columns";
import { parseFindings } from "./parse-findings";
import { repairedByRollout } from "./rules";
import { saveDriftFindings } from "./save-drift-findings";

import { DRIFT_RUN_KINDS } from "./run-kinds";

export const REPAIR_RUN_KIND = DRIFT_RUN_KINDS.repair;

export interface RepairInput {
  connectionId: string;
  /** Target accounts to repair; empty: every affected account (failing or with drift) that can be reached. */
  accountIds: string[];
}

export interface RepairPlan {
  /** Target accounts the rollout will process (the home account always is). */
  repair: string[];
  /** Accounts that need a repair but that Repair cannot reach, and why. */
  unreachable: { accountId: string; reason: string }[];
  /** What the rollout will create or update, per account (home first). */
  accounts: AccountPlan[];
  /** What stays as it is after the repair, with what to do by hand. */
  notChanged: { accountId: string; what: string; byHand: string }[];
  notes: string[];
}

interface Scope {
  connection: Awaited<ReturnType<typeof loadSavedConnection>>;
  repair: string[];
  unreachable: RepairPlan["unreachable"];
  homeFindings: Finding[];
  accountFindings: Record<string, Finding[]>;
}

function reasonFor(accessMethod: string): string {
  return accessMethod === "manual"
    ? "set up by hand: the portal does not sign in to it. Apply the fix shown with its findings in that account, then run the schedule (or Pinpoint) to check."
    : "reached with its own credentials, which the portal does not keep. Sign in to that account and apply the fix shown with its findings, or run the rollout from the guided setup with its credentials.";
}

/** Which accounts a repair covers: the asked ones (or every affected one), split into reachable and not. */
async function scopeOf(input: RepairInput): Promise<Scope> {
  const connection = await loadSavedConnection(input.connectionId);
  const { model } = connection;
  const db = getDb();
  const [row, rows] = await Promise.all([
    db.connection.findUniqueOrThrow({ where: { id: input.connectionId }, select: { driftFindings: true } }),
    db.targetAccount.findMany({ where: { connectionId: input.connectionId }, select: { accountId: true, accessMethod: true, lastTestStatus: true, driftFindings: true }, orderBy: { accountId: "asc" } }),
  ]);
  const asked = [...new Set(input.accountIds)];
  const unknown = asked.filter((id) => !model.targetAccountIds.includes(id));
  if (unknown.length) throw new AppError("VALIDATION", `Account(s) ${unknown.join(", ")} are not target accounts of this connection.`);
  const affected = affectedAccounts(rows, model.targetAccountIds);
  const chosen = asked.length ? rows.filter((r) => asked.includes(r.accountId)) : affected;
  const homeFindings = parseFindings(row.driftFindings);
  if (chosen.length === 0 && homeFindings.length === 0) throw new AppError("CONFLICT", "Nothing to repair: no account fails the latest test or has drift, and the home account has no drift.");
  const repair: string[] = [];
  const unreachable: RepairPlan["unreachable"] = [];
  for (const r of chosen) {
    if (r.accessMethod === "assume") repair.push(r.accountId);
    else unreachable.push({ accountId: r.accountId, reason: reasonFor(r.accessMethod) });
  }
  const accountFindings = Object.fromEntries(chosen.map((r) => [r.accountId, parseFindings(r.driftFindings)]));
  return { connection, repair, unreachable, homeFindings, accountFindings };
}

/**
 * The rollout's own "left alone" notes, turned into what to do by hand (unless a finding says it already),
 * from the note's fields. The ARN and names come from AWS: every one is shell-quoted in the command.
 */
export function noteByHand(plan: AccountPlan, note: PlanNote): string {
  switch (note.kind) {
    case "role-policy-attached":
      return `In account ${plan.accountId}: ${awsCommand("iam", "detach-role-policy", "--role-name", note.roleName, "--policy-arn", note.policyArn)}`;
    case "user-policy-attached":
      return awsCommand("iam", "detach-user-policy", "--user-name", note.userName, "--policy-arn", note.policyArn);
    case "user-inline-policy":
      return awsCommand("iam", "delete-user-policy", "--user-name", note.userName, "--policy-name", note.policyName);
    default:
      return "Change it by hand if it should not be there.";
  }
}

/** The policy a note names, as a finding about it would (its ARN, or the inline policy's quoted name). */
function policyNamedBy(note: PlanNote): string | undefined {
  if (note.kind === "role-policy-attached" || note.kind === "user-policy-attached") return note.policyArn;
  if (note.kind === "user-inline-policy") return `"${note.policyName}"`;
  return undefined;
}

function notChangedOf(scope: Scope, accounts: AccountPlan[]): RepairPlan["notChanged"] {
  const { model } = scope.connection;
  const out: RepairPlan["notChanged"] = [];
  const kept = [...scope.homeFindings.map((f) => ({ ...f, accountId: f.accountId ?? model.homeAccountId })), ...Object.values(scope.accountFindings).flat()].filter((f) => !repairedByRollout(f.rule));
  for (const f of kept) out.push({ accountId: f.accountId ?? model.homeAccountId, what: f.message, byHand: f.fix });
  for (const plan of accounts) {
    if (plan.manual) continue;
    for (const note of plan.planNotes) {
      // A pinpointed finding names the same policy with its command already.
      const policy = policyNamedBy(note);
      if (policy !== undefined && kept.some((f) => f.message.includes(policy))) continue;
      out.push({ accountId: plan.accountId, what: describePlanNote(note), byHand: noteByHand(plan, note) });
    }
  }
  return out;
}

/**
 * Read-only: what "Repair" would change — the rollout's plan for the home account and the chosen
 * accounts only — and, plainly, what it leaves for the administrator to do by hand.
 */
export async function planDriftRepair(input: RepairInput, admin: StaticCredentials): Promise<RepairPlan> {
  const scope = await scopeOf(input);
  const { model } = scope.connection;
  const home = clientsFor(admin);
  try {
    const access = rolloutAccess(home, scope.connection.targets, scope.repair);
    const { accounts } = await planRollout(model, access, { only: scope.repair });
    return {
      repair: scope.repair,
      unreachable: scope.unreachable,
      accounts,
      notChanged: notChangedOf(scope, accounts),
      notes: [
        "Repair runs the same rollout as the guided setup (step 5) for these accounts only, with your administrator credentials; the other accounts are not touched. The home account's read-roles policy and collector user are always checked.",
        "Then the beacon's connection test runs with the stored collector key for every account; an account's findings are cleared when it passes.",
      ],
    };
  } finally {
    home.destroy();
  }
}

/**
 * Repairs drift as a run: the rollout for the chosen accounts (and the home account), then the
 * connection test with the collector's key; accounts that pass lose the findings the rollout put right.
 */
export async function startDriftRepair(input: RepairInput & { userId: string; actor: { id: string; email: string }; ip: string | null }, admin: StaticCredentials): Promise<{ runId: string }> {
  const scope = await scopeOf(input);
  const { model } = scope.connection;
  if (scope.repair.length === 0 && scope.homeFindings.length === 0) {
    throw new AppError("VALIDATION", "Repair cannot reach these accounts.", { hint: scope.unreachable.map((u) => `${u.accountId}: ${u.reason}`).join(" ") });
  }
  // Refuses before the run starts when an account's access method changed meanwhile.
  rolloutAccess(clientsFor(admin), scope.connection.targets, scope.repair).home.destroy();
  return startRun({ kind: REPAIR_RUN_KIND, connectionId: input.connectionId, createdById: input.userId, total: model.targetAccountIds.length }, async (ctx) => {
    const home = clientsFor(admin);
    try {
      ctx.emit({ step: "plan", status: "done", message: `Repairing ${scope.repair.length ? scope.repair.join(", ") : "the home account only"}` });
      for (const u of scope.unreachable) ctx.emit({ accountId: u.accountId, step: "repair", status: "skipped", message: `Not repaired: ${u.reason}` });
      const rollout = await runRollout(model, rolloutAccess(home, scope.connection.targets, scope.repair), {
        only: scope.repair,
        onEvent: (e) => ctx.emit({ accountId: e.accountId, step: e.step, status: e.status, message: e.message, outcome: e.outcome, arn: e.arn, details: e.error ? { code: e.error.awsCode, fix: e.error.fix } : undefined }),
        propagation: { windowMs: 120_000 },
      });
      const test = await testAsBeacon(input.connectionId, model, ctx);
      const passed = new Set(test.accounts.filter((a) => a.status === "passed").map((a) => a.accountId));
      const failing = [...test.accounts.filter((a) => a.status !== "passed").map((a) => a.accountId), ...test.missingAccounts];
      ctx.progress({ completed: passed.size, failed: failing.length });
      const repaired = scope.repair.filter((id) => passed.has(id) && !rollout.failedAccounts.includes(id));
      const homeRepaired = !rollout.failedAccounts.includes(model.homeAccountId);
      ctx.emit({ step: "connection-test", status: failing.length ? "failed" : "done", message: failing.length ? `Test connection failed for ${failing.join(", ")}` : "Test connection succeeded" });

      const now = new Date();
      const keep = (findings: Finding[]) => findings.filter((f) => !repairedByRollout(f.rule));
      const homeAfter = homeRepaired ? keep(scope.homeFindings) : scope.homeFindings;
      const db = getDb();
      await db.$transaction(async (tx) => {
        await tx.connection.update({ where: { id: input.connectionId }, data: { lastTestStatus: failing.length ? "failed" : "passed", lastTestAt: now, ...driftColumns(homeAfter, now) } });
        await storeAccountTests(tx, input.connectionId, test.accounts, now);
        await saveDriftFindings(tx, { connectionId: input.connectionId, accounts: Object.fromEntries(repaired.map((accountId) => [accountId, keep(scope.accountFindings[accountId] ?? [])])), at: now });
        await recordAudit(
          {
            action: "connection.repair",
            actor: input.actor,
            ip: input.ip,
            entityType: "Connection",
            entityId: input.connectionId,
            before: { drift: driftLabels([...scope.homeFindings, ...Object.values(scope.accountFindings).flat()]) },
            after: { repaired, failing, notReached: scope.unreachable.map((u) => u.accountId), rollout: rollout.summary, runId: ctx.runId },
          },
          { db: tx },
        );
      });
      const status = failing.length === 0 && rollout.failedAccounts.length === 0 && scope.unreachable.length === 0 ? "succeeded" : repaired.length || homeRepaired ? "partial" : "failed";
      const error = status === "succeeded" ? undefined : [rollout.failedAccounts.length ? `The rollout failed for ${rollout.failedAccounts.join(", ")}; correct the cause shown below and repair again (it is idempotent).` : "", failing.length ? `Test connection still fails for ${failing.join(", ")}.` : "", scope.unreachable.length ? `Not reached: ${scope.unreachable.map((u) => u.accountId).join(", ")}.` : ""].filter(Boolean).join(" ");
      return { status, result: { repaired, failing, notReached: scope.unreachable.map((u) => u.accountId), rollout: rollout.summary }, error };
    } finally {
      home.destroy();
    }
  });
}
