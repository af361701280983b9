import "server-only";
import { env } from "@/lib/env";
import { getDb, isUniqueViolation } from "@/lib/db";

/**
 * Password attempts are reserved in the database *before* a password is checked, one conditional UPDATE
 * per key (`count < max` within the window). The database decides who gets the last slot, so a burst
 * of parallel attempts (one process or many, SQLite or PostgreSQL at READ COMMITTED, where the UPDATE
 * re-evaluates its WHERE on the row it waited for) checks at most `max` passwords per window. A
 * reservation whose password was right is released; a wrong one stays as the failure.
 *
 * Windows are fixed and start with the first attempt of a key: at `max` attempts the key is locked
 * until `windowStart + window`.
 */
export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}
export function addressKey(ip: string): string {
  return `ip:${ip}`;
}
export function deviceKey(deviceId: string): string {
  return `device:${deviceId}`;
}

export type LimitScope = "account" | "address" | "device";

export interface LimitKey {
  key: string;
  scope: LimitScope;
  max: number;
}

export interface Reservation {
  keys: string[];
  at: Date;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; scope: LimitScope; retryAt: Date };

async function reserveOne(key: string, max: number, now: Date): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
  const db = getDb();
  const { windowMs } = env().login;
  const since = new Date(now.getTime() - windowMs);
  // Each step is one atomic statement; when a concurrent request changed the row between two steps,
  // the loop starts over from the first one.
  for (let round = 0; round < 20; round++) {
    const counted = await db.loginCounter.updateMany({ where: { key, windowStart: { gt: since }, count: { lt: max } }, data: { count: { increment: 1 } } });
    if (counted.count > 0) return { ok: true };
    const restarted = await db.loginCounter.updateMany({ where: { key, windowStart: { lte: since } }, data: { windowStart: now, count: 1 } });
    if (restarted.count > 0) return { ok: true };
    const row = await db.loginCounter.findUnique({ where: { key } });
    if (row) {
      if (row.windowStart > since && row.count >= max) return { ok: false, retryAt: new Date(row.windowStart.getTime() + windowMs) };
      continue;
    }
    try {
      await db.loginCounter.create({ data: { key, windowStart: now, count: 1 } });
      return { ok: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("login limiter: no reservation after 20 rounds of contention");
}

/** Reserves one attempt on every key, all or nothing (a refused key gives back the ones taken). */
export async function reserveAttempt(keys: readonly LimitKey[], now = new Date()): Promise<ReserveResult> {
  const taken: string[] = [];
  for (const { key, scope, max } of keys) {
    const result = await reserveOne(key, max, now);
    if (!result.ok) {
      await releaseAttempt({ keys: taken, at: now });
      return { ok: false, scope, retryAt: result.retryAt };
    }
    taken.push(key);
  }
  return { ok: true, reservation: { keys: taken, at: now } };
}

/** Gives a reservation back (the password was right, or it was never checked). */
export async function releaseAttempt(reservation: Reservation): Promise<void> {
  const db = getDb();
  for (const key of reservation.keys) {
    // Only within the window the reservation was taken in: a window restarted since is not ours to lower.
    await db.loginCounter.updateMany({ where: { key, windowStart: { lte: reservation.at }, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
  }
}

/** Housekeeping: counters whose window ended can never matter again. */
export async function pruneCounters(now = new Date()): Promise<void> {
  await getDb().loginCounter.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - env().login.windowMs) } } });
}
