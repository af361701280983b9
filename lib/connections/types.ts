/**
 * Plain shapes of the guided setup as pages and client components see them. No server imports.
 */
import type { AccessModel, RdsScope, ResourceNames } from "@/lib/model/types";

export type SetupMode = "automated" | "manual";
export type AccessMethod = "assume" | "credentials" | "manual";

/**
 * What the wizard has decided so far, stored as the Connection's `model` JSON. Incomplete while the
 * setup runs; `toAccessModel` validates it once complete. Never holds a secret (the proxy password
 * lives sealed in its own column).
 */
export interface DraftModel {
  connectionName?: string;
  homeAccountId?: string;
  /** Kept in step with the TargetAccount rows (those are the source of truth). */
  targetAccountIds?: string[];
  externalId?: string;
  /**
   * The admin chose "No external ID" and confirmed the warning (step 4). Without it, a draft with no
   * external ID is refused by the plan and the rollout: a trust never loses the condition by default.
   */
  noExternalId?: true;
  names?: Partial<ResourceNames>;
  rolePath?: string;
  regions?: string[];
  rdsScope?: RdsScope;
  maxSessionDurationSeconds?: number;
  proxy?: { server: string; username?: string };
}

export interface MissingPermission {
  action: string;
  resource: string;
  /** Which step needs it, e.g. "Step 3: create the read-roles policy". */
  neededFor: string;
}

/** Per-step progress, stored as the Connection's `progress` JSON. Never credentials. */
export interface SetupProgress {
  signIn?: {
    mode: SetupMode;
    /** Automated: the identity the pasted credentials belong to (checked with GetCallerIdentity). */
    accountId?: string;
    principalArn?: string;
    checkedAt?: string;
    /** Permissions the setup needs and the caller lacks (empty: all present). */
    missing?: MissingPermission[];
    /** Why the permission check could not be completed, when it could not. */
    checkNote?: string;
  };
  plan?: { runId: string; at: string };
  rollout?: { runId: string; at: string };
  verify?: { runId: string; at: string };
  accessKey?: {
    /** "created": by the portal (secret stored sealed); "skipped": the admin keeps an existing key and enters it in step 8. */
    status: "created" | "skipped";
    accessKeyId?: string;
    userName: string;
    at: string;
  };
}

export interface TargetView {
  accountId: string;
  name: string | null;
  accessMethod: AccessMethod;
  adminRoleName: string | null;
  setupStatus: "pending" | "done" | "failed";
  setupError: string | null;
  lastTestStatus: string | null;
  lastTestAt: string | null;
  lastTestReason: string | null;
  inventory: unknown;
}

/**
 * One connection as a page may see it: safe for the viewer's role. No secret ever (only whether one
 * is stored); the external ID is masked for reviewers.
 */
export interface ConnectionView {
  id: string;
  name: string;
  status: "draft" | "saved";
  mode: SetupMode;
  model: DraftModel;
  /** The validated model when the draft is complete enough, else null with `modelIssues`. */
  accessModel: AccessModel | null;
  modelIssues: { path: string; message: string }[];
  targets: TargetView[];
  progress: SetupProgress;
  accessKeyId: string | null;
  hasCollectorSecret: boolean;
  proxy: { server: string; username: string | null; hasPassword: boolean } | null;
  schedule: { id: string; name: string; intervalMinutes: number; enabled: boolean; nextRunAt: string | null } | null;
  lastTestStatus: string | null;
  lastTestAt: string | null;
  lastTestRunId: string | null;
  savedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The role the view was prepared for ("reviewer": external ID masked). */
  viewerRole: "admin" | "reviewer";
}
