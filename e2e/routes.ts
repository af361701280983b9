/**
 * Every page, API route and server action, with who may use it. The authorization walk
 * (authorization.spec.ts) iterates this registry, and fails when the build contains a page, route or
 * action that is missing here: adding a feature means adding it here, with its required role.
 */
export type Access = "admin" | "reviewer" | "public";

export interface PageEntry {
  /** The route as Next's app-paths manifest names it (route groups stripped), e.g. `/users`. */
  route: string;
  /** A concrete URL to visit (dynamic segments filled in). */
  path: string;
  access: Access;
}

export const PAGES: PageEntry[] = [
  { route: "/", path: "/", access: "reviewer" },
  { route: "/connections", path: "/connections", access: "reviewer" },
  { route: "/connections/new", path: "/connections/new", access: "admin" },
  { route: "/connections/[id]/setup", path: "/connections/walk-unknown-connection/setup", access: "admin" },
  // 6B: read-only connection view (an unknown id renders "not found" inside the app shell).
  { route: "/connections/[id]", path: "/connections/walk-no-such-connection", access: "reviewer" },
  // 7A: access map of one connection (an unknown id renders "does not exist" inside the app shell).
  { route: "/connections/[id]/map", path: "/connections/walk-no-such-connection/map", access: "reviewer" },
  { route: "/audit", path: "/audit", access: "reviewer" },
  // 7B: schedule page (past runs, next run, Run now) and the admin operations page of a saved connection.
  { route: "/schedule", path: "/schedule", access: "reviewer" },
  { route: "/connections/[id]/manage", path: "/connections/walk-no-such-connection/manage", access: "admin" },
  { route: "/users", path: "/users", access: "admin" },
  { route: "/account", path: "/account", access: "reviewer" },
  { route: "/login", path: "/login", access: "public" },
  // Issue 16: where single sign-on sends a refused person (sso.spec.ts).
  { route: "/login/refused", path: "/login/refused?reason=no-group", access: "public" },
  { route: "/setup", path: "/setup", access: "public" },
  { route: "/set-password/[token]", path: "/set-password/not-a-real-token-000000000000", access: "public" },
];

export interface ApiEntry {
  route: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  access: Access;
}

export const API_ROUTES: ApiEntry[] = [
  { route: "/api/audit/verify", method: "GET", path: "/api/audit/verify", access: "reviewer" },
  // 7A: CSV export of the audit trail (current filter); reviewers may, it holds no secret.
  { route: "/api/audit/export", method: "GET", path: "/api/audit/export?action=auth.login", access: "reviewer" },
  { route: "/api/users", method: "GET", path: "/api/users", access: "admin" },
  { route: "/api/runs/[id]", method: "GET", path: "/api/runs/no-such-run", access: "reviewer" },
  { route: "/api/health", method: "GET", path: "/api/health", access: "public" },
  // Issue 16: Prometheus scrape. No session role applies: a bearer token from BEACONPORT_METRICS_TOKEN
  // (404 while unset, as in the browser tests); lib/metrics/metrics-route.db.test.ts walks its refusals.
  { route: "/api/metrics", method: "GET", path: "/api/metrics", access: "public" },
  // 6B: beacon connection details download (GET without secrets; POST with a one-time grant, admins only).
  { route: "/api/connections/[id]/details", method: "GET", path: "/api/connections/walk-no-such-connection/details?format=json", access: "reviewer" },
  { route: "/api/connections/[id]/details", method: "POST", path: "/api/connections/walk-no-such-connection/details", access: "admin" },
  { route: "/api/auth/[...nextauth]", method: "GET", path: "/api/auth/session", access: "public" },
];

export interface ActionEntry {
  /** Exported name in a "use server" file. */
  name: string;
  /** A page the action is posted to (any page that renders it). */
  page: string;
  access: Access;
  /** Input that would change something if the caller were allowed. */
  input: (ctx: { targetUserId: string; nonce: string }) => Record<string, string>;
}

