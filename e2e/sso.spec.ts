/**
 * Issue 16, item 1: single sign-on with OpenID Connect, against a real OpenID provider (oidc-provider,
 * e2e/support/oidc-idp.ts) that e2e/serve.ts starts on a loopback port; the portal runs with
 * BEACONPORT_OIDC_* pointing at it. SQLite only on purpose: the database side (just-in-time users, roles,
 * refusals, the session rules) runs on both providers in lib/auth/sso-sign-in.db.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { auditCount, query, userByEmail } from "./support/db";
import { OIDC_CLIENT, OIDC_PEOPLE } from "./support/oidc-idp";
import { secretsInServerLog, secretsInTexts } from "./support/secret-search";
import { signInAsAdmin } from "./support/users";

function idp(): { issuer: string; controlUrl: string } {
  return JSON.parse(fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "oidc.json"), "utf8")) as { issuer: string; controlUrl: string };
}

async function control(what: "next-id-token" | "groups" | "tamper-next-state", body: Record<string, unknown> = {}): Promise<void> {
  const response = await fetch(`${idp().controlUrl}/${what}`, { method: "POST", body: JSON.stringify(body) });
  expect(response.status).toBe(204);
}

/** "Sign in with Test IdP" on the login page, then the provider's own login form. */
async function ssoSignIn(page: Page, account: keyof typeof OIDC_PEOPLE, before?: () => Promise<void>): Promise<void> {
  await page.goto("/login");
  await expect(page.getByTestId("sso-submit")).toHaveText("Sign in with Test IdP");
  await before?.();
  await page.getByTestId("sso-submit").click();
  await expect(page.getByTestId("idp-login")).toBeVisible();
  expect(page.url().startsWith(idp().issuer)).toBe(true);
  await page.getByTestId("idp-login").fill(account);
  await page.getByTestId("idp-submit").click();
}

async function hasSession(page: Page): Promise<boolean> {
  return (await page.context().cookies()).some((c) => c.name === "authjs.session-token");
}

function lastAudit(action: string): { actorEmail: string | null; after: string | null } {
  return query<{ actorEmail: string | null; after: string | null }>(`SELECT "actorEmail", "after" FROM "AuditEvent" WHERE "action" = ? ORDER BY "seq" DESC LIMIT 1`, action)[0]!;
}

test("an administrator by group is created on first sign-in and may administer", async ({ page }) => {
  const person = OIDC_PEOPLE["sso-admin"]!;
  await ssoSignIn(page, "sso-admin");
  await expect(page.getByTestId("current-user-name")).toHaveText(person.name);
  const user = userByEmail(person.email)!;
  expect(user.role).toBe("admin");
  expect(user.mustChangePassword).toBe(0);
  expect(JSON.parse(lastAudit("auth.login").after!)).toMatchObject({ method: "sso", role: "admin" });
  await page.goto("/users");
  await expect(page.getByTestId("create-user-form")).toBeVisible();
});

test("a reviewer by group may look but not administer; a group change at the provider applies at the next sign-in", async ({ page, browser }) => {
  const person = OIDC_PEOPLE["sso-changing"]!;
  await ssoSignIn(page, "sso-changing");
  await expect(page.getByTestId("current-user-name")).toHaveText(person.name);
  expect(userByEmail(person.email)!.role).toBe("reviewer");
  const forbidden = await page.goto("/users");
  expect(forbidden?.status()).toBe(403);

  await control("groups", { account: "sso-changing", groups: ["bp-admins"] });
  const again = await browser.newPage();
  await ssoSignIn(again, "sso-changing");
  await expect(again.getByTestId("current-user-name")).toHaveText(person.name);
  expect(userByEmail(person.email)!.role).toBe("admin");
  await again.goto("/users");
  await expect(again.getByTestId("create-user-form")).toBeVisible();
  await again.close();
});

