import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

// Unit and integration tests live beside the code (`*.test.ts`); browser tests live in e2e/ (Playwright).
// `*.pg.test.ts` prove PostgreSQL-only behaviour (several portal processes on one database) and run in
// npm test's postgres stage, where DATABASE_URL points at the throwaway cluster.
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const EXCLUDE = ["node_modules/**", ".next/**", "e2e/**", "data/**", ...(onPostgres ? [] : ["**/*.pg.test.ts"])];

/**
 * Test files that need a module graph of their own (vitest's default isolation): database tests (each
 * opens its own database and points lib/env and lib/db at it) and the few files that change process-wide
 * state (process.env, module mocks, fake timers). Every other file shares its worker's modules with the
 * files before it (`isolate: false`): the AWS SDK, zod schemas and the sandbox are imported once per
 * worker instead of once per file (measured on 22 of them: 46 s → 13 s, CPU 44 s → 23 s).
 * test/vitest-isolation.test.ts fails when a shared file starts changing process-wide state.
 */
export const ISOLATED_SUFFIXES = [".db.test.ts", ".pg.test.ts"];
export const ISOLATED_FILES = [
  "components/forms/submit-button.test.tsx",
  "lib/artefacts/setup-script.sandbox.test.ts",
  "lib/auth/client-ip.test.ts",
  "scripts/lib/prisma-cli.test.ts",
];
const ISOLATED_TESTS = [...ISOLATED_SUFFIXES.map((s) => `**/*${s}`), ...ISOLATED_FILES];
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server Component bundle; in Node tests it is a no-op.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    projects: [
      { extends: true, test: { name: "shared", include: ["**/*.test.ts", "**/*.test.tsx"], exclude: [...EXCLUDE, ...ISOLATED_TESTS], isolate: false } },
      { extends: true, test: { name: "isolated", include: ISOLATED_TESTS, exclude: EXCLUDE } },
    ],
    environment: "node",
    // next-auth's ESM imports `next/server` without an extension, which Node's resolver refuses; inlined,
    // Vite resolves it (db tests that run server actions through the wrapper load next-auth).
    server: { deps: { inline: ["next-auth"] } },
    // One worker per core, not vitest's default of one fewer: most tests wait on sockets and databases
    // (the sandbox, SQLite/PostgreSQL), so on 2 cores a second worker fills the waits of the first.
    maxWorkers: Math.max(os.availableParallelism(), 2),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
