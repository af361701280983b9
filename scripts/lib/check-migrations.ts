/**
 * Fails when prisma/models.prisma changed without a migration: the snapshot written by
 * `npm run db:migration` must equal the models file, and both providers must carry the same migrations.
 */
import fs from "node:fs";
import path from "node:path";
import { PROVIDERS, ROOT } from "./prisma-cli";

export function migrationProblems(root = ROOT): string[] {
  const problems: string[] = [];
  const models = path.join(root, "prisma/models.prisma");
  const snapshot = path.join(root, "prisma/models.snapshot.prisma");
  if (!fs.existsSync(snapshot)) problems.push("prisma/models.snapshot.prisma is missing: run `npm run db:migration -- <name>`");
  else if (fs.readFileSync(models, "utf8") !== fs.readFileSync(snapshot, "utf8")) {
    problems.push("prisma/models.prisma changed since the last migration: run `npm run db:migration -- <name>` and commit the result");
  }
  const lists = PROVIDERS.map((provider) => {
    const dir = path.join(root, "prisma", provider, "migrations");
    const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).sort() : [];
    for (const name of names) {
      if (!fs.existsSync(path.join(dir, name, "migration.sql"))) problems.push(`prisma/${provider}/migrations/${name} has no migration.sql`);
    }
    if (names.length === 0) problems.push(`prisma/${provider}/migrations is empty`);
    return names;
  });
  if (JSON.stringify(lists[0]) !== JSON.stringify(lists[1])) {
    problems.push(`the SQLite and PostgreSQL migrations differ: ${JSON.stringify(lists[0])} vs ${JSON.stringify(lists[1])}`);
  }
  return problems;
}
