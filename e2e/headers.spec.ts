import { expect, test, type Page } from "@playwright/test";
import { seedConnection } from "./support/seed";
import { saveConnection } from "./support/saved-connection";
import { signInAsAdmin, signInAsAdminWithForm } from "./support/users";

/** The security headers as `next start` sends them (proxy.ts, lib/security-headers.ts). */

function directives(csp: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values.join(" "));
  }
  return map;
}

test("every page gets a nonce-based CSP, fresh per response, and the page's scripts carry that nonce", async ({ request }) => {
  const first = await request.get("/login", { maxRedirects: 0 });
  const second = await request.get("/login", { maxRedirects: 0 });
  const csp = directives(first.headers()["content-security-policy"]);
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp.get("script-src") ?? "")?.[1];
  expect(nonce).toBeTruthy();
  expect(csp.get("script-src")).toContain("'strict-dynamic'");
  expect(csp.get("script-src")).not.toContain("unsafe-eval");
  expect(csp.get("script-src")).not.toContain("unsafe-inline");
  expect(csp.get("frame-ancestors")).toBe("'none'");
  expect(csp.get("object-src")).toBe("'none'");
  expect(csp.get("base-uri")).toBe("'self'");
  expect(csp.get("form-action")).toBe("'self'");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce!);
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  const headers = first.headers();
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // Plain http on loopback: no HSTS (browsers ignore it there, and it must not pin a name to https by accident).
  expect(headers["strict-transport-security"]).toBeUndefined();
  expect(csp.has("upgrade-insecure-requests")).toBe(false);
});

test("API answers, redirects and refusals carry the headers too", async ({ request }) => {
  for (const [path, status] of [["/api/health", 200], ["/users", 307], ["/api/users", 401]] as const) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(status);
    expect(directives(response.headers()["content-security-policy"]).get("frame-ancestors"), path).toBe("'none'");
    expect(response.headers()["permissions-policy"], path).toBeTruthy();
  }
});

test("over HTTPS (the proxy says so), Strict-Transport-Security and upgrade-insecure-requests are sent", async ({ request }) => {
  const response = await request.get("/login", { headers: { "x-forwarded-proto": "https" }, maxRedirects: 0 });
  expect(response.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
  expect(directives(response.headers()["content-security-policy"]).has("upgrade-insecure-requests")).toBe(true);
});

test("a route's own headers win over the global ones (the details download keeps no-referrer and its own CSP)", async ({ page }) => {
  const seeded = seedConnection({ storeSecret: false, externalId: "e2e-headers-external-01", targets: ["222222222222"] });
  saveConnection(seeded.connectionId);
  await signInAsAdmin(page);
  const json = await page.request.get(`/api/connections/${seeded.connectionId}/details?format=json`);
  expect(json.status()).toBe(200);
  expect(json.headers()["referrer-policy"]).toBe("no-referrer");
  expect(json.headers()["cache-control"]).toBe("no-store");
  const html = await page.request.get(`/api/connections/${seeded.connectionId}/details?format=html`);
  expect(html.status()).toBe(200);
  expect(html.headers()["referrer-policy"]).toBe("no-referrer");
  expect(html.headers()["content-security-policy"]).toBe("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'");
});

async function collectViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Refused to|Content Security Policy|Permissions-Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`Refused to (securitypolicyviolation) ${event.violatedDirective} ${event.blockedURI}`));
  });
  return violations;
}

test("the portal works under the CSP: no violation while signing in, navigating and signing out", async ({ page }) => {
  const violations = await collectViolations(page);
  await signInAsAdminWithForm(page);
  for (const path of ["/", "/connections", "/users", "/audit", "/schedule", "/account", "/connections/new"]) {
    await page.goto(path);
    await expect(page.getByTestId("current-user-name")).toBeVisible();
  }
  // Client navigation and hydration work (a link click stays a soft navigation, a form posts its action).
  await page.goto("/users");
  await page.getByTestId("create-user-form").getByTestId("input-name").fill("Csp Check");
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/no-such-page");
  expect(violations).toEqual([]);
});
