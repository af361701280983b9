/**
 * Prisma CLI configuration (generate, migrate deploy, migrate status). The provider follows DATABASE_URL
 * exactly as the app does (lib/env.ts); scripts/prisma-generate.mjs passes --schema for each provider.
 */
import path from "node:path";
import { defineConfig } from "prisma/config";
import { cliAdapter } from "./lib/db/adapters";
import { env } from "./lib/env";

const { databaseUrl, databaseProvider } = env();

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", databaseProvider),
  migrations: { path: path.join("prisma", databaseProvider, "migrations") },
  adapter: async () => cliAdapter(databaseUrl),
});
