import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase, type TestDatabase } from "@/test/db";

// The action runs through the real wrapper; only Next's request scope is stood in for: a request from
// 198.51.100.9 as scripts/server.mjs reports the socket's peer.
const from = (ip: string) => new Headers({ "x-beaconport-peer": ip });
(globalThis as Record<symbol, unknown>)[Symbol.for("beaconport.peer-header")] = true;
const request = { headers: from("198.51.100.9") };
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined }),
}));

const { prepareSetupToken, SETUP_TOKEN_FILE_NAME, SETUP_TOKEN_MAX_FAILURES } = await import("./setup-token");
const { setupAction } = await import("@/lib/users/actions");
const { createFirstAdmin } = await import("@/lib/users/create-first-admin");
const { verifyAuditChain } = await import("@/lib/audit");

let t: TestDatabase;
beforeAll(async () => {
  t = await useTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

const ADMIN = { name: "Ada", email: "ada@example.test", password: "First-admin-pass-1", confirmPassword: "First-admin-pass-1" };

function errorOf(result: { ok: boolean }): { code: string; fieldErrors?: Record<string, string[]> } | undefined {
  return "error" in result ? (result.error as { code: string; fieldErrors?: Record<string, string[]> }) : undefined;
}

describe("the first-run setup token", () => {
  let token = "";

  it("is generated at start while no user exists, into <data dir>/setup-token with mode 0600", async () => {
    const prepared = await prepareSetupToken();
    expect(prepared.state).toBe("ready");
    if (prepared.state !== "ready") return;
    token = prepared.token;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(prepared.file).toBe(path.join(t.dataDir, SETUP_TOKEN_FILE_NAME));
    expect(fs.statSync(prepared.file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(prepared.file, "utf8").trim()).toBe(token);
    // The database holds a hash only.
    const facts = await t.db.installationFact.findMany();
    expect(JSON.stringify(facts)).not.toContain(token);
    // A restart keeps the same token.
    expect(await prepareSetupToken()).toMatchObject({ state: "ready", token, created: false });
  });

  it("without a token or with a wrong one, setup is refused, nothing is created, and the refusal is audited without the value", async () => {
    const missing = await setupAction(undefined, { ...ADMIN } as Parameters<typeof setupAction>[1]);
    expect(errorOf(missing)?.fieldErrors?.setupToken).toBeDefined();
    const wrong = await setupAction(undefined, { ...ADMIN, setupToken: "not-the-token-0123456789abcdef0123456789" });
    expect(errorOf(wrong)?.code).toBe("FORBIDDEN");
    expect(errorOf(wrong)?.fieldErrors?.setupToken).toBeDefined();
    const almost = await setupAction(undefined, { ...ADMIN, setupToken: `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}` });
    expect(errorOf(almost)?.code).toBe("FORBIDDEN");
    expect(await t.db.user.count()).toBe(0);
    expect(await t.db.installation.count()).toBe(0);
    const events = await t.db.auditEvent.findMany({ where: { action: "setup.first-admin.refused" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [JSON.parse(e.after!).code, e.ip])).toEqual([
      ["VALIDATION", "198.51.100.9"],
      ["FORBIDDEN", "198.51.100.9"],
      ["FORBIDDEN", "198.51.100.9"],
    ]);
    expect(events.map((e) => e.after).join()).not.toContain(token.slice(0, -1));
  });

  it("limits wrong tokens per address: past the limit even the right token is refused from there", async () => {
    request.headers = from("192.0.2.66");
    for (let i = 0; i < SETUP_TOKEN_MAX_FAILURES; i++) {
      expect(errorOf(await setupAction(undefined, { ...ADMIN, setupToken: `wrong-${i}-0123456789abcdef0123456789` }))?.code).toBe("FORBIDDEN");
    }
    expect(errorOf(await setupAction(undefined, { ...ADMIN, setupToken: token }))?.code).toBe("RATE_LIMITED");
    expect(await t.db.user.count()).toBe(0);
    request.headers = from("198.51.100.9");
  });

  it("the right token creates the first administrator once; then the token is gone", async () => {
    await createFirstAdmin({ email: ADMIN.email, name: ADMIN.name, password: ADMIN.password, setupToken: ` ${token}`.trim() }, { ip: "198.51.100.9" });
    expect(await t.db.user.count()).toBe(1);
    expect(fs.existsSync(path.join(t.dataDir, SETUP_TOKEN_FILE_NAME))).toBe(false);
    expect(await t.db.installationFact.findMany({ where: { name: { contains: "setup" } } })).toEqual([]);
    const again = createFirstAdmin({ email: "late@example.test", name: "Late", password: ADMIN.password, setupToken: token }, { ip: null });
    await expect(again).rejects.toMatchObject({ code: "CONFLICT" });
    // A restart of an installed portal generates no token.
    expect(await prepareSetupToken()).toEqual({ state: "installed" });
    expect(fs.existsSync(path.join(t.dataDir, SETUP_TOKEN_FILE_NAME))).toBe(false);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it("an instance sharing the database with another data dir does not invent a second token", async () => {
    const other = await useTestDatabase();
    try {
      const first = await prepareSetupToken({ dataDir: path.join(other.dataDir, "instance-1") });
      const second = await prepareSetupToken({ dataDir: path.join(other.dataDir, "instance-2") });
      expect(first.state).toBe("ready");
      expect(second).toEqual({ state: "elsewhere" });
      expect(fs.existsSync(path.join(other.dataDir, "instance-2", SETUP_TOKEN_FILE_NAME))).toBe(false);
    } finally {
      await other.cleanup();
    }
  });
});
