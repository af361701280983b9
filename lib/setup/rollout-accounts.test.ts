import { describe, expect, it } from "vitest";
import { accountStatusFromSteps, doneByPortal, mergedSummary, mergeRolloutAccounts, progressLine, retryScope, setupStatusAfterRun, type TargetState } from "./rollout-accounts";

const HOME = "111111111111";

function target(accountId: string, setupStatus: TargetState["setupStatus"], accessMethod: TargetState["accessMethod"] = "assume", setupError: string | null = null): TargetState {
  return { accountId, accessMethod, setupStatus, setupError };
}

describe("accountStatusFromSteps", () => {
  it("is failed when a step failed, running while steps wait in an active run, skipped when every step was skipped", () => {
    expect(accountStatusFromSteps(["done", "failed", "skipped"], false)).toBe("failed");
    expect(accountStatusFromSteps(["done", "running", "waiting"], true)).toBe("running");
    // A run that ended with steps still waiting did not finish them (interrupted).
    expect(accountStatusFromSteps(["done", "waiting"], false)).toBe("failed");
    expect(accountStatusFromSteps(["skipped", "skipped", "skipped", "skipped"], false)).toBe("skipped");
    expect(accountStatusFromSteps(["done", "done", "done", "skipped"], false)).toBe("done");
  });
});

describe("retryScope", () => {
  it("retries the portal's accounts that are not done (failed or never run), never done ones or those set up by hand", () => {
    const targets = [target("444444444444", "failed"), target("222222222222", "done"), target("333333333333", "pending"), target("555555555555", "pending", "manual"), target("666666666666", "failed", "manual")];
    expect(retryScope(targets)).toEqual(["333333333333", "444444444444"]);
    expect(retryScope([target("222222222222", "done")])).toEqual([]);
  });
  it("leaves alone the portal's accounts that are done, and counts no account set up by hand among them", () => {
    const targets = [target("444444444444", "failed"), target("222222222222", "done"), target("555555555555", "done", "manual")];
    expect(doneByPortal(targets)).toEqual(["222222222222"]);
  });
});

describe("mergeRolloutAccounts", () => {
  it("a retry: the retried account shows the run's status, the others keep the status of the earlier run", () => {
    const targets = [target("222222222222", "done"), target("333333333333", "done"), target("444444444444", "failed", "assume", "AccessDenied. Fix it.")];
    const live = mergeRolloutAccounts({ homeAccountId: HOME, targets, home: "running", inRun: new Map([["444444444444", "running"]]) });
    expect(live.accounts.map((a) => [a.accountId, a.source, a.status])).toEqual([
      [HOME, "run", "running"],
      ["222222222222", "earlier", "done"],
      ["333333333333", "earlier", "done"],
      ["444444444444", "run", "running"],
    ]);
    expect(live.counts.portal).toEqual({ total: 4, done: 2, failed: 0, running: 2, pending: 0, fromEarlierRun: 2 });

    const finished = mergeRolloutAccounts({ homeAccountId: HOME, targets, home: "done", inRun: new Map([["444444444444", "done"]]) });
    expect(finished.counts.portal).toMatchObject({ total: 4, done: 4, failed: 0, fromEarlierRun: 2 });
    expect(mergedSummary({ counts: finished.counts, changed: 1, nothingChanged: false })).toBe("4 accounts: 1 changed, 1 unchanged, 2 done in the previous run, 0 failed.");
    expect(progressLine(finished.counts)).toBe("4 of 4 set up by the portal");
  });

  it("an earlier failure outside the run keeps its cause; an account added since is not set up yet", () => {
    const merged = mergeRolloutAccounts({
      homeAccountId: HOME,
      targets: [target("222222222222", "failed", "assume", "Cause. Fix."), target("333333333333", "pending")],
      home: "done",
      inRun: new Map(),
    });
    expect(merged.accounts.slice(1)).toEqual([
      { accountId: "222222222222", kind: "target", source: "earlier", status: "failed", error: "Cause. Fix." },
      { accountId: "333333333333", kind: "target", source: "earlier", status: "pending", error: null },
    ]);
    expect(merged.counts.portal).toMatchObject({ done: 1, failed: 1, pending: 1, fromEarlierRun: 0 });
    expect(mergedSummary({ counts: merged.counts, changed: 0, nothingChanged: true })).toBe("3 accounts: 0 changed, 1 unchanged, 1 failed, 1 not set up yet.");
  });

  it("accounts set up by hand count by their own Verify, whatever the run did (it skipped them)", () => {
    const targets = [target("222222222222", "pending"), target("333333333333", "pending"), target("444444444444", "pending", "manual")];
    const inRun = new Map([
      ["222222222222", "done"],
      ["333333333333", "done"],
      ["444444444444", "skipped"],
    ] as const);
    const waiting = mergeRolloutAccounts({ homeAccountId: HOME, targets, home: "done", inRun });
    expect(waiting.accounts.find((a) => a.accountId === "444444444444")).toMatchObject({ source: "by-hand", status: "pending" });
    expect(waiting.counts).toEqual({ portal: { total: 3, done: 3, failed: 0, running: 0, pending: 0, fromEarlierRun: 0 }, byHand: { total: 1, verified: 0, failed: 0, waiting: 1 } });
    expect(progressLine(waiting.counts)).toBe("3 of 3 set up by the portal, 1 by you: waiting for Verify");
    expect(mergedSummary({ counts: waiting.counts, changed: 3, nothingChanged: false })).toBe("4 accounts: 3 changed, 0 unchanged, 0 failed; 1 set up by you (0 verified, 1 waiting for Verify).");

    const verified = mergeRolloutAccounts({ homeAccountId: HOME, targets: [...targets.slice(0, 2), target("444444444444", "done", "manual")], home: "done", inRun });
    expect(progressLine(verified.counts)).toBe("3 of 3 set up by the portal, 1 by you: verified");
    expect(mergedSummary({ counts: verified.counts, changed: 0, nothingChanged: true })).toBe("Nothing changed: all 3 account(s) the portal sets up were already as intended; 1 set up by you (verified).");

    const failed = mergeRolloutAccounts({ homeAccountId: HOME, targets: [...targets.slice(0, 2), target("444444444444", "failed", "manual", "Role missing.")], home: "done", inRun });
    expect(failed.accounts.at(-1)).toMatchObject({ source: "by-hand", status: "failed", error: "Role missing." });
    expect(progressLine(failed.counts)).toBe("3 of 3 set up by the portal, 1 by you: 1 failed Verify");
  });
});

describe("an account an aborted rollout never started", () => {
  it("is stored as not set up yet, never done, so Retry failed runs it (issue #14)", () => {
    expect(setupStatusAfterRun("not-started")).toBe("pending");
    expect(setupStatusAfterRun("done")).toBe("done");
    expect(setupStatusAfterRun("failed")).toBe("failed");
    expect(retryScope([target("222222222222", "done"), target("333333333333", setupStatusAfterRun("not-started"))])).toEqual(["333333333333"]);
  });
});

describe("an account whose steps an interruption closed (issue #14)", () => {
  it("is not done: a step closed as interrupted never finished", () => {
    expect(accountStatusFromSteps(["done", "interrupted"], false)).toBe("failed");
    expect(accountStatusFromSteps(["interrupted", "interrupted"], false)).toBe("failed");
  });
});
