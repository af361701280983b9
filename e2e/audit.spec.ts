/**
 * The audit trail viewer: filters by entity, actor, action and time; the before/after diff of an
 * event; the CSV export of the current filter; reviewers reading (never changing) it; and a row
 * edited behind the application's back, found by "Verify integrity" at the exact broken link.
 */
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { exec, query, userByEmail } from "./support/db";
import { createUserViaUi, newSignedInReviewer, signInAsAdmin, uniqueEmail } from "./support/users";
import { keepScreenshot } from "./support/layout";


/** `YYYY-MM-DDTHH:mm` in UTC, as the viewer's datetime-local inputs take it. */
function utcMinute(d: Date): string {
  return d.toISOString().slice(0, 16);
}

/** Clicks "Verify integrity" once its handler is attached (a click before hydration would be lost). */
async function verify(page: Page): Promise<void> {
  await expect(page.getByTestId("audit-verify")).toHaveAttribute("data-hydrated", "true");
  await page.getByTestId("audit-verify").click();
}

async function seqs(page: Page): Promise<number[]> {
  return page.getByTestId("audit-row").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seq"))));
}

async function actions(page: Page): Promise<string[]> {
  return page.getByTestId("audit-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-action") ?? ""));
}

/** A reviewer created and promoted by the admin: two events about one user, one with a before/after. */
async function userWithHistory(page: Page): Promise<{ email: string; userId: string; oneTimePassword: string }> {
  const email = uniqueEmail("audited");
  const oneTimePassword = await createUserViaUi(page, { email, name: "Audie Audited", role: "reviewer" });
  await page.goto("/users");
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row.getByTestId("user-role-select").selectOption("admin");
  await row.getByTestId("user-role-save").click();
  await expect.poll(() => userByEmail(email)?.role).toBe("admin");
  return { email, userId: userByEmail(email)!.id, oneTimePassword };
}

test.beforeAll(() => {
});

test("administrators filter the trail, read an event's diff and export what they filtered", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsAdmin(page);
  const started = new Date(Date.now() - 60_000);
  const subject = await userWithHistory(page);

  // Entity type and id: everything that happened to this user, newest first.
  await page.goto("/audit");
  await page.getByTestId("audit-filter-entity-type").selectOption("User");
  await page.getByTestId("audit-filter-entity-id").fill(subject.userId);
  await page.getByTestId("audit-filter-apply").click();
  await expect(page).toHaveURL(new RegExp(`entityId=${subject.userId}`));
  await expect(page.getByTestId("audit-total")).toContainText("2 events match the filters");
  expect(await actions(page)).toEqual(["user.role", "user.create"]);

  // The role change opens to a field-level diff.
  const roleRow = page.locator('[data-testid="audit-row"][data-action="user.role"]');
  await roleRow.getByTestId("audit-row-toggle").click();
  const change = roleRow.locator('[data-testid="audit-diff-row"][data-path="role"]');
  await expect(change).toHaveAttribute("data-kind", "changed");
  await expect(change).toContainText('"reviewer"');
  await expect(change).toContainText('"admin"');
  const createRow = page.locator('[data-testid="audit-row"][data-action="user.create"]');
  await createRow.getByTestId("audit-row-toggle").click();
  await expect(createRow.locator('[data-testid="audit-diff-row"][data-path="email"]')).toHaveAttribute("data-kind", "added");
  await keepScreenshot(page, "audit-1280.png");

  // The CSV export takes the same filter: a header and exactly these two events, oldest first.
  const downloadPromise = page.waitForEvent("download");
  await page.getByTestId("audit-export").click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^audit-trail-\d{8}T\d{4}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  const lines = csv.trimEnd().split("\r\n");
  expect(lines[0]).toBe("seq,at,actor_email,actor_id,action,entity_type,entity_id,ip,before,after,prev_hash,hash");
  expect(lines).toHaveLength(3);
  expect(lines[1]).toContain(`,user.create,User,${subject.userId},`);
  expect(lines[2]).toContain(`,user.role,User,${subject.userId},`);
  expect(lines[2]).toContain('"{""email"":""' + subject.email + '"",""role"":""admin""}"');
  expect(csv).not.toContain(subject.oneTimePassword);

  // Actor and action prefix.
  await page.goto(`/audit?actor=${encodeURIComponent("admin@beaconport")}&action=${encodeURIComponent("user.*")}`);
  const filtered = await actions(page);
  expect(filtered.length).toBeGreaterThanOrEqual(2);
  expect(filtered.every((a) => a.startsWith("user."))).toBe(true);

  // Time range (UTC minutes): since shortly before this test, and a window in the future that holds nothing.
  await page.goto("/audit");
  await page.getByTestId("audit-filter-entity-id").fill(subject.userId);
  await page.getByTestId("audit-filter-from").fill(utcMinute(started));
  await page.getByTestId("audit-filter-to").fill(utcMinute(new Date(Date.now() + 120_000)));
  await page.getByTestId("audit-filter-apply").click();
  await expect(page.getByTestId("audit-row")).toHaveCount(2);
  await page.getByTestId("audit-filter-from").fill(utcMinute(new Date(Date.now() + 86_400_000)));
  await page.getByTestId("audit-filter-to").fill("");
  await page.getByTestId("audit-filter-apply").click();
  await expect(page.getByTestId("audit-empty")).toBeVisible();
});

