import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { DbOrTx } from "@/lib/db";

export const SET_PASSWORD_TOKEN_TTL_MS = 72 * 3600_000;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A one-time initial password: 20 characters from an unambiguous alphabet, with all four classes. */
export function generateInitialPassword(): string {
  const sets = ["abcdefghjkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "-_.!%+"];
  const all = sets.join("");
  const bytes = randomBytes(20);
  const chars = Array.from(bytes, (b, i) => {
    const set = i < sets.length ? sets[i]! : all;
    return set[b % set.length]!;
  });
  // Fisher-Yates with fresh randomness so the guaranteed classes are not always first.
  const shuffle = randomBytes(chars.length);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = shuffle[i]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}

/** Issues a set-password link token (only its hash is stored) and revokes older unused ones. */
export async function issueSetPasswordToken(db: DbOrTx, userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.passwordToken.deleteMany({ where: { userId, usedAt: null } });
  await db.passwordToken.create({ data: { userId, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + SET_PASSWORD_TOKEN_TTL_MS) } });
  return token;
}
