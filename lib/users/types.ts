import { z } from "zod";
import { PASSWORD_RULE_TEXT, passwordProblems } from "@/lib/auth/password-rule";
import { ROLES, type Role } from "@/lib/auth/roles";

/** Who performs a change, for the audit trail. */
export interface Actor {
  userId: string;
  email: string;
  ip: string | null;
}

/** A user as pages see it: no hash, no tokens. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  hasPassword: boolean;
  createdAt: string;
  lastSeenAt: string | null;
}

export const emailSchema = z.string().trim().toLowerCase().max(254).email("Enter a valid email address.");
export const nameSchema = z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.");
export const roleSchema = z.enum(ROLES, { message: "Choose a role." });

/** A new password with its confirmation, checked against the strength rule (email/name aware). */
export function newPasswordSchema<T extends z.ZodRawShape>(extra: T) {
  return z
    .object({ ...extra, password: z.string(), confirmPassword: z.string() })
    .superRefine((value, ctx) => {
      // The generic shape hides the two fields this refinement adds; name them for the checker.
      const v = value as unknown as { password: string; confirmPassword: string };
      const context = value as { email?: unknown; name?: unknown };
      const problems = passwordProblems(v.password, {
        email: typeof context.email === "string" ? context.email : undefined,
        name: typeof context.name === "string" ? context.name : undefined,
      });
      for (const message of problems) ctx.addIssue({ code: "custom", path: ["password"], message });
      if (v.password !== v.confirmPassword) ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The passwords do not match." });
    });
}

export { PASSWORD_RULE_TEXT };
