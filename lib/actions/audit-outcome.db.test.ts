import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { useTestDatabase, type TestDatabase } from "@/test/db";

/**
 * Real server actions through the real wrapper, on a real database. Only Next's request scope is stood
 * in for (next/headers and next/cache need a running Next server): a request with these headers and
 * this session cookie.
 */
const request = { headers: new Headers(), cookies: new Map<string, string>() };
vi.mock("next/headers", () => ({
  headers: async () => request.headers,
  cookies: async () => ({ get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name) } : undefined) }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const { action } = await import("./action");
const { route } = await import("./route");
const { AppError } = await import("@/lib/errors");
const { AwsOperationError } = await import("@/lib/aws/errors");
const { changeRoleAction, createUserAction, setPasswordWithTokenAction } = await import("@/lib/users/actions");
const { SESSION_COOKIE, signedInSession } = await import("@/test/session-cookie");
const { verifyAuditChain } = await import("@/lib/audit");
const { setLogSink } = await import("@/lib/log");

const PLANTED = "Planted-Secret-Value-4711!";
let t: TestDatabase;
let admin: { id: string; email: string };
let reviewer: { id: string; email: string };

async function actAs(user: { id: string } | null): Promise<void> {
  request.cookies.clear();
  // As scripts/server.mjs reports the socket's peer (the only client address believed by default).
  (globalThis as Record<symbol, unknown>)[Symbol.for("beaconport.peer-header")] = true;
  request.headers = new Headers({ "x-beaconport-peer": "203.0.113.7", "user-agent": "vitest" });
  if (!user) return;
  request.cookies.set(SESSION_COOKIE, (await signedInSession(user.id)).cookie);
}

function errorOf(result: { ok: boolean }): { code: string; reference?: string } | undefined {
  return "error" in result ? (result.error as { code: string; reference?: string }) : undefined;
}

async function eventsSince(seq: bigint) {
  return t.db.auditEvent.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: "asc" } });
}
async function head(): Promise<bigint> {
  return (await t.db.auditEvent.findFirst({ orderBy: { seq: "desc" } }))?.seq ?? 0n;
}

beforeAll(async () => {
  t = await useTestDatabase();
  await t.db.installation.create({ data: { id: 1 } });
  admin = await t.db.user.create({ data: { email: "ada@example.test", name: "Ada", passwordHash: "x", role: "admin" }, select: { id: true, email: true } });
  reviewer = await t.db.user.create({ data: { email: "rex@example.test", name: "Rex", passwordHash: "x", role: "reviewer" }, select: { id: true, email: true } });
});
afterAll(async () => {
  await t.cleanup();
});

