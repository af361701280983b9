import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { expect, test } from "vitest";
import type { Sandbox } from "./index";
import { clientsFor } from "./testing";

const CLI = path.join(import.meta.dirname, "cli.ts");

test("npm run sandbox: first stdout line is the JSON summary; flags apply; SIGTERM stops it cleanly", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--https-port", "0", "--members", "3", "--latency-ms", "7", "--propagation-ms", "20", "--quota", "managedPoliciesPerUser=20", "--quota", "groupsPerUser=3"], {
    cwd: path.dirname(import.meta.dirname),
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      child.once("exit", (code) => reject(new Error(`cli exited early with ${code}`)));
    });
    const summary = JSON.parse(first) as Pick<Sandbox, "endpoint" | "httpsEndpoint" | "caFile" | "controlUrl" | "home" | "accounts">;
    expect(summary.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.httpsEndpoint).toMatch(/^https:\/\/localhost:\d+$/);
    expect(existsSync(summary.caFile!)).toBe(true);
    expect(summary.accounts).toHaveLength(4);
    expect(summary.home).toEqual({ accountId: "111111111111", accessKeyId: summary.accounts[0]!.accessKeyId, secretAccessKey: summary.accounts[0]!.secretAccessKey });
    const faults = (await (await fetch(`${summary.controlUrl}/faults`)).json()) as Record<string, unknown>;
    expect(faults).toEqual({ latencyMs: 7, propagationDelayMs: 20 });
    const quotas = (await (await fetch(`${summary.controlUrl}/quotas`)).json()) as Record<string, { value: number }>;
    expect([quotas.managedPoliciesPerUser?.value, quotas.groupsPerUser?.value, quotas.managedPoliciesPerRole?.value]).toEqual([20, 3, 10]);
    const sts = clientsFor(summary as Sandbox, summary.home, { https: true }).sts;
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe("111111111111");

    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(existsSync(summary.caFile!)).toBe(false);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

test("npm run sandbox --quota: a value past AWS's maximum stops it before it listens, with the reason", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "--port", "0", "--no-https", "--quota", "managedPoliciesPerGroup=20"], {
    cwd: path.dirname(import.meta.dirname),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code).toBe(2);
  expect(stdout).toBe("");
  expect(stderr).toContain(`managedPoliciesPerGroup: 20 refused: AWS does not raise "Managed policies per group" above 10`);
});
