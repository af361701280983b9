import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { waitForHealth } from "./wait-for-health";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A tiny /api/health that answers each request with the next of `answers` (the last one repeats). */
async function healthServer(answers: { status: number; body: object }[]): Promise<{ baseUrl: string; requests: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    const answer = answers[Math.min(count, answers.length - 1)]!;
    if (req.url === "/api/health") count++;
    res.writeHead(req.url === "/api/health" ? answer.status : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(answer.body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => count };
}

/** A port that was just free: nobody listens there. */
async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const unavailable = { status: 503, body: { status: "database unavailable", build: "b1" } };

describe("waitForHealth", () => {
  it("keeps asking while the server answers 503 and returns the first 200's health", async () => {
    const server = await healthServer([unavailable, unavailable, { status: 200, body: { status: "ok", build: "b1" } }]);
    const health = await waitForHealth({ baseUrl: server.baseUrl, timeoutMs: 30_000, intervalMs: 10 });
    expect(health).toMatchObject({ status: "ok", build: "b1" });
    expect(server.requests()).toBe(3);
  });

  it("with a predicate, waits past 200s it does not accept (another build still serving)", async () => {
    const server = await healthServer([
      { status: 200, body: { status: "ok", build: "old" } },
      { status: 200, body: { status: "ok", build: "old" } },
      { status: 200, body: { status: "ok", build: "new" } },
    ]);
    const health = await waitForHealth({ baseUrl: server.baseUrl, timeoutMs: 30_000, intervalMs: 10, accept: (h) => h.build === "new" });
    expect(health.build).toBe("new");
    expect(server.requests()).toBe(3);
  });

  it("fails at once when the server's process has exited, naming its exit code", async () => {
    const child = spawn(process.execPath, ["-e", "process.exit(3)"], { stdio: "ignore" });
    await new Promise((resolve) => child.once("exit", resolve));
    const baseUrl = `http://127.0.0.1:${await freePort()}`;
    await expect(waitForHealth({ baseUrl, timeoutMs: 30_000, label: "the extra portal", child })).rejects.toThrow("the extra portal exited (code 3) before answering /api/health");
  });

  it("gives up after the timeout when the server never becomes healthy", async () => {
    const server = await healthServer([unavailable]);
    await expect(waitForHealth({ baseUrl: server.baseUrl, timeoutMs: 200, intervalMs: 10, label: "instance 1" })).rejects.toThrow(`instance 1 did not answer /api/health at ${server.baseUrl}`);
    expect(server.requests()).toBeGreaterThan(0);
  });
});
