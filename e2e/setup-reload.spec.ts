/**
 * A reload (and a second browser) in the middle of a rollout shows the same live state: the run lives
 * in the server and the database, not in the page. The sandbox adds latency so the run lasts a while.
 */
import { expect, test } from "@playwright/test";
import { clearFaults, setFaults } from "./support/sandbox";
import { automatedDraft, openStep, showPlan } from "./support/setup-wizard";
import { signInAsAdmin } from "./support/users";
import { keepScreenshot } from "./support/layout";

test("a reload mid-run shows the same live state, and the run finishes", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const id = await automatedDraft(page, "222222222222 333333333333");
  await showPlan(page);

  try {
    // Every IAM call now takes 3 s: after an account is reached its policy and role still need several IAM
    // calls in a row (15 s or more), so the rollout outlasts a reload even on a 2-core machine running the
    // other database's browser tests (1.5 s was not enough there: a reload took over 6 s).
    await setFaults({ latency: [{ service: "iam", latencyMs: 3000 }] });
    await page.getByTestId("run-rollout").click();
    await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "running");
    await expect(page.getByTestId("rollout-222222222222-reach-account")).toHaveAttribute("data-status", "done", { timeout: 20_000 });

    await page.reload();
    await openStep(page, 5);
    await expect(page.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "running");
    await expect(page.getByTestId("rollout-222222222222-reach-account")).toHaveAttribute("data-status", "done");
    await expect(page.getByTestId("step-5-status")).toHaveText("Running");
    await keepScreenshot(page, "setup-05-running-after-reload-1280.png");

    // Another admin's browser sees the same run.
    const other = await browser.newPage();
    await signInAsAdmin(other, `/connections/${id}/setup`);
    await openStep(other, 5);
    await expect(other.getByTestId("rollout-222222222222-reach-account")).toHaveAttribute("data-status", "done");

    for (const p of [page, other]) await expect(p.getByTestId("rollout-status")).toHaveAttribute("data-run-status", "succeeded", { timeout: 90_000 });
    await expect(page.getByTestId("run-progress-count")).toHaveText("3 of 3 accounts");
    await other.close();
  } finally {
    await clearFaults();
  }
});
