import type { Role } from "./roles";

/**
 * The role single sign-on grants, from the groups claim of a verified ID token: administrator when any
 * group is listed in BEACONPORT_OIDC_ADMIN_GROUPS, else reviewer when any is in
 * BEACONPORT_OIDC_REVIEWER_GROUPS, else none (refused). Names compare exactly (Keycloak's full group
 * paths start with "/", Entra sends object IDs): a near miss must not grant anything. Pure.
 */
export function roleFromGroups(claim: unknown, groups: { adminGroups: readonly string[]; reviewerGroups: readonly string[] }): Role | null {
  const held = groupsOf(claim);
  if (held.some((g) => groups.adminGroups.includes(g))) return "admin";
  if (held.some((g) => groups.reviewerGroups.includes(g))) return "reviewer";
  return null;
}

/** The claim as a list of group names: a list of strings, or one string; anything else holds none. */
export function groupsOf(claim: unknown): string[] {
  if (typeof claim === "string") return [claim];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string");
  return [];
}
