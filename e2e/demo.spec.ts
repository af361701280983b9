import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "../scripts/lib/pg-cluster";
import { signInToAws, startConnection } from "./support/setup-wizard";
import { signInFirstTime } from "./support/users";

/**
 * Issue 15: `npm run demo` — the sandbox and the portal together, pointed at each other, with a seeded
 * administrator whose one-time password is printed: someone evaluating Beaconport signs in with what the
 * console shows and reaches the sandbox's home account in step 1, with nothing to configure.
 * Runs the npm script itself, on the build the e2e stage made (--no-build: never rebuild under the other run).
 */
test("npm run demo: one command, a printed one-time password, and step 1 signs in to the sandbox with the printed keys", async ({ browser }) => {
  test.setTimeout(180_000);
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-demo-"));
  const demo = spawn("npm", ["run", "demo", "--", "--port", String(port), "--data-dir", dataDir, "--no-build"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "postgresql://must-be-ignored/x", AWS_ENDPOINT_URL: "http://must-be-ignored.invalid" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  demo.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  demo.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await expect.poll(() => output, { timeout: 120_000, message: "the demo's banner" }).toMatch(/secret access key\s+\S+/);
    const field = (label: string) => new RegExp(`${label}\\s+(\\S+)`).exec(output)?.[1] ?? "";
    const printed = { email: field("email"), password: field("password"), accessKeyId: field("access key ID"), secretAccessKey: field("secret access key") };
    expect(output).toContain(`Open http://127.0.0.1:${port} and sign in`);
    expect(output).toContain(`Demo data: ${dataDir}`);

    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
    const page = await context.newPage();
    await signInFirstTime(page, printed.email, printed.password, "Demo-chosen-pass-2026");
    await startConnection(page, "automated");
    await signInToAws(page, printed);
    await expect(page.getByTestId("caller-account")).toContainText("111111111111");
    await context.close();

    // Only the demo's own folder was written: the data dir named on the command line, marked as a demo's.
    expect(fs.existsSync(path.join(dataDir, ".beaconport-demo"))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, "demo.db"))).toBe(true);
  } finally {
    if (demo.pid) process.kill(-demo.pid, "SIGTERM");
    await new Promise((resolve) => (demo.exitCode !== null ? resolve(null) : demo.once("exit", resolve)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("npm run demo refuses a data dir that is not a demo's (it empties its folder at every start)", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-demo-"));
  fs.writeFileSync(path.join(dataDir, "beaconport.db"), "someone's real data");
  try {
    const result = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn("npm", ["run", "demo", "--", "--data-dir", dataDir, "--no-build"], { stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stdout.on("data", (c: Buffer) => (text += c.toString()));
      child.stderr.on("data", (c: Buffer) => (text += c.toString()));
      child.on("exit", (code) => resolve({ code, text }));
    });
    expect(result.code).toBe(2);
    expect(result.text).toContain("is not a demo's data dir");
    expect(fs.readFileSync(path.join(dataDir, "beaconport.db"), "utf8")).toBe("someone's real data");
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
