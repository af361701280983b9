/**
 * Playwright's web server: migrate the fresh e2e database, then run the production build with
 * `next start`. Later issues start the AWS sandbox here too and pass its endpoint in the environment.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { migrateDeploy, ROOT } from "../scripts/lib/prisma-cli";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("e2e/serve.ts needs DATABASE_URL (set by playwright.config.ts)");
migrateDeploy(url);

const server = spawn(path.join(ROOT, "node_modules/.bin/next"), ["start", "-H", process.env.HOST ?? "127.0.0.1", "-p", process.env.PORT ?? "3217"], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
