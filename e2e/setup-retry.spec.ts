/**
 * "Retry failed" retries only the failed account: one target fails (a sandbox fault on CreateRole), the
 * run is partial with a retry button; with the fault cleared, the retry calls nothing in the accounts
 * already done (sandbox request log), and step 5 shows every account, merged over both runs, also after
 * a reload.
 */
import { expect, test } from "@playwright/test";
import { query } from "./support/db";
import { clearFaults, clearSandboxRequests, sandboxRequests, setFaults } from "./support/sandbox";
import { automatedDraft, openStep, showPlan } from "./support/setup-wizard";
import { checkLayout } from "./support/layout";

const HOME = "111111111111";
const FAILING = "333333333333";
const DONE = ["222222222222", "444444444444"];

test("retry failed: only the failed account runs; the view merges both runs", async ({ page }) => {
  test.setTimeout(240_000);
  const id = await automatedDraft(page, "222222222222 333333333333 444444444444");
  await showPlan(page);

  // One account fails: AWS refuses CreateRole there (once).
  await setFaults({ script: [{ action: "iam:CreateRole", nth: 1, accountId: FAILING, error: { code: "AccessDenied", message: "Refused by a test fault", status: 403 } }] });
  try {
    await page.getByTestId("run-rollout").click();
    await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "partial", { timeout: 60_000 });
  } finally {
    await clearFaults();
  }
  await expect(page.getByTestId(`rollout-${FAILING}-role`)).toHaveAttribute("data-status", "failed");
  for (const t of DONE) await expect(page.getByTestId(`rollout-${t}-role`)).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("retry-failed")).toBeEnabled();
  await expect(page.getByTestId("retry-scope")).toContainText("the 1 account(s) not done yet");
  await expect(page.getByTestId("step-5-status")).toHaveText("Failed");
  await checkLayout(page, "setup-retry-05-partial", [5]);
  const firstRun = query<{ id: string }>(`SELECT "id" FROM "Run" WHERE "connectionId" = ? AND "kind" = 'rollout'`, id);
  expect(firstRun).toHaveLength(1);

  // Retry: only the home account and the failed one run.
  await clearSandboxRequests();
  await page.getByTestId("retry-failed").click();
  await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "succeeded", { timeout: 60_000 });
  for (const t of DONE) expect((await sandboxRequests({ accountId: t })).count, `calls in ${t} during the retry`).toBe(0);
  expect((await sandboxRequests({ accountId: FAILING, action: "CreateRole" })).count).toBe(1);
  // AssumeRole is logged in the caller's (home) account: one to reach the failed account, one to confirm its new role.
  expect((await sandboxRequests({ action: "AssumeRole" })).count).toBeLessThanOrEqual(2);
  const runs = query<{ id: string; result: string }>(`SELECT "id", "result" FROM "Run" WHERE "connectionId" = ? AND "kind" = 'rollout' ORDER BY "createdAt"`, id);
  expect(runs).toHaveLength(2);
  const retryId = runs[1]!.id;
  const eventAccounts = query<{ accountId: string }>(`SELECT DISTINCT "accountId" FROM "RunEvent" WHERE "runId" = ? ORDER BY 1`, retryId).map((r) => r.accountId);
  expect(eventAccounts).toEqual([HOME, FAILING]);
  expect(JSON.parse(runs[1]!.result)).toMatchObject({ retryOf: firstRun[0]!.id, only: [FAILING], failedAccounts: [] });

  // The merged view: every account, the others "done in the previous run"; the summary counts all four.
  const assertMerged = async () => {
    await expect(page.getByTestId(`rollout-${FAILING}-role`)).toHaveAttribute("data-status", "done");
    for (const t of DONE) {
      await expect(page.getByTestId(`rollout-account-${t}`)).toHaveAttribute("data-source", "earlier");
      await expect(page.getByTestId(`rollout-account-${t}-badge`)).toHaveText("done in the previous run");
    }
    await expect(page.getByTestId("run-progress-count")).toHaveText("4 of 4 set up by the portal");
    await expect(page.getByTestId("rollout-summary")).toContainText("4 accounts: 1 changed, 1 unchanged, 2 done in the previous run, 0 failed");
    await expect(page.getByTestId("rollout-retry-note")).toContainText("the home account and 1 target account(s); the other 2 keep their status");
    await expect(page.getByTestId("step-5-status")).toHaveText("Done");
    // Step 4's card lists every account as well, not only the one the retry ran.
    for (const t of DONE) await expect(page.getByTestId(`step-results-role-${t}`)).toContainText("done in the previous run");
  };
  await assertMerged();
  await checkLayout(page, "setup-retry-05-merged", [5]);
  await page.reload();
  await openStep(page, 5);
  await assertMerged();
  expect(query<{ setupStatus: string }>(`SELECT "setupStatus" FROM "TargetAccount" WHERE "connectionId" = ?`, id).every((r) => r.setupStatus === "done")).toBe(true);
});
