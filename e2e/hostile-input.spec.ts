/**
 * Issue 11, item 12: bad input is cheap and clear, against the real server. Megabyte-sized hostile form
 * submissions are refused by their declared length (413) while the health probe keeps answering; a hostile list under the body limit is refused with a plain message and not echoed back;
 * malformed action bodies and broken paths answer 400, never 500.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_BASE_URL } from "../playwright.config";
import { actionId, postAction } from "./support/actions";
import { signInAsAdmin } from "./support/users";

/** The guided setup's page (the action belongs to it); the connection need not exist: input is refused first. */
const SETUP = "/connections/hostile-input/setup";

async function rawAction(request: APIRequestContext, body: string | Buffer, contentType = "text/plain;charset=UTF-8") {
  const response = await request.post(SETUP, { headers: { "Next-Action": actionId("addTargetsAction"), "Content-Type": contentType, Accept: "text/x-component" }, data: body, maxRedirects: 0 });
  return { status: response.status(), text: await response.text() };
}

async function probeHealth(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${E2E_BASE_URL}/api/health`, { cache: "no-store" });
  await response.text();
  expect(response.status).toBe(200);
  return performance.now() - started;
}

test("a 1 MB hostile submission is refused at once, with a clear message, and the server stays responsive", async ({ page }) => {
  await signInAsAdmin(page);
  await probeHealth(); // warm: the first request of a route pays for loading it
  const baseline: number[] = [];
  for (let i = 0; i < 5; i++) baseline.push(await probeHealth());
  console.log(`health at rest: ${baseline.map((p) => p.toFixed(0)).join(", ")} ms`);

  // A megabyte of account list: refused by its declared length (413) before any of it is read.
  const hostile = "1-".repeat(150_000) + ",".repeat(200_000) + "9".repeat(500_000);
  expect(hostile.length).toBe(1_000_000);
  const submissions = Array.from({ length: 3 }, () => postAction(page.request, SETUP, "addTargetsAction", { connectionId: "hostile-input", accounts: hostile }));
  let pending = true;
  const all = Promise.all(submissions).finally(() => (pending = false));
  const probes: number[] = [];
  while (pending || probes.length < 5) probes.push(await probeHealth());
  const results = await all;
  console.log(`health during 1 MB hostile submissions: ${probes.map((p) => p.toFixed(0)).join(", ")} ms`);
  // Every probe sent while the three submissions were in flight was answered (probeHealth checks 200). Their
  // times are printed, not asserted: a bound in milliseconds failed on loaded machines (316 ms against 309)
  // with nothing wrong, so it could not tell a stalled server from a busy machine.
  for (const r of results) {
    expect(r.status).toBe(413);
    expect(r.text).toContain("a form submission is at most 512 KB");
  }

  // Under the body limit, the action refuses it from its length alone: a clear field message, not echoed back.
  const underLimit = await postAction(page.request, SETUP, "addTargetsAction", { connectionId: "hostile-input", accounts: hostile.slice(0, 400_000) });
  expect(underLimit.status).toBe(200);
  expect(underLimit.text).toContain('"code":"VALIDATION"');
  expect(underLimit.text).toContain("At most 2000 accounts (64 KiB) per list");
  expect(underLimit.text.length).toBeLessThan(10_000);
});

test("oversized and malformed requests answer 413 or 400 with a message, never 500", async ({ page }) => {
  await signInAsAdmin(page);
  const tooLarge = await rawAction(page.request, JSON.stringify(["$undefined", { connectionId: "x", accounts: "1".repeat(600_000) }]));
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.text).toContain("at most 512 KB");

  for (const [body, type] of [
    ["{{{ not json", "text/plain;charset=UTF-8"],
    ["5", "text/plain;charset=UTF-8"],
    ["[" + "[".repeat(5000) + "]".repeat(5000) + "]", "text/plain;charset=UTF-8"],
    [JSON.stringify(Array.from({ length: 1000 }, () => "$undefined")), "text/plain;charset=UTF-8"],
    ["--boundary\r\nbroken", "multipart/form-data; boundary=boundary"],
  ] as const) {
    const r = await rawAction(page.request, body, type);
    expect(r.status, body.slice(0, 30)).toBe(400);
    expect(r.text).toMatch(/^Bad request: /);
  }

  for (const path of ["/connections/%ZZ/setup", "/api/runs/%E0%A4%A"]) {
    const r = await page.request.get(path, { maxRedirects: 0 });
    expect(r.status(), path).toBe(400);
    expect(await r.text()).toContain("not validly percent-encoded");
  }
  const badQuery = await page.request.get("/api/runs/x?after=abc");
  expect(badQuery.status()).toBe(400);
  expect(await badQuery.json()).toMatchObject({ error: { code: "VALIDATION", message: expect.stringContaining('"after" must be a whole number') } });

  // A well-formed call still reaches the action (which finds no such connection).
  const fine = await postAction(page.request, SETUP, "addTargetsAction", { connectionId: "hostile-input", accounts: "222222222222" });
  expect(fine.status).toBe(200);
  expect(fine.text).toContain("That connection does not exist.");
});
