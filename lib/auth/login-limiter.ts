import "server-only";
import { env } from "@/lib/env";
import { getDb } from "@/lib/db";
import { evaluateLimit, type LimitVerdict } from "./rate-limit-policy";

/** Failed sign-ins are stored, so the limit holds across restarts and across server processes. */
export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}
export function addressKey(ip: string): string {
  return `ip:${ip}`;
}

export interface LoginLimitVerdict {
  limited: boolean;
  retryAt?: Date;
  /** Which limit applies, for the message. */
  scope?: "account" | "address";
}

async function failuresOf(key: string, since: Date): Promise<Date[]> {
  const rows = await getDb().loginFailure.findMany({ where: { key, at: { gt: since } }, select: { at: true } });
  return rows.map((r) => r.at);
}

export async function checkLoginLimit(email: string, ip: string | null, now = new Date()): Promise<LoginLimitVerdict> {
  const { login } = env();
  const since = new Date(now.getTime() - login.windowMs);
  const verdicts: { scope: "account" | "address"; v: LimitVerdict }[] = [
    { scope: "account", v: evaluateLimit(await failuresOf(accountKey(email), since), now, { max: login.maxFailuresPerAccount, windowMs: login.windowMs }) },
  ];
  if (ip) {
    verdicts.push({ scope: "address", v: evaluateLimit(await failuresOf(addressKey(ip), since), now, { max: login.maxFailuresPerAddress, windowMs: login.windowMs }) });
  }
  let worst: LoginLimitVerdict = { limited: false };
  for (const { scope, v } of verdicts) {
    if (v.limited && (!worst.retryAt || v.retryAt > worst.retryAt)) worst = { limited: true, retryAt: v.retryAt, scope };
  }
  return worst;
}

export async function recordLoginFailure(email: string, ip: string | null, now = new Date()): Promise<void> {
  const db = getDb();
  const keys = [accountKey(email), ...(ip ? [addressKey(ip)] : [])];
  await db.loginFailure.createMany({ data: keys.map((key) => ({ key, at: now })) });
  // Housekeeping: rows older than the window can never matter again.
  await db.loginFailure.deleteMany({ where: { at: { lt: new Date(now.getTime() - env().login.windowMs) } } });
}

/** A successful sign-in clears the account's failures (not the address's: that one guards spraying). */
export async function clearAccountFailures(email: string): Promise<void> {
  await getDb().loginFailure.deleteMany({ where: { key: accountKey(email) } });
}
