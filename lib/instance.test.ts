import { describe, expect, it, vi } from "vitest";

describe("INSTANCE_ID", () => {
  it("is one id per process, however many bundled copies of the module are loaded", async () => {
    // Next bundles lib/instance.ts more than once (instrumentation vs route bundles): separate module
    // instances in one process must still name the same process.
    vi.resetModules();
    const first = await import("./instance");
    vi.resetModules();
    const second = await import("./instance");
    expect(second).not.toBe(first);
    expect(second.INSTANCE_ID).toBe(first.INSTANCE_ID);
    expect(first.INSTANCE_ID).toContain(`:${process.pid}:`);
  });
});
