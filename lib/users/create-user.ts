import "server-only";
import { getDb, isUniqueViolation } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/hash";
import type { Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { generateInitialPassword, issueSetPasswordToken } from "./one-time-secrets";
import { auditUser } from "./to-user-view";
import type { Actor } from "./types";

export type NewUserCredential = { kind: "initial-password"; password: string } | { kind: "set-password-link"; token: string };

/**
 * Creates a user with either a one-time initial password (to be changed at first sign-in) or a
 * one-time set-password link. The secret is returned once, to be shown once; only hashes are stored.
 */
export async function createUser(
  input: { email: string; name: string; role: Role; credential: "initial-password" | "set-password-link" },
  actor: Actor,
): Promise<{ userId: string; credential: NewUserCredential }> {
  const password = input.credential === "initial-password" ? generateInitialPassword() : null;
  const passwordHash = password ? await hashPassword(password) : null;
  try {
    return await getDb().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash, mustChangePassword: true },
      });
      const credential: NewUserCredential = password
        ? { kind: "initial-password", password }
        : { kind: "set-password-link", token: await issueSetPasswordToken(tx, user.id) };
      await recordAudit(
        { action: "user.create", actor: { id: actor.userId, email: actor.email }, entityType: "User", entityId: user.id, after: { ...auditUser(user), credential: input.credential }, ip: actor.ip },
        { db: tx },
      );
      return { userId: user.id, credential };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", "A user with this email already exists.", { fieldErrors: { email: ["A user with this email already exists."] } });
    }
    throw error;
  }
}
