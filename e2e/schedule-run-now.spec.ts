/**
 * "Run now" on the schedule page, followed live: the run's progress (connections tested so far, status)
 * and its events appear while it runs, the page refreshes when it ends and lists it under past runs.
 * Twice in a row on the same page: the second run's events must all appear from its first one (the
 * live view must not carry the first run's position in the event stream over to the second).
 */
import { expect, test, type Page } from "@playwright/test";
import { query } from "./support/db";
import { clearFaults, setFaults } from "./support/sandbox";
import { saveConnection } from "./support/saved-connection";
import { seedConnection } from "./support/seed";
import { signInAsAdmin } from "./support/users";
import { checkLayout } from "./support/layout";

const TERMINAL = /^(succeeded|partial|failed)$/;

async function runNowAndFollow(page: Page, previousRunId: string | null, saved: number, names: string[], options: { seeRunning: boolean }): Promise<{ runId: string; tickId: string }> {
  await expect(page.getByTestId("run-now")).toBeEnabled();
  await page.getByTestId("run-now").click();
  const progress = page.getByTestId("run-now-progress");
  if (previousRunId) await expect(progress).not.toHaveAttribute("data-run-id", previousRunId);
  await expect(progress).toHaveAttribute("data-run-id", /.+/);
  const runId = (await progress.getAttribute("data-run-id"))!;
  const events = progress.getByTestId("run-now-event");
  if (options.seeRunning) {
    // Live: the run is still going while its first event and its progress are shown.
    await expect(progress).toHaveAttribute("data-status", "running");
    await expect(events.first()).toHaveText(`[running] Testing ${saved} saved connection(s)`);
    await expect(progress.getByTestId("run-now-count")).toHaveText(new RegExp(`^\\d+ of ${saved} connection\\(s\\) tested$`));
  }
  await expect(progress).toHaveAttribute("data-status", TERMINAL, { timeout: 90_000 });
  await expect(progress.getByTestId("run-now-count")).toHaveText(`${saved} of ${saved} connection(s) tested`);
  // Every event of this run, from its first: the start, one per connection, the end.
  await expect(events).toHaveCount(saved + 2);
  await expect(events.first()).toHaveText(`[running] Testing ${saved} saved connection(s)`);
  await expect(events.last()).toContainText(`Tested ${saved} connection(s)`);
  for (const name of names) await expect(progress.locator(`[data-testid="run-now-event"][data-step="connection"]`, { hasText: `${name}: passed` })).toHaveCount(1);
  await expect(progress).toHaveAttribute("data-tick-id", /.+/);
  return { runId, tickId: (await progress.getAttribute("data-tick-id"))! };
}

test("Run now twice on one page: each run followed live from its first event, both listed as past runs", async ({ page }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const names = [`Run now A ${stamp}`, `Run now B ${stamp}`];
  for (const [i, name] of names.entries()) {
    const seeded = seedConnection({ storeSecret: true, externalId: `e2e-run-now-external-id-${i}0`, targets: ["222222222222"], connectionName: name });
    saveConnection(seeded.connectionId);
  }
  const saved = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Connection" WHERE status = 'saved'`)[0]!.n;

  await signInAsAdmin(page, "/schedule");
  const first = await runNowAndFollow(page, null, saved, names, { seeRunning: false });

  // Slower AWS for the second run, so its live state can be seen before it ends.
  await setFaults({ latencyMs: 250 });
  let second;
  try {
    second = await runNowAndFollow(page, first.runId, saved, names, { seeRunning: true });
  } finally {
    await clearFaults();
  }
  expect(second.tickId).not.toBe(first.tickId);

  // The page refreshed itself when each run ended: both are past runs, started with Run now.
  const rows = page.getByTestId("schedule-runs").getByTestId("schedule-run-row");
  for (const tickId of [first.tickId, second.tickId]) {
    const row = rows.and(page.locator(`[data-tick-id="${tickId}"]`));
    await expect(row).toHaveAttribute("data-trigger", "manual");
    await expect(row).toHaveAttribute("data-status", TERMINAL);
  }
  await expect(rows.first()).toHaveAttribute("data-tick-id", second.tickId);
  await checkLayout(page, "schedule-run-now", page.getByTestId("run-now-progress"));
});

test("a Run now still going is followed live after a reload, and Run now stays disabled until it ends", async ({ page }) => {
  test.setTimeout(180_000);
  const name = `Run now reload ${Date.now()}`;
  const seeded = seedConnection({ storeSecret: true, externalId: "e2e-run-now-reload-external-id-0", targets: ["222222222222"], connectionName: name });
  saveConnection(seeded.connectionId);
  const saved = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Connection" WHERE status = 'saved'`)[0]!.n;

  await signInAsAdmin(page, "/schedule");
  // Slow AWS, so the run is still going when the page is reloaded.
  await setFaults({ latencyMs: 400 });
  try {
    await expect(page.getByTestId("run-now")).toBeEnabled();
    await page.getByTestId("run-now").click();
    const progress = page.getByTestId("run-now-progress");
    await expect(progress).toHaveAttribute("data-status", "running");
    const runId = (await progress.getAttribute("data-run-id"))!;

    await page.reload();
    // The reloaded page found the run by itself: same run, live, Run now disabled meanwhile.
    await expect(progress).toHaveAttribute("data-run-id", runId);
    await expect(progress).toHaveAttribute("data-status", "running");
    await expect(page.getByTestId("run-now")).toBeDisabled();
    await expect(progress.getByTestId("run-now-event").first()).toHaveText(`[running] Testing ${saved} saved connection(s)`);
    await checkLayout(page, "schedule-run-now-reloaded", progress);

    await expect(progress).toHaveAttribute("data-status", TERMINAL, { timeout: 120_000 });
  } finally {
    await clearFaults();
  }
  const progress = page.getByTestId("run-now-progress");
  await expect(progress.getByTestId("run-now-count")).toHaveText(`${saved} of ${saved} connection(s) tested`);
  await expect(progress.locator(`[data-testid="run-now-event"][data-step="connection"]`, { hasText: `${name}: passed` })).toHaveCount(1);
  // Ended: the box stays with its past run, which the refreshed page lists, and Run now is offered again.
  await expect(progress).toHaveAttribute("data-tick-id", /.+/);
  const tickId = (await progress.getAttribute("data-tick-id"))!;
  await expect(page.getByTestId("schedule-runs").getByTestId("schedule-run-row").and(page.locator(`[data-tick-id="${tickId}"]`))).toHaveAttribute("data-status", TERMINAL);
  await expect(page.getByTestId("run-now")).toBeEnabled();
});
