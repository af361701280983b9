import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrationProblems } from "./check-migrations";
import { ROOT } from "./prisma-cli";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A copy of the repository's prisma/ folder to break on purpose. */
function copyOfPrisma(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bp-mig-"));
  dirs.push(root);
  fs.cpSync(path.join(ROOT, "prisma"), path.join(root, "prisma"), { recursive: true, verbatimSymlinks: true });
  return root;
}

describe("models-vs-migrations check", () => {
  it("passes on the committed models and migrations", () => {
    expect(migrationProblems(ROOT)).toEqual([]);
  });

  it("fails when a model changed without a migration", () => {
    const root = copyOfPrisma();
    fs.appendFileSync(path.join(root, "prisma/models.prisma"), "\nmodel Extra {\n  id Int @id\n}\n");
    expect(migrationProblems(root)).toEqual([expect.stringContaining("changed since the last migration")]);
  });

  it("fails when one provider lacks a migration", () => {
    const root = copyOfPrisma();
    fs.mkdirSync(path.join(root, "prisma/sqlite/migrations/29990101000000_extra"));
    fs.writeFileSync(path.join(root, "prisma/sqlite/migrations/29990101000000_extra/migration.sql"), "SELECT 1;");
    expect(migrationProblems(root)).toEqual([expect.stringContaining("migrations differ")]);
  });
});
