import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { expect, test } from "vitest";
import { DEFAULT_FIXTURE_FILE } from "./fixture";
import { generateOrganization, startSandbox } from "./index";
import { clientsFor } from "./testing";

test("a taken port is an error, not a half-started sandbox", async () => {
  const first = await startSandbox({ https: false });
  try {
    const port = Number(new URL(first.endpoint).port);
    await expect(startSandbox({ port, https: false })).rejects.toThrow(/EADDRINUSE/);
  } finally {
    await first.stop();
  }
});

test("fixtures load from a JSON file and are validated", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sandbox-fixture-"));
  try {
    const file = path.join(dir, "org.json");
    writeFileSync(file, JSON.stringify(generateOrganization({ members: 2, seed: 3 })));
    const sandbox = await startSandbox({ fixture: file, https: false });
    try {
      expect(sandbox.accounts).toHaveLength(3);
      expect((await clientsFor(sandbox, sandbox.home).sts.send(new GetCallerIdentityCommand({}))).Account).toBe("111111111111");
    } finally {
      await sandbox.stop();
    }
    writeFileSync(file, JSON.stringify({ accounts: [{ accountId: "12", name: "x", role: "management" }] }));
    await expect(startSandbox({ fixture: file, https: false })).rejects.toThrow(/invalid sandbox fixture: accounts\.0\.accountId/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the default fixture is the documented organization", async () => {
  expect(DEFAULT_FIXTURE_FILE).toMatch(/fixtures[/\\]default-organization\.json$/);
  const sandbox = await startSandbox({ https: false });
  try {
    expect(sandbox.home.accountId).toBe("111111111111");
    expect(sandbox.accounts.map((a) => [a.accountId, a.role, a.alias ?? null])).toEqual([
      ["111111111111", "management", "acme-management"],
      ["222222222222", "member", "acme-production"],
      ["333333333333", "member", "acme-development"],
      ["444444444444", "member", null],
    ]);
    for (const a of sandbox.accounts) expect(a.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
  } finally {
    await sandbox.stop();
  }
});
