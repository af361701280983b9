import { isRole } from "@/lib/auth/roles";
import type { UserView } from "./types";

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  lastSeenAt: Date | null;
}

export function toUserView(row: UserRow, hasPassword: boolean): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: isRole(row.role) ? row.role : "reviewer",
    disabled: row.disabled,
    mustChangePassword: row.mustChangePassword,
    hasPassword,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  };
}

/** What the audit trail keeps of a user (never the hash). */
export function auditUser(row: Pick<UserRow, "email" | "name" | "role" | "disabled" | "mustChangePassword">) {
  return { email: row.email, name: row.name, role: row.role, disabled: row.disabled, mustChangePassword: row.mustChangePassword };
}
