import { describe, expect, it, vi } from "vitest";
import { isMigrationLockTimeout, migrateDeploy } from "./prisma-cli";

// Prisma's output when another process held the migration lock past its 10 s wait (seen when two
// instances start together on one PostgreSQL database on a busy machine).
const LOCK_TIMEOUT = "Error: P1002\n\nThe database server was reached but timed out.\n\nContext: Timed out trying to acquire a postgres advisory lock (SELECT pg_advisory_lock(72707369)). Timeout: 10000ms.";
const ok = { status: 0, stdout: "10 migrations found\nNo pending migrations to apply.", stderr: "" };

describe("migrateDeploy", () => {
  it("tries again while another instance holds the migration lock, then succeeds", () => {
    const outcomes = [{ status: 1, stdout: "", stderr: LOCK_TIMEOUT }, { status: 1, stdout: LOCK_TIMEOUT, stderr: "" }, ok];
    const run = vi.fn(() => outcomes.shift()!);
    const wait = vi.fn();
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    migrateDeploy("postgresql://x@127.0.0.1/db", {}, { run, wait, pauseMs: 5 });
    expect(run).toHaveBeenCalledTimes(3);
    expect(wait).toHaveBeenCalledTimes(2);
    expect(run.mock.calls[0]).toEqual([{ DATABASE_URL: "postgresql://x@127.0.0.1/db" }]);
  });

  it("gives up after the last attempt, and fails at once on any other error", () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const locked = vi.fn(() => ({ status: 1, stdout: "", stderr: LOCK_TIMEOUT }));
    expect(() => migrateDeploy("postgresql://x@127.0.0.1/db", {}, { run: locked, wait: () => undefined, attempts: 3 })).toThrow(/exit 1/);
    expect(locked).toHaveBeenCalledTimes(3);
    const broken = vi.fn(() => ({ status: 1, stdout: "", stderr: "Error: P3009 migrate found failed migrations" }));
    expect(() => migrateDeploy("postgresql://x@127.0.0.1/db", {}, { run: broken, wait: () => undefined })).toThrow(/exit 1/);
    expect(broken).toHaveBeenCalledTimes(1);
    stderr.mockRestore();
  });

  it("recognises only the lock timeout", () => {
    expect(isMigrationLockTimeout(LOCK_TIMEOUT)).toBe(true);
    expect(isMigrationLockTimeout("Error: P1002 The database server was reached but timed out.")).toBe(false);
    expect(isMigrationLockTimeout("Error: P1001 Can't reach database server")).toBe(false);
  });
});
