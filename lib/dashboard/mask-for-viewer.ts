import "server-only";
import { roleAllows } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { parseDraftModel } from "@/lib/connections/draft-model";
import { maskExternalIdsIn } from "@/lib/model/mask-external-id";

/**
 * What a viewer may see of external IDs: admins everything; reviewers a masked form wherever one
 * appears (audit diffs, run events and results), as on the dashboard. The IDs of every connection are
 * masked, so an event about connection A cannot reveal connection B's either.
 */
export async function externalIdMasker(user: Pick<SessionUser, "role">): Promise<<T>(value: T) => T> {
  if (roleAllows(user.role, "admin")) return (value) => value;
  const rows = await getDb().connection.findMany({ select: { model: true } });
  const known = rows.flatMap((r) => {
    const id = parseDraftModel(r.model).externalId;
    return id ? [id] : [];
  });
  return (value) => maskExternalIdsIn(value, known);
}