export const ACTIONS: ActionEntry[] = [
  { name: "createUserAction", page: "/users", access: "admin", input: ({ nonce }) => ({ email: `walk-${nonce}@beaconport.test`, name: "Walk Created", role: "admin", credential: "initial-password" }) },
  { name: "changeRoleAction", page: "/users", access: "admin", input: ({ targetUserId }) => ({ userId: targetUserId, role: "admin" }) },
  { name: "setUserDisabledAction", page: "/users", access: "admin", input: ({ targetUserId }) => ({ userId: targetUserId, disabled: "true" }) },
  { name: "resetPasswordAction", page: "/users", access: "admin", input: ({ targetUserId }) => ({ userId: targetUserId, credential: "initial-password" }) },
  { name: "changeOwnPasswordAction", page: "/account", access: "reviewer", input: () => ({ currentPassword: "whatever-it-is-1", password: "Walk-new-pass-2026", confirmPassword: "Walk-new-pass-2026" }) },
  // 6B: steps 7 and 8 (inputs name a connection that does not exist: a wrongly allowed call would still change nothing real).
  { name: "confirmScheduleAction", page: "/connections", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, intervalMinutes: "15", name: "Renamed by walk" }) },
  { name: "testConnectionAction", page: "/connections", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, connectionName: "Walk", accessKeyId: "AKIAWALKWALKWALKWALK" }) },
  { name: "saveConnectionAction", page: "/connections", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, connectionName: "Walk", accessKeyId: "AKIAWALKWALKWALKWALK" }) },
  { name: "grantDetailsSecretsAction", page: "/connections", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, password: "whatever-it-is-1" }) },
  // The guided setup (6A): every one admin-only; a fake connection id suffices (the role check comes first).
  { name: "createDraftConnectionAction", page: "/connections/new", access: "admin", input: () => ({ mode: "automated" }) },
  { name: "signInAutomatedAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accessKeyId: "AKIAWALKWALKWALK0000", secretAccessKey: "walk-secret-walk-secret-walk-secret-0000" }) },
  { name: "chooseManualModeAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, homeAccountId: "111111111111" }) },
  { name: "switchToAutomatedAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "forgetCredentialsAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "recheckPermissionsAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "addTargetsAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accounts: "222222222222" }) },
  { name: "removeTargetAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accountId: "222222222222" }) },
  { name: "setTargetAccessAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accountId: "222222222222", accessMethod: "manual" }) },
  { name: "discoverAccountsAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "updateSettingsAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, role: "WalkRole" }) },
  { name: "planRolloutAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "runRolloutAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "verifySetupAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "verifyManualAccountAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accountId: "222222222222" }) },
  { name: "createAccessKeyAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "retireAccessKeyAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accessKeyId: "AKIAWALKWALKWALK0000", confirm: "on" }) },
  { name: "skipAccessKeyAction", page: "/connections/new", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  // 7B: Run now, safe changes and notifications (admin only; a fake connection id: the role check comes first).
  { name: "runScheduleNowAction", page: "/schedule", access: "admin", input: () => ({}) },
  { name: "operateSignInAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accessKeyId: "AKIAWALKWALKWALK0000", secretAccessKey: "walk-secret-walk-secret-walk-secret-0000" }) },
  { name: "planAccountsChangeAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, add: "222222222222" }) },
  { name: "startAccountsChangeAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, add: "222222222222" }) },
  { name: "planKeyRotationAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "startKeyRotationAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "deleteOldKeyAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accessKeyId: "AKIAWALKWALKWALK0000", confirm: "on" }) },
  { name: "planConnectionDeleteAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  { name: "deleteConnectionAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, confirmName: "Walk" }) },
  // Drift pinpointed with the administrator's session credentials.
  { name: "pinpointDriftAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  // Drift repaired with the rollout for the affected accounts.
  { name: "planDriftRepairAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accountIds: "222222222222" }) },
  { name: "startDriftRepairAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, accountIds: "222222222222" }) },
  { name: "setWebhookAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}`, webhookUrl: "http://127.0.0.1:9/walk" }) },
  { name: "sendTestWebhookAction", page: "/schedule", access: "admin", input: ({ nonce }) => ({ connectionId: `walk-${nonce}` }) },
  // Public by design; each checks its own precondition (tested in first-run.spec.ts, auth.spec.ts, users.spec.ts).
  { name: "loginAction", page: "/login", access: "public", input: () => ({}) },
  { name: "signOutAction", page: "/", access: "public", input: () => ({}) },
  // Issue 16: "Sign in with <provider>" (sso.spec.ts): public, it only starts the provider round trip.
  { name: "ssoSignInAction", page: "/login", access: "public", input: () => ({}) },
  { name: "setupAction", page: "/setup", access: "public", input: () => ({}) },
  { name: "setPasswordWithTokenAction", page: "/login", access: "public", input: () => ({}) },
];
