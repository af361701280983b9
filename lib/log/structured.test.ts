import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { INSTANCE_ID } from "@/lib/instance";
import { alertEvents, log, LOG_EVENTS, requestIdFrom, setLogSink, withLogContext } from "./index";

function capture(fn: () => void | Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const previous = setLogSink((line) => lines.push(line));
  return Promise.resolve()
    .then(fn)
    .finally(() => setLogSink(previous))
    .then(() => lines.map((l) => JSON.parse(l) as Record<string, unknown>));
}

describe("structured log lines", () => {
  it("carry time, level, event and the instance id; a request's or run's id inside its context", async () => {
    const lines = await capture(async () => {
      log.warn("runs.interrupted", { count: 2 });
      await withLogContext({ requestId: "req-0123456789" }, async () => {
        await Promise.resolve();
        log.error("webhook.failed", { status: 500 });
        // A run started while serving a request keeps the request's id as well.
        await withLogContext({ runId: "run-1" }, async () => {
          await new Promise((r) => setTimeout(r, 1));
          log.error("run.finish_failed");
        });
      });
    });
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toMatchObject({ instanceId: INSTANCE_ID });
      expect(typeof line.time).toBe("string");
    }
    expect(lines[0]).toMatchObject({ level: "warn", event: "runs.interrupted", count: 2 });
    expect(lines[0]).not.toHaveProperty("requestId");
    expect(lines[1]).toMatchObject({ level: "error", event: "webhook.failed", requestId: "req-0123456789" });
    expect(lines[1]).not.toHaveProperty("runId");
    expect(lines[2]).toMatchObject({ event: "run.finish_failed", requestId: "req-0123456789", runId: "run-1" });
  });

  it("a field cannot pass itself off as the envelope", async () => {
    const [line] = await capture(() =>
      withLogContext({ requestId: "req-0123456789" }, () => log.info("schedule.started", { event: "forged", level: "error", requestId: "other", instanceId: "x" })),
    );
    expect(line).toMatchObject({ event: "schedule.started", level: "info", requestId: "req-0123456789", instanceId: INSTANCE_ID });
  });
});

describe("requestIdFrom", () => {
  it("keeps a proxy's X-Request-Id that looks like one, and replaces anything else", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "7f1c2a9e-4b1d-4c55-9a0e-1d2c3b4a5f60" }))).toBe("7f1c2a9e-4b1d-4c55-9a0e-1d2c3b4a5f60");
    for (const hostile of ['x"},{"level":"error', "short", "a".repeat(65), "id with spaces", "<script>alert(1)</script>"]) {
      const id = requestIdFrom(new Headers({ "x-request-id": hostile }));
      expect(id).not.toBe(hostile);
      expect(id).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(requestIdFrom(null)).toMatch(/^[0-9a-f]{16}$/);
    expect(requestIdFrom(null)).not.toBe(requestIdFrom(null));
  });
});

describe("the event registry", () => {
  it("every event name is <area>.<what_happened>", () => {
    for (const name of Object.keys(LOG_EVENTS)) expect(name).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it("the README lists every event to alert on, and no other", () => {
    const readme = fs.readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("### Log events to alert on"));
    const listed = [...section.slice(0, section.indexOf("\n## ")).matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(alertEvents().map((e) => e.event).sort());
  });
});
