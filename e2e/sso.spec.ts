/**
 * Issue 16, item 1: single sign-on with OpenID Connect, against a real OpenID provider (oidc-provider,
 * e2e/support/oidc-idp.ts) that e2e/serve.ts starts on a loopback port; the portal runs with
 * BEACONPORT_OIDC_* pointing at it. SQLite only on purpose: the database side (just-in-time users, roles,
 * refusals, the session rules) runs on both providers in lib/auth/sso-sign-in.db.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { freePort } from "../scripts/lib/pg-cluster";
import { auditCount, query, userByEmail } from "./support/db";
import { OIDC_CLIENT, OIDC_PEOPLE, oidcPortalEnv, startTestIdp, type TestIdp } from "./support/oidc-idp";
import { startExtraPortal, type ExtraPortal } from "./support/portal";
import { secretsInServerLog, secretsInTexts } from "./support/secret-search";
import { postAction } from "./support/actions";
import { ADMIN, createUserViaUi, signIn, signInAsAdmin, uniqueEmail } from "./support/users";

function idp(): { issuer: string; controlUrl: string } {
  return JSON.parse(fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, "oidc.json"), "utf8")) as { issuer: string; controlUrl: string };
}

async function control(what: "next-id-token" | "groups" | "tamper-next-state", body: Record<string, unknown> = {}): Promise<void> {
  const response = await fetch(`${idp().controlUrl}/${what}`, { method: "POST", body: JSON.stringify(body) });
  expect(response.status).toBe(204);
}

/** "Sign in with Test IdP" on the login page, then the provider's own login form. */
async function ssoSignIn(page: Page, account: keyof typeof OIDC_PEOPLE, before?: () => Promise<void>, issuer = idp().issuer): Promise<void> {
  await page.goto("/login");
  await expect(page.getByTestId("sso-submit")).toHaveText("Sign in with Test IdP");
  await before?.();
  await page.getByTestId("sso-submit").click();
  await expect(page.getByTestId("idp-login")).toBeVisible();
  expect(page.url().startsWith(issuer)).toBe(true);
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

/**
 * The session rules against the real provider, on a second instance of the portal (same build, database
 * and data dir) with lifetimes of seconds (BEACONPORT_SESSION_*_HOURS take fractions) and its own test
 * provider (its redirect URI names this instance's port). Waits are the configured lifetimes plus a margin.
 */
test.describe("an instance with short session lifetimes and passwords off", () => {
  const IDLE_S = 6;
  const MAX_AGE_S = 16;
  let portal: ExtraPortal | undefined;
  let shortIdp: TestIdp | undefined;

  test.beforeAll(async () => {
    const port = await freePort();
    shortIdp = await startTestIdp({ redirectUris: [`http://127.0.0.1:${port}/api/auth/callback/oidc`] });
    portal = await startExtraPortal(port, {
      ...oidcPortalEnv(shortIdp),
      BEACONPORT_SESSION_IDLE_HOURS: String(IDLE_S / 3600),
      BEACONPORT_SESSION_MAX_AGE_HOURS: String(MAX_AGE_S / 3600),
      // Passwords off once SSO works, but for the break-glass administrator (the last test).
      BEACONPORT_LOCAL_LOGIN: "off",
      BEACONPORT_BREAK_GLASS_ADMIN: ADMIN.email,
    });
    // Warm the new instance (its first page render loads the build), so the timed tests time sessions, not start-up.
    expect((await fetch(`${portal.baseURL}/login`)).status).toBe(200);
  });
  test.afterAll(async () => {
    await portal?.stop();
    await shortIdp?.stop();
  });

  function sessionIdsOf(email: string): string[] {
    return query<{ id: string }>(`SELECT s."id" FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE u."email" = ?`, email).map((r) => r.id);
  }

  /** Signs `account` in at the short-lived instance in a browser of its own; the new session's id and cookie. */
  async function signInShort(browser: Browser, account: keyof typeof OIDC_PEOPLE) {
    const person = OIDC_PEOPLE[account]!;
    const context = await browser.newContext({ baseURL: portal!.baseURL });
    const page = await context.newPage();
    const before = new Set(sessionIdsOf(person.email));
    await ssoSignIn(page, account, undefined, shortIdp!.issuer);
    await expect(page.getByTestId("current-user-name")).toHaveText(person.name);
    const created = sessionIdsOf(person.email).filter((id) => !before.has(id));
    expect(created).toHaveLength(1);
    const cookie = (await context.cookies()).find((c) => c.name === "authjs.session-token")!;
    expect(cookie).toBeDefined();
    return { person, context, page, sessionId: created[0]!, cookie };
  }

  /** The session-ended landing: the login page says so, and the session row is gone. */
  async function expectEnded(page: Page, sessionId: string, email: string): Promise<void> {
    await expect(page).toHaveURL(/\/login\?session=ended$/);
    await expect(page.getByTestId("session-ended-notice")).toHaveText("Your session has ended. Please sign in again.");
    expect(sessionIdsOf(email)).not.toContain(sessionId);
  }

  test("a session left idle past the idle timeout ends: the next navigation lands on the login page, and the old cookie opens nothing", async ({ browser }) => {
    const { person, context, page, sessionId, cookie } = await signInShort(browser, "sso-admin");
    // The browser sits unused: no page of the portal open, so no request at all.
    await page.goto("about:blank");
    await page.waitForTimeout(IDLE_S * 1000 + 1500);
    await page.goto("/audit");
    await expectEnded(page, sessionId, person.email);
    // A copy of the old cookie, presented anywhere, opens nothing.
    const copy = await browser.newContext({ baseURL: portal!.baseURL });
    await copy.addCookies([{ name: cookie.name, value: cookie.value, domain: cookie.domain, path: cookie.path, httpOnly: true, sameSite: "Lax" }]);
    expect((await copy.request.get("/api/audit/verify")).status()).toBe(401);
    const other = await copy.newPage();
    await other.goto("/users");
    await expect(other).toHaveURL(/\/login\?session=ended$/);
    await copy.close();
    await context.close();
  });

  test("a session in use ends all the same at the absolute lifetime", async ({ browser }) => {
    const { person, context, page, sessionId, cookie } = await signInShort(browser, "sso-reviewer");
    // The server's own start of the session (same machine, same clock): the absolute lifetime counts from it.
    const endsAt = new Date(query<{ createdAt: string }>(`SELECT "createdAt" FROM "Session" WHERE "id" = ?`, sessionId)[0]!.createdAt).getTime() + MAX_AGE_S * 1000;
    // Requests keep going, well within the idle timeout of each other, for longer than the idle timeout:
    // the session stays, up to shortly before the absolute lifetime.
    const firstUse = Date.now();
    while (Date.now() < endsAt - 3000) {
      await page.goto("/");
      await expect(page.getByTestId("current-user-name")).toHaveText(person.name);
      await page.waitForTimeout(1000);
    }
    expect(Date.now() - firstUse, "in use for longer than the idle timeout (a precondition)").toBeGreaterThan(IDLE_S * 1000);
    // Past the absolute lifetime, the next request ends it. The browser's own cookie expires at the same
    // lifetime: present it again as a copy that does not, so the server's rule is what is tested.
    await page.waitForTimeout(Math.max(0, endsAt + 1000 - Date.now()));
    await context.addCookies([{ name: cookie.name, value: cookie.value, domain: cookie.domain, path: cookie.path, httpOnly: true, sameSite: "Lax" }]);
    await page.goto("/");
    await expectEnded(page, sessionId, person.email);
    expect((await context.request.get("/api/audit/verify")).status()).toBe(401);
    await context.close();
  });
  test("with BEACONPORT_LOCAL_LOGIN=off: single sign-on is the way in, a password is refused, and the break-glass administrator still signs in with one", async ({ page, browser }) => {
    // Another administrator with a password, created on the first instance (passwords on there).
    await signInAsAdmin(page, null);
    const email = uniqueEmail("no-local");
    const password = await createUserViaUi(page, { email, name: "Nolan No-Local", role: "admin" });
    const context = await browser.newContext({ baseURL: portal!.baseURL });
    const short = await context.newPage();
    const signedIn = async () => (await context.cookies()).some((c) => c.name === "authjs.session-token");

    await short.goto("/login");
    await expect(short.getByTestId("sso-submit")).toHaveText("Sign in with Test IdP");
    await expect(short.getByText("Use your Test IdP account.", { exact: true })).toBeVisible();
    await expect(short.getByTestId("break-glass-note")).toContainText("only the break-glass administrator");

    // The right password of anyone else: refused, and said why.
    const refusedBefore = auditCount("auth.login.refused");
    await signIn(short, email, password);
    await expect(short.getByTestId("login-error")).toContainText("Password sign-in is turned off.");
    await expect(short.getByTestId("login-error")).toContainText('Use "Sign in with Test IdP".');
    expect(await signedIn()).toBe(false);
    // The same password posted straight to the login action: the same refusal.
    const reply = await postAction(context.request, "/login", "loginAction", { email, password });
    expect(reply.text).toContain("Password sign-in is turned off.");
    expect(await signedIn()).toBe(false);
    expect(auditCount("auth.login.refused")).toBe(refusedBefore + 2);
    expect(JSON.parse(lastAudit("auth.login.refused").after!)).toEqual({ reason: "local-login-off" });

    // The break-glass administrator: in with the password, audited as such.
    await signIn(short, ADMIN.email, ADMIN.password);
    await expect(short.getByTestId("current-user-name")).toHaveText(ADMIN.name);
    expect(JSON.parse(lastAudit("auth.login").after!)).toEqual({ method: "password", breakGlass: true });
    await context.close();
  });
});
