/**
 * A stub AWS CLI for running generated shell scripts without AWS: it records its argv (one JSON line per
 * call) and answers like an empty account, so a setup script creates everything (get-* → NoSuchEntity,
 * list-* → nothing, create-access-key → a key). Used by the hostile-value and dry-run tests.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const STUB = String.raw`#!/usr/bin/python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["AWS_STUB_LOG"], "a") as f:
    f.write(json.dumps(args) + "\n")
verb = next((a for a in args[1:] if not a.startswith("-")), "")
if verb.startswith("get-"):
    sys.stderr.write("An error occurred (NoSuchEntity) when calling the operation: not found\n")
    sys.exit(254)
if verb == "list-access-keys":
    print("0")
elif verb == "create-access-key":
    print("AKIAHOSTILETEST00001\tsecret")
`;

/** A child's whole environment (nothing inherited); NODE_ENV is not one of its concerns. */
export const childEnv = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

/**
 * Runs `script` with bash in a fresh directory (removed afterwards), the stub first on PATH and `x` set to
 * "EXPANDED" (a value that shows up only if something expands `${x}`); the calls it made, the files it
 * left, and its exit status and output.
 */
export function runWithStubAws(script: string, env: Record<string, string> = {}, args: string[] = []): { calls: string[][]; files: string[]; status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "beaconport-stub-aws-"));
  try {
    const bin = join(dir, ".bin");
    execFileSync("mkdir", ["-p", bin]);
    writeFileSync(join(bin, "aws"), STUB);
    chmodSync(join(bin, "aws"), 0o755);
    const log = join(dir, ".calls");
    writeFileSync(log, "");
    writeFileSync(join(dir, ".script.sh"), script);
    const r = spawnSync("bash", [join(dir, ".script.sh"), ...args], {
      cwd: dir,
      env: childEnv({ PATH: `${bin}:/usr/bin:/bin`, HOME: dir, AWS_STUB_LOG: log, x: "EXPANDED", ...env }),
      encoding: "utf8",
      timeout: 60_000,
    });
    const calls = readFileSync(log, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as string[]);
    const files = readdirSync(dir).filter((f) => !f.startsWith("."));
    return { calls, files, status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
