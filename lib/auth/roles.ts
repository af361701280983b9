/** Roles and what they may do. Pure: used by pages, actions, tests and client components alike. */
export const ROLES = ["admin", "reviewer"] as const;
export type Role = (typeof ROLES)[number];

/** `admin` may change anything; `reviewer` may look (never at secrets) and change nothing. */
const RANK: Record<Role, number> = { reviewer: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether a user holding `held` may do what needs `required`. Unknown roles may do nothing. */
export function roleAllows(held: string, required: Role): boolean {
  return isRole(held) && RANK[held] >= RANK[required];
}

export const ROLE_LABEL: Record<Role, string> = { admin: "Administrator", reviewer: "Reviewer" };
