import "server-only";
import type { AwsClients, StaticCredentials } from "../clients";
import { AppError } from "@/lib/errors";
import { assumeRole } from "./assume-role";

/** Default administrator role AWS Organizations creates in member accounts. */
export const ORGANIZATION_ACCESS_ROLE = "OrganizationAccountAccessRole";

/** How an administrator reaches a target account to set it up or read it. */
export type TargetAccess =
  | {
      kind: "assume";
      /** Administrator role in the target account (default `OrganizationAccountAccessRole`). */
      roleName?: string;
      /** Role path, default `/`. */
      rolePath?: string;
      externalId?: string;
    }
  | { kind: "credentials"; credentials: StaticCredentials }
  /**
   * Set up by hand by the administrator: the portal never signs in to it. The rollout skips its
   * steps and the plan lists nothing to change; its role ARN (from the model) still goes into the
   * home account's read-roles policy, and a check as the beacon (assume the role) verifies it.
   */
  | { kind: "manual" };

export interface AccountAccess {
  /** Default for every target account. */
  targets: TargetAccess;
  /** Per-account exceptions (e.g. per-account keys for accounts outside the organization). */
  overrides?: Record<string, TargetAccess>;
}

export function accessFor(access: AccountAccess, accountId: string): TargetAccess {
  return access.overrides?.[accountId] ?? access.targets;
}

export function adminRoleArn(accountId: string, access: Extract<TargetAccess, { kind: "assume" }>): string {
  return `arn:aws:iam::${accountId}:role${access.rolePath ?? "/"}${access.roleName ?? ORGANIZATION_ACCESS_ROLE}`;
}

/**
 * How the portal gets into a target account, in words for the run's status lines: not "sign in" (that
 * is what the admin does in step 1), but what actually happens, e.g. "through OrganizationAccountAccessRole".
 */
export function reachDescription(how: TargetAccess, accountId: string, homeAccountId: string, hasOverride = false): string {
  if (how.kind === "manual") return "set up by hand: the portal does not reach it";
  if (how.kind === "credentials") return "with the credentials given for this account";
  if (accountId === homeAccountId && !hasOverride) return "the home account itself: with the home credentials";
  return `through ${how.roleName ?? ORGANIZATION_ACCESS_ROLE} (role assumed from the home account)`;
}

/**
 * Clients for a target account: the home clients themselves when the target is the home account,
 * per-account credentials when given, else a session of the administrator role assumed from home.
 */
export async function reachAccount(
  home: AwsClients,
  homeAccountId: string,
  accountId: string,
  access: AccountAccess,
  sessionName = "beaconport-setup",
): Promise<AwsClients> {
  const how = accessFor(access, accountId);
  if (how.kind === "manual") throw new AppError("CONFLICT", `Account ${accountId} is set up by hand: the portal does not sign in to it.`);
  if (how.kind === "credentials") return home.withCredentials(how.credentials);
  if (accountId === homeAccountId && !access.overrides?.[accountId]) return home;
  const credentials = await assumeRole(home, { roleArn: adminRoleArn(accountId, how), externalId: how.externalId, sessionName });
  return home.withCredentials(credentials);
}