test("reviewers read, verify and export the trail, and the page offers them nothing to change", async ({ browser }) => {
  const admin = await browser.newPage();
  await signInAsAdmin(admin);
  const page = await browser.newPage();
  await newSignedInReviewer(admin, page);
  await admin.close();

  await page.goto("/audit?action=user.create");
  expect((await actions(page)).length).toBeGreaterThan(0);
  expect((await actions(page)).every((a) => a === "user.create")).toBe(true);
  await verify(page);
  await expect(page.getByTestId("audit-verify-ok")).toBeVisible();
  const response = await page.request.get("/api/audit/export?action=user.create");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  const body = await response.text();
  expect(body.split("\r\n").slice(1, -1).every((l) => l.includes(",user.create,"))).toBe(true);
  // Nothing on the page posts anything: no forms with a method other than GET, no action buttons.
  expect(await page.locator('main form[method="post"], main form:not([method])').count()).toBe(0);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/audit");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await keepScreenshot(page, "audit-390.png");
  await page.close();
});

test("a row edited directly in the database is found by Verify integrity, at the exact link", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsAdmin(page, null);
  const subject = await userWithHistory(page);

  await page.goto("/audit");
  await verify(page);
  await expect(page.getByTestId("audit-verify-ok")).toBeVisible();

  const target = query<{ id: string; seq: number; after: string }>(`SELECT "id","seq","after" FROM "AuditEvent" WHERE "action" = 'user.role' AND "entityId" = ?`, subject.userId)[0]!;
  // Someone with database access pretends the promotion never happened.
  expect(exec(`UPDATE "AuditEvent" SET "after" = ? WHERE "id" = ?`, JSON.stringify({ email: subject.email, role: "reviewer" }), target.id)).toBe(1);
  try {
    await verify(page);
    await expect(page.getByTestId("audit-verify-broken")).toBeVisible();
    await expect(page.getByTestId("audit-broken-seq")).toHaveText(`#${target.seq}`);
    await expect(page.getByTestId("audit-broken-id")).toHaveText(target.id);
    await expect(page.getByTestId("audit-broken-reason")).toContainText("does not match its hash");
    await keepScreenshot(page, "audit-tampered-1280.png");

    await page.getByTestId("audit-broken-link").click();
    await expect(page).toHaveURL(new RegExp(`/audit\\?seq=${target.seq}$`));
    expect(await seqs(page)).toEqual([target.seq]);
    // Opened and highlighted: the forged "after" now claims the role never changed.
    await expect(page.getByTestId("audit-row-details")).toBeVisible();
    await expect(page.getByTestId("audit-diff-none")).toContainText("identical");
  } finally {
    // Put the row back so the rest of the suite sees an intact chain.
    exec(`UPDATE "AuditEvent" SET "after" = ? WHERE "id" = ?`, target.after, target.id);
  }
  await verify(page);
  await expect(page.getByTestId("audit-verify-ok")).toBeVisible();
});
