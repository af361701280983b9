import "server-only";
import { createAwsClients, type AwsClients, type StaticCredentials } from "@/lib/aws/clients";
import { connectionFromEnv } from "@/lib/aws/connection-defaults";
import type { AccountAccess, TargetAccess } from "@/lib/aws/operations/reach-account";
import type { SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readSessionCredentials, type SessionCredentials } from "./session-credentials";
import type { TargetView } from "./types";

export const DEFAULT_ADMIN_ROLE = "OrganizationAccountAccessRole";

/** Clients for the administrator's pasted credentials, through the portal's one door to AWS. */
export function clientsFor(credentials: StaticCredentials): AwsClients {
  return createAwsClients({ credentials, region: "us-east-1", ...connectionFromEnv(env()) });
}

/** The pasted credentials of this session, or a clear error asking for them again. */
export async function requireSessionCredentials(user: SessionUser, connectionId: string): Promise<SessionCredentials> {
  const held = await readSessionCredentials(user.sessionId, connectionId);
  if (!held) {
    throw new AppError("UNAUTHENTICATED", "The AWS credentials for this setup have expired or were forgotten.", {
      hint: "Paste temporary credentials of the home account again in step 1 (they are kept for a short time only).",
    });
  }
  return held;
}

/**
 * How the rollout reaches each target: its administrator role (default OrganizationAccountAccessRole),
 * credentials given for this run only, or not at all for an account the admin sets up by hand (the
 * rollout skips it and still names its role in the home read-roles policy; its own Verify checks it).
 */
export function accountAccessFor(targets: TargetView[], perAccount: Record<string, StaticCredentials>): AccountAccess {
  const overrides: Record<string, TargetAccess> = {};
  const missing: string[] = [];
  for (const t of targets) {
    if (t.accessMethod === "credentials") {
      const c = perAccount[t.accountId];
      if (c) overrides[t.accountId] = { kind: "credentials", credentials: c };
      else missing.push(t.accountId);
    } else if (t.accessMethod === "manual") {
      overrides[t.accountId] = { kind: "manual" };
    } else if (t.adminRoleName && t.adminRoleName !== DEFAULT_ADMIN_ROLE) {
      overrides[t.accountId] = { kind: "assume", roleName: t.adminRoleName };
    }
  }
  if (missing.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const id of missing) fieldErrors[`acct_${id}_accessKeyId`] = [`Paste temporary credentials for ${id} (used for this run only, never stored).`];
    throw new AppError("VALIDATION", `Credentials are needed for account(s) ${missing.join(", ")}.`, { fieldErrors });
  }
  return { targets: { kind: "assume", roleName: DEFAULT_ADMIN_ROLE }, overrides };
}

/** Per-account credentials from a form: fields `acct_<id>_accessKeyId`, `acct_<id>_secretAccessKey`, `acct_<id>_sessionToken`. */
export function perAccountCredentials(input: Record<string, unknown>, accountIds: string[]): Record<string, StaticCredentials> {
  const out: Record<string, StaticCredentials> = {};
  for (const id of accountIds) {
    const key = input[`acct_${id}_accessKeyId`];
    const secret = input[`acct_${id}_secretAccessKey`];
    const token = input[`acct_${id}_sessionToken`];
    if (typeof key === "string" && key.trim() && typeof secret === "string" && secret.trim()) {
      out[id] = { accessKeyId: key.trim(), secretAccessKey: secret.trim(), ...(typeof token === "string" && token.trim() ? { sessionToken: token.trim() } : {}) };
    }
  }
  return out;
}
