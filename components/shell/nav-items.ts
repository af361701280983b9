import type { Role } from "@/lib/auth/roles";

export interface NavItem {
  href: string;
  label: string;
  /** Least role that sees the link (pages enforce it again on the server). */
  role: Role;
  icon: "home" | "plus" | "link" | "list" | "users" | "user";
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Dashboard", role: "reviewer", icon: "home" },
  { href: "/connections/new", label: "New connection", role: "admin", icon: "plus" },
  { href: "/connections", label: "Connections", role: "reviewer", icon: "link" },
  { href: "/schedule", label: "Schedule", role: "reviewer", icon: "list" },
  { href: "/audit", label: "Audit trail", role: "reviewer", icon: "list" },
  { href: "/users", label: "Users", role: "admin", icon: "users" },
  { href: "/account", label: "Account", role: "reviewer", icon: "user" },
];
