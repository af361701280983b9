import "server-only";
import { getDb } from "@/lib/db";
import { toUserView } from "./to-user-view";
import type { UserView } from "./types";

export async function listUsers(): Promise<UserView[]> {
  const rows = await getDb().user.findMany({ orderBy: [{ disabled: "asc" }, { email: "asc" }], omit: { passwordHash: false } });
  return rows.map(({ passwordHash, ...row }) => toUserView(row, passwordHash !== null));
}
