import { describe, expect, it } from "vitest";
import { AppError, ERROR_CODES, httpStatusOf, toPublicError } from "./errors";

describe("AppError", () => {
  it("maps every code to an HTTP status", () => {
    for (const code of ERROR_CODES) expect(httpStatusOf(code)).toBeGreaterThanOrEqual(400);
    expect(new AppError("FORBIDDEN").httpStatus).toBe(403);
    expect(new AppError("UNAUTHENTICATED").httpStatus).toBe(401);
    expect(new AppError("RATE_LIMITED").httpStatus).toBe(429);
    expect(new AppError("VALIDATION").httpStatus).toBe(400);
  });

  it("passes an AppError's safe message, hint and field errors through", () => {
    const err = new AppError("VALIDATION", "Fix it.", { hint: "Like this.", fieldErrors: { email: ["bad"] } });
    expect(toPublicError(err, () => {})).toEqual({ code: "VALIDATION", message: "Fix it.", hint: "Like this.", fieldErrors: { email: ["bad"] } });
  });

  it("never passes an unknown error's message to the client, and logs it under a reference", () => {
    const logged: { reference: string; error: unknown }[] = [];
    const secret = new Error("connect ECONNREFUSED postgres://admin:s3cret@db/x");
    const pub = toPublicError(secret, (reference, error) => logged.push({ reference, error }));
    expect(pub.code).toBe("INTERNAL");
    expect(pub.message).not.toContain("s3cret");
    expect(pub.message).toMatch(/^Something failed \(reference [a-z0-9]{6}\)\.$/);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.reference).toBe(pub.reference);
    expect(logged[0]!.error).toBe(secret);
  });
});
