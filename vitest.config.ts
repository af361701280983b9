import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

// Unit and integration tests live beside the code (`*.test.ts`); browser tests live in e2e/ (Playwright).
// `*.pg.test.ts` prove PostgreSQL-only behaviour (several portal processes on one database) and run in
// npm test's postgres stage, where DATABASE_URL points at the throwaway cluster.
const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside a React Server Component bundle; in Node tests it is a no-op.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", "data/**", ...(onPostgres ? [] : ["**/*.pg.test.ts"])],
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
