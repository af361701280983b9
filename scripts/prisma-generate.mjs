// Generates both Prisma clients (SQLite and PostgreSQL) into lib/db/generated/. Offline: with
// `engineType = "client"` Prisma 6.19 downloads no engine. Runs on `npm ci` (postinstall) and before builds.
import { spawnSync } from "node:child_process";

const env = { ...process.env, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
for (const provider of ["sqlite", "postgresql"]) {
  const result = spawnSync(
    process.execPath,
    ["node_modules/prisma/build/index.js", "generate", "--schema", `prisma/${provider}`],
    { stdio: ["ignore", "pipe", "inherit"], env },
  );
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? "");
    console.error(`prisma generate failed for ${provider}`);
    process.exit(result.status ?? 1);
  }
  console.log(`prisma: generated the ${provider} client in lib/db/generated/${provider}`);
}