test("without a matching group: refused with a page that says why, and audited", async ({ page }) => {
  const person = OIDC_PEOPLE["sso-nobody"]!;
  const refusedBefore = auditCount("auth.sso.refused");
  await ssoSignIn(page, "sso-nobody");
  await expect(page).toHaveURL(/\/login\/refused\?reason=no-group$/);
  await expect(page.getByTestId("sso-refused")).toContainText("none of the groups Beaconport admits");
  expect(await hasSession(page)).toBe(false);
  expect(userByEmail(person.email)).toBeUndefined();
  expect(auditCount("auth.sso.refused")).toBe(refusedBefore + 1);
  const event = lastAudit("auth.sso.refused");
  expect(event.actorEmail).toBe(person.email);
  expect(JSON.parse(event.after!)).toMatchObject({ reason: "no-group", groups: ["staff"] });
  // Nothing opens behind the refusal.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("a tampered state is refused", async ({ page }) => {
  // The provider's redirect back carries the state next-auth sealed into its cookie, one character off.
  await ssoSignIn(page, "sso-token", () => control("tamper-next-state"));
  await expect(page.getByTestId("sso-failed")).toBeVisible();
  expect(page.url()).toMatch(/\/login\?error=/);
  expect(await hasSession(page)).toBe(false);
  expect(userByEmail(OIDC_PEOPLE["sso-token"]!.email)).toBeUndefined();
});

test("an expired ID token is refused", async ({ page }) => {
  await ssoSignIn(page, "sso-token", () => control("next-id-token", { mode: "expired" }));
  await expect(page.getByTestId("sso-failed")).toBeVisible();
  expect(await hasSession(page)).toBe(false);
  expect(userByEmail(OIDC_PEOPLE["sso-token"]!.email)).toBeUndefined();
});

test("an ID token signed with a key not in the provider's JWKS is refused, and audited", async ({ page }) => {
  const refusedBefore = auditCount("auth.sso.refused");
  await ssoSignIn(page, "sso-token", () => control("next-id-token", { mode: "forged" }));
  await expect(page).toHaveURL(/\/login\/refused\?reason=invalid-id-token$/);
  await expect(page.getByTestId("sso-refused")).toContainText("could not be verified");
  expect(await hasSession(page)).toBe(false);
  expect(userByEmail(OIDC_PEOPLE["sso-token"]!.email)).toBeUndefined();
  expect(auditCount("auth.sso.refused")).toBe(refusedBefore + 1);
  expect(JSON.parse(lastAudit("auth.sso.refused").after!)).toMatchObject({ reason: "invalid-id-token" });
});

test("disabling an SSO user in Beaconport ends their session and wins over the provider", async ({ page, browser }) => {
  const person = OIDC_PEOPLE["sso-disabled"]!;
  const victim = await browser.newPage();
  await ssoSignIn(victim, "sso-disabled");
  await expect(victim.getByTestId("current-user-name")).toHaveText(person.name);

  await signInAsAdmin(page, "/users");
  const row = page.locator(`[data-testid="user-row"][data-email="${person.email}"]`);
  await row.getByTestId("user-toggle-disabled").click();
  await expect(row.getByTestId("user-disabled")).toBeVisible();

  // The same server-side session rules as a password session: gone at the next request.
  await victim.goto("/audit");
  await expect(victim).toHaveURL(/\/login/);
  // The provider still says yes (same group, and its own session is still open: no login form); Beaconport says no.
  await victim.getByTestId("sso-submit").click();
  await expect(victim).toHaveURL(/\/login\/refused\?reason=disabled$/);
  await expect(victim.getByTestId("sso-refused")).toContainText("disabled");
  // (The browser still holds the old, ended session's cookie: it opens nothing.)
  await victim.goto("/audit");
  await expect(victim).toHaveURL(/\/login/);
  expect(JSON.parse(lastAudit("auth.sso.refused").after!)).toMatchObject({ reason: "disabled" });
  await victim.close();
});

test("the client secret appears in no page and no log line", async ({ page }) => {
  await ssoSignIn(page, "sso-reviewer");
  await expect(page.getByTestId("current-user-name")).toHaveText(OIDC_PEOPLE["sso-reviewer"]!.name);
  expect(userByEmail(OIDC_PEOPLE["sso-reviewer"]!.email)!.role).toBe("reviewer");
  await page.goto("/login/refused?reason=invalid-id-token");
  const pages = [{ where: "the refusal page", text: await page.content() }];
  await page.goto("/login");
  pages.push({ where: "the login page", text: await page.content() });
  expect([...secretsInTexts({ oidcClientSecret: OIDC_CLIENT.secret }, pages), ...secretsInServerLog({ oidcClientSecret: OIDC_CLIENT.secret })]).toEqual([]);
});
