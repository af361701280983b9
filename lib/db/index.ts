import "server-only";
import { env } from "@/lib/env";
import { createDbClient, type Db } from "./client";

export type { Db, DbOrTx, Tx } from "./client";

// Lazy so `next build` connects to nothing; on globalThis so dev-mode hot reloads reuse one pool.
const holder = globalThis as unknown as { __beaconportDb?: Db };

export function getDb(): Db {
  holder.__beaconportDb ??= createDbClient(env().databaseUrl);
  return holder.__beaconportDb;
}

/** True when a unique constraint was violated (Prisma P2002), e.g. two requests racing for one slot. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
