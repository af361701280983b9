/**
 * The dashboard and the access map, on rows this spec seeds straight into the e2e database (the
 * guided setup that normally writes them is covered by the setup specs): search, status filter,
 * sort, server-side pages, masking for reviewers, and the map's broken link, groups and filters.
 */
import { expect, test, type Page } from "@playwright/test";
import { execInTransaction, type Statement } from "./support/db";
import { newSignedInReviewer, signInAsAdmin } from "./support/users";
import { keepScreenshot } from "./support/layout";

const RUN = Date.now().toString(36);
const ALPHA = `Dash Alpha ${RUN}`;
const BETA = `Dash Beta ${RUN}`;
const EXTERNAL_ID = `ext-${RUN}-4f9a2c7e1b3d`;
const NOW = new Date();
const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

interface SeedAccount {
  accountId: string;
  name?: string;
  status: "passed" | "failed" | null;
  reason?: string;
  fix?: string;
  check?: string;
  drift?: object[];
  inventory?: object;
  minutesAgo?: number;
}

/** One connection and its accounts, inserted as the setup would leave them (ISO timestamps in UTC: Prisma's SQLite format, and PostgreSQL's `timestamp(3)` reads them as UTC). */
function seedConnection(name: string, accounts: SeedAccount[], externalId = EXTERNAL_ID): string {
  const id = `e2edash${RUN}${name.replace(/\W/g, "").toLowerCase()}`;
  const model = { connectionName: name, homeAccountId: "999988887777", targetAccountIds: accounts.map((a) => a.accountId), externalId, names: { inventoryPolicy: "ListInventoryForFNMS", readRolesPolicy: "ReadRolesForFNMS", role: "ListEC2ForFNMSRole", user: "FNMSUser" }, rolePath: "/" };
  const statements: Statement[] = [
    {
      sql: `INSERT INTO "Connection" ("id","name","status","mode","model","progress","accessKeyId","lastTestStatus","lastTestAt","savedAt","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
      params: [id, name, "saved", "automated", JSON.stringify(model), "{}", "AKIAIOSFODNN7EXAMPLE", accounts.some((a) => a.status === "failed") ? "failed" : "passed", iso(NOW), iso(NOW), iso(NOW), iso(NOW)],
    },
  ];
  const insert = `INSERT INTO "TargetAccount" ("id","connectionId","accountId","name","accessMethod","setupStatus","lastTestStatus","lastTestAt","lastTestReason","lastTestFix","lastTestCheck","driftFindings","driftAt","inventory","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;
  for (const a of accounts) {
    statements.push({
      sql: insert,
      params: [
        `${id}-${a.accountId}`, id, a.accountId, a.name ?? null, "assume", "done", a.status,
        a.status ? iso(new Date(NOW.getTime() - (a.minutesAgo ?? 5) * 60_000)) : null,
        a.reason ?? null, a.fix ?? null, a.check ?? null,
        a.drift ? JSON.stringify(a.drift) : null, a.drift ? iso(NOW) : null,
        a.inventory ? JSON.stringify(a.inventory) : null, iso(NOW), iso(NOW),
      ],
    });
  }
  // One transaction: 120 inserts in one write instead of 120.
  execInTransaction(statements);
  return id;
}

const PASSING = "210000000001";
const FAILING = "210000000002";
const NEVER = "210000000003";
let alphaId = "";
let betaId = "";

test.beforeAll(() => {
  alphaId = seedConnection(ALPHA, [
    { accountId: PASSING, name: "payments-prod", status: "passed", inventory: { instances: 12, hosts: 1, reservedInstances: 4, oracleRds: 2, byRegion: [] }, minutesAgo: 3 },
    { accountId: FAILING, name: "legacy", status: "failed", reason: "AWS refused to let the collector assume arn:aws:iam::210000000002:role/ListEC2ForFNMSRole.", fix: "Check that the role exists and trusts the home account.", check: "sts:AssumeRole", minutesAgo: 1 },
    { accountId: NEVER, status: null },
  ]);
  // 120 accounts: more than a page, and a map large enough to group. One drifted, five failing.
  betaId = seedConnection(
    BETA,
    Array.from({ length: 120 }, (_, i): SeedAccount => {
      const accountId = `31${String(i).padStart(10, "0")}`;
      if (i === 7) return { accountId, status: "passed", drift: [{ rule: "inventory-policy-wildcard", severity: "error", step: 2, accountId, message: "The inventory policy now allows ec2:* on every resource.", fix: "Restore the inventory policy to the five read actions of step 2." }], inventory: { instances: 1, hosts: 0, reservedInstances: 0, oracleRds: 0 } };
      if (i % 24 === 3) return { accountId, status: "failed", reason: "The role may not call ec2:DescribeHosts.", fix: "Attach the inventory policy to the role.", check: "ec2:DescribeHosts" };
      return { accountId, status: "passed", inventory: { instances: i % 9, hosts: 0, reservedInstances: i % 3, oracleRds: i % 2 }, minutesAgo: i % 11 };
    }),
  );
});

async function rows(page: Page): Promise<string[]> {
  return page.getByTestId("account-row").evaluateAll((els) => els.map((e) => e.getAttribute("data-account") ?? ""));
}

test("administrators search, filter, sort and page through every account", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsAdmin(page, "/");
  await expect(page.getByTestId("dashboard-filters")).toHaveAttribute("data-hydrated", "true");
  await page.getByTestId("dashboard-search").fill(ALPHA);
  await page.getByTestId("dashboard-apply").click();
  await expect(page).toHaveURL(new RegExp(`/\\?q=${encodeURIComponent(ALPHA).replace(/%20/g, "\\+")}$`));
  expect((await rows(page)).sort()).toEqual([PASSING, FAILING, NEVER]);

  const failing = page.locator(`[data-testid="account-row"][data-account="${FAILING}"]`);
  await expect(failing.getByTestId("account-status")).toContainText("Failing");
  await expect(failing.getByTestId("account-reason")).toContainText("AWS refused to let the collector assume");
  await expect(failing.getByTestId("account-reason")).toContainText("Fix: Check that the role exists");
  const passing = page.locator(`[data-testid="account-row"][data-account="${PASSING}"]`);
  await expect(passing.getByTestId("account-inventory")).toHaveText("12 inst1 hosts4 RI2 Oracle RDS");
  await expect(passing.getByTestId("account-external-id")).toHaveText(`ext. ID ${EXTERNAL_ID}`);
  await expect(page.locator(`[data-testid="account-row"][data-account="${NEVER}"]`).getByTestId("account-last-test")).toHaveText("never");
  await keepScreenshot(page, "dashboard-1280.png");

  // Sorting by account id, both ways, through the column header links.
  await page.getByTestId("sort-account").click();
  await expect(page).toHaveURL(/sort=account/);
  expect(await rows(page)).toEqual([PASSING, FAILING, NEVER]);
  await page.getByTestId("sort-account").click();
  await expect(page).toHaveURL(/dir=desc/);
  expect(await rows(page)).toEqual([NEVER, FAILING, PASSING]);

  // Status filter, from the form; the URL carries it, so the link can be shared.
  // Changing a select applies it at once; fields left at their default stay out of the URL.
  await expect(page.getByTestId("dashboard-filters")).toHaveAttribute("data-hydrated", "true");
  await page.getByTestId("dashboard-status").selectOption("failing");
  await expect(page).toHaveURL(/\/\?q=[^&]+&status=failing&sort=account&dir=desc$/);
  expect(await rows(page)).toEqual([FAILING]);
  await page.goto(page.url());
  expect(await rows(page)).toEqual([FAILING]);

  // An account id as the AWS console prints it.
  await page.goto(`/?q=${encodeURIComponent("2100-0000-0001")}`);
  expect(await rows(page)).toEqual([PASSING]);

  // Server-side pages of 25 over the 120 accounts of one connection.
  await page.goto(`/?connection=${betaId}&size=25&sort=account`);
  await expect(page.getByTestId("dashboard-range")).toHaveText("1–25 of 120 accounts · page 1 of 5");
  const first = await rows(page);
  expect(first[0]).toBe("310000000000");
  await page.getByTestId("page-next").click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("dashboard-range")).toHaveText("26–50 of 120 accounts · page 2 of 5");
  const second = await rows(page);
  expect(second[0]).toBe("310000000025");
  expect(second.filter((id) => first.includes(id))).toEqual([]);
  await page.getByTestId("page-last").click();
  await expect(page.getByTestId("dashboard-range")).toHaveText("101–120 of 120 accounts · page 5 of 5");

  // Drift shows with its finding and fix; the tile links to the filter.
  await page.goto(`/?connection=${betaId}&status=drift`);
  expect(await rows(page)).toEqual(["310000000007"]);
  const drift = page.getByTestId("account-drift");
  await expect(drift).toContainText("The inventory policy now allows ec2:*");
  await expect(drift).toContainText("Fix: Restore the inventory policy");
  await page.getByTestId("tile-failing").click();
  await expect(page).toHaveURL(/status=failing/);
  await expect(page.getByTestId("tile-connections-value")).not.toHaveText("0");
});

test("reviewers see every account with the external ID masked and nothing to change", async ({ browser }) => {
  const admin = await browser.newPage();
  await signInAsAdmin(admin);
  const page = await browser.newPage();
  await newSignedInReviewer(admin, page);
  await admin.close();

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/?q=${encodeURIComponent(ALPHA)}`);
  await expect(page.getByTestId("account-row")).toHaveCount(3);
  const masked = `${EXTERNAL_ID.slice(0, 2)}••••${EXTERNAL_ID.slice(-2)}`;
  await expect(page.getByTestId("account-external-id").first()).toHaveText(`ext. ID ${masked}`);
  expect(await page.content()).not.toContain(EXTERNAL_ID);
  await expect(page.getByTestId("dashboard-new-connection")).toHaveCount(0);

  await page.goto(`/connections/${alphaId}/map`);
  await expect(page.getByTestId("map-external-id")).toHaveText(masked);
  expect(await page.content()).not.toContain(EXTERNAL_ID);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/?q=${encodeURIComponent(ALPHA)}`);
  await expect(page.getByTestId("account-row")).toHaveCount(3);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await keepScreenshot(page, "dashboard-390.png");
  await page.close();
});