describe("refused and failed changes are audited", () => {
  it("a validation refusal records the verb, the code and the failing fields, not the values", async () => {
    await actAs(admin);
    const before = await head();
    const result = await changeRoleAction(undefined, { userId: reviewer.id, role: `superuser-${PLANTED}` as "admin" });
    expect(result.ok).toBe(false);
    const events = await eventsSince(before);
    expect(events.map((e) => e.action)).toEqual(["user.role.refused"]);
    expect(events[0]).toMatchObject({ actorId: admin.id, actorEmail: admin.email, entityId: reviewer.id, ip: "203.0.113.7" });
    expect(JSON.parse(events[0]!.after!)).toEqual({ code: "VALIDATION", fields: ["role"] });
    expect(JSON.stringify(events, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(PLANTED);
  });

  it("a conflict (demoting the last administrator) and a missing entity are refusals", async () => {
    await actAs(admin);
    const before = await head();
    expect((await changeRoleAction(undefined, { userId: admin.id, role: "reviewer" })).ok).toBe(false);
    expect((await changeRoleAction(undefined, { userId: "no-such-user", role: "admin" })).ok).toBe(false);
    const events = await eventsSince(before);
    expect(events.map((e) => [e.action, e.entityId, JSON.parse(e.after!).code])).toEqual([
      ["user.role.refused", admin.id, "CONFLICT"],
      ["user.role.refused", "no-such-user", "NOT_FOUND"],
    ]);
  });

  it("a duplicate user is refused and audited; the success path writes only its own event", async () => {
    await actAs(admin);
    const before = await head();
    expect((await createUserAction(undefined, { email: "new@example.test", name: "New", role: "reviewer", credential: "initial-password" })).ok).toBe(true);
    expect((await createUserAction(undefined, { email: "new@example.test", name: "New", role: "reviewer", credential: "initial-password" })).ok).toBe(false);
    const events = await eventsSince(before);
    expect(events.map((e) => e.action)).toEqual(["user.create", "user.create.refused"]);
    expect(JSON.parse(events[1]!.after!)).toEqual({ code: "CONFLICT", fields: ["email"] });
  });

  it("an authorization refusal is recorded once, as auth.denied", async () => {
    await actAs(reviewer);
    const before = await head();
    expect((await createUserAction(undefined, { email: "x@example.test", name: "X", role: "admin", credential: "initial-password" })).ok).toBe(false);
    const events = await eventsSince(before);
    expect(events.map((e) => e.action)).toEqual(["auth.denied"]);
    expect(JSON.parse(events[0]!.after!)).toMatchObject({ attempted: "user.create", required: "admin" });
  });

  it("a public action's refusal is recorded without the token or password it carried", async () => {
    await actAs(null);
    const before = await head();
    const token = `tok-${PLANTED}-0123456789abcdef`;
    const result = await setPasswordWithTokenAction(undefined, { token, password: PLANTED, confirmPassword: PLANTED });
    expect(result.ok).toBe(false);
    const events = await eventsSince(before);
    expect(events.map((e) => [e.action, e.actorId, JSON.parse(e.after!).code])).toEqual([["user.set-password.refused", null, "NOT_FOUND"]]);
    expect(JSON.stringify(events, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(PLANTED);
  });

  it("an anonymous caller without a session is refused without filling the trail", async () => {
    await actAs(null);
    const before = await head();
    expect(errorOf(await changeRoleAction(undefined, { userId: reviewer.id, role: "admin" }))?.code).toBe("UNAUTHENTICATED");
    expect(await eventsSince(before)).toEqual([]);
  });

  it("AWS and unexpected failures are `.failed`, with the error code and log reference but no message", async () => {
    await actAs(admin);
    const before = await head();
    const awsAction = action({ schema: z.object({ connectionId: z.string() }), role: "admin", audit: { action: "test.aws-change", entityType: "Connection" } }, async () => {
      throw new AppError("AWS_ACCESS_DENIED", `User arn:aws:iam::111111111111:user/${PLANTED} is not authorized`);
    });
    const brokenAction = action({ schema: z.object({}), role: "admin", name: "test.broken-change" }, async () => {
      throw new Error(`database said ${PLANTED}`);
    });
    expect(errorOf(await awsAction(undefined, { connectionId: "conn_1" }))?.code).toBe("AWS_ACCESS_DENIED");
    const broken = errorOf(await brokenAction(undefined, {}));
    expect(broken?.code).toBe("INTERNAL");
    const events = await eventsSince(before);
    expect(events.map((e) => [e.action, e.entityType, e.entityId])).toEqual([
      ["test.aws-change.failed", "Connection", "conn_1"],
      ["test.broken-change.failed", null, null],
    ]);
    expect(JSON.parse(events[0]!.after!)).toEqual({ code: "AWS_ACCESS_DENIED" });
    expect(JSON.parse(events[1]!.after!)).toEqual({ code: "INTERNAL", reference: broken?.reference });
    expect(JSON.stringify(events, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(PLANTED);
  });

  it("an AWS operation's error reaches the user as its cause and fix (never the SDK's text), with the action's field errors", async () => {
    await actAs(admin);
    const refused = new AwsOperationError({ code: "AWS_INVALID_CREDENTIALS", awsCode: "InvalidClientTokenId", action: "sts:GetCallerIdentity", cause: "AWS does not know this access key.", fix: "Paste a current key.", message: `raw SDK text ${PLANTED}` });
    const signIn = action({ schema: z.object({ accessKeyId: z.string() }), role: "admin", name: "test.aws-sign-in", awsFieldErrors: { AWS_INVALID_CREDENTIALS: { accessKeyId: ["Not accepted."] } } }, async () => {
      throw refused;
    });
    const result = await signIn(undefined, { accessKeyId: "AKIAEXAMPLE" });
    expect(result).toMatchObject({ ok: false, error: { code: "AWS_INVALID_CREDENTIALS", message: "AWS does not know this access key. (InvalidClientTokenId on sts:GetCallerIdentity)", hint: "Paste a current key.", fieldErrors: { accessKeyId: ["Not accepted."] } } });
    expect(JSON.stringify(result)).not.toContain(PLANTED);
  });

  it("the route wrapper audits a named route's refusals", async () => {
    await actAs(admin);
    const before = await head();
    const DELETE = route<{ id: string }>({ role: "admin", name: "test.route-change" }, async () => {
      throw new AppError("CONFLICT", "Already gone.");
    });
    const response = await DELETE(new Request("http://127.0.0.1/api/things/thing_1", { method: "DELETE", headers: request.headers }), { params: Promise.resolve({ id: "thing_1" }) });
    expect(response.status).toBe(409);
    const events = await eventsSince(before);
    expect(events.map((e) => [e.action, e.entityId, e.actorId, JSON.parse(e.after!).code])).toEqual([["test.route-change.refused", "thing_1", admin.id, "CONFLICT"]]);
  });

  it("an unexpected failure is logged once, with the reference the user saw and the request's id (action and route)", async () => {
    await actAs(admin);
    request.headers.set("x-request-id", "proxy-req-0001");
    const lines: Record<string, unknown>[] = [];
    const previous = setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    try {
      const broken = action({ schema: z.object({}), role: "admin", name: "test.broken" }, async () => {
        throw new Error("boom");
      });
      const shownByAction = errorOf(await broken(undefined, {}));
      const GET = route({ role: "admin" }, async () => {
        throw new Error("boom");
      });
      const response = await GET(new Request("http://127.0.0.1/api/things", { headers: new Headers({ "x-request-id": "proxy-req-0002" }) }), { params: Promise.resolve({}) });
      const shownByRoute = ((await response.json()) as { error: { reference: string } }).error;
      expect(lines.filter((l) => l.event === "error.unexpected").map((l) => [l.reference, l.requestId])).toEqual([
        [shownByAction?.reference, "proxy-req-0001"],
        [shownByRoute.reference, "proxy-req-0002"],
      ]);
    } finally {
      setLogSink(previous);
      request.headers.delete("x-request-id");
    }
  });

  it("the chain still verifies", async () => {
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