test("the access map shows which link broke, and stays usable with many accounts", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAsAdmin(page);

  // Three accounts: everything drawn; the failing AssumeRole is the policy → role link.
  await page.goto(`/connections/${alphaId}/map`);
  await expect(page.locator('[data-testid="map-node-role"]')).toHaveCount(3);
  await expect(page.locator(`[data-testid="map-node-role"][data-key="role-${FAILING}"]`)).toHaveAttribute("data-state", "failed");
  await expect(page.locator(`[data-testid="map-edge"][data-key="e-pol-role-${FAILING}"]`)).toHaveAttribute("data-state", "failed");
  await expect(page.locator(`[data-testid="map-edge"][data-key="e-role-inv-${FAILING}"]`)).toHaveAttribute("data-state", "unreached");
  await expect(page.locator(`[data-testid="map-edge"][data-key="e-role-inv-${PASSING}"]`)).toHaveAttribute("data-state", "passed");
  await expect(page.locator(`[data-testid="map-node-role"][data-key="role-${NEVER}"]`)).toHaveAttribute("data-state", "untested");
  // The text alternative says the same.
  const failingItem = page.locator(`[data-testid="map-account"][data-account="${FAILING}"]`);
  await expect(failingItem).toContainText("assume ListEC2ForFNMSRole: failed; ListInventoryForFNMS: not reached");
  await expect(failingItem.getByTestId("map-account-reason")).toContainText("Fix: Check that the role exists");
  await keepScreenshot(page, "access-map-1280.png");

  // 120 accounts: passing accounts start as one closed group; problems stay open.
  await page.goto(`/connections/${betaId}/map`);
  const passingGroup = page.locator('[data-testid="map-group"][data-status="passing"]');
  await expect(passingGroup).toContainText("114 accounts");
  await expect(page.locator('[data-testid="map-node-group"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="map-node-role"]')).toHaveCount(6);
  await expect(page.locator('[data-testid="map-edge"][data-key="e-role-inv-310000000003"]')).toHaveAttribute("data-state", "failed");
  await expect(page.locator('[data-testid="map-edge"][data-key="e-role-inv-310000000007"]')).toHaveAttribute("data-state", "drift");
  await keepScreenshot(page, "access-map-grouped-1280.png");

  await expect(page.getByTestId("access-map")).toHaveAttribute("data-hydrated", "true");
  await page.getByTestId("map-toggle-passing").click();
  await expect(page.locator('[data-testid="map-node-role"]')).toHaveCount(56);
  await expect(page.getByTestId("map-more-passing")).toContainText("Show 50 more of 64");
  await page.getByTestId("map-more-passing").click();
  await expect(page.locator('[data-testid="map-node-role"]')).toHaveCount(106);

  await page.getByTestId("map-only-problems").check();
  await expect(page.locator('[data-testid="map-group"]')).toHaveCount(2);
  await expect(page.locator('[data-testid="map-node-role"]')).toHaveCount(6);

  await page.getByTestId("map-only-problems").uncheck();
  await page.getByTestId("map-search").fill("3100-0000-0042");
  await expect(page.locator('[data-testid="map-account"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="map-node-role"]')).toHaveCount(1);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/connections/${alphaId}/map`);
  await expect(page.getByTestId("access-map-list")).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await keepScreenshot(page, "access-map-390.png");
});

test("an unknown connection's map says so inside the app", async ({ page }) => {
  await signInAsAdmin(page, "/connections/no-such-connection/map");
  await expect(page.getByTestId("map-not-found")).toContainText("does not exist");
});
