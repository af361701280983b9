/** STS: GetCallerIdentity and AssumeRole (identity permission AND trust policy, like AWS). */
import type { Handler } from "../context";
import { AwsError, validationError } from "../errors";
import { awsId, secretAccessKey, sessionToken } from "../ids";
import { commonErrors } from "../protocol";
import type { StsSession } from "../state";

const SESSION_NAME_RE = /^[\w+=,.@-]{2,64}$/;

const GetCallerIdentity: Handler = async (ctx) => {
  // AWS answers GetCallerIdentity whatever the caller's policies say.
  return { UserId: ctx.principal.userId, Account: ctx.principal.accountId, Arn: ctx.principal.arn };
};

const AssumeRole: Handler = async (ctx) => {
  const roleArn = ctx.params.required("RoleArn");
  const sessionName = ctx.params.required("RoleSessionName");
  if (sessionName.length < 2 || sessionName.length > 64) {
    throw validationError(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length ${sessionName.length < 2 ? "greater than or equal to 2" : "less than or equal to 64"}`);
  }
  if (!SESSION_NAME_RE.test(sessionName)) {
    throw validationError(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
  }
  const externalId = ctx.params.get("ExternalId");
  if (externalId !== undefined && (externalId.length < 2 || externalId.length > 1224)) {
    throw validationError(`1 validation error detected: Value '${externalId}' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2`);
  }
  const m = /^arn:aws:iam::(\d{12}):role(\/(?:.*\/)?)([\w+=,.@-]+)$/.exec(roleArn);
  if (!m) throw validationError(`${roleArn} is invalid`);
  const [, roleAccountId, , roleName] = m as unknown as [string, string, string, string];

  const roleAccount = ctx.state.accounts.get(roleAccountId);
  const role = roleAccount?.roles.get(roleName.toLowerCase());
  // A role that does not exist (yet, or not yet propagated) is refused exactly like a denied one.
  const denied = commonErrors.accessDenied("sts", ctx.principal.arn, "sts:AssumeRole", roleArn, false, true);
  if (!role || role.arn !== roleArn || ctx.now < role.effectiveAt) throw denied;
  const trust = ctx.state.effectiveTrust(role, ctx.now);
  if (!trust) throw denied;
  const context: Record<string, string> = { "sts:RoleSessionName": sessionName };
  if (externalId !== undefined) context["sts:ExternalId"] = externalId;
  const decision = await ctx.decide("sts:AssumeRole", roleArn, { resourceAccount: roleAccountId, resourcePolicy: trust, context });
  if (decision !== "Allowed") throw denied;

  const chained = ctx.principal.kind === "role-session";
  const duration = ctx.params.int("DurationSeconds") ?? 3600;
  if (duration < 900) {
    throw validationError(`1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
  }
  if (chained && duration > 3600) {
    throw validationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  if (duration > role.maxSessionDuration) {
    throw validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }

  const session: StsSession = {
    accessKeyId: awsId("ASIA"),
    secretAccessKey: secretAccessKey(),
    sessionToken: sessionToken(),
    accountId: roleAccountId,
    roleName: role.name,
    roleArn: role.arn,
    roleId: role.id,
    sessionName,
    arn: `arn:aws:sts::${roleAccountId}:assumed-role/${role.name}/${sessionName}`,
    expiration: ctx.now + duration * 1000,
  };
  ctx.state.sessions.set(session.accessKeyId, session);
  role.lastUsed = { date: new Date(ctx.now), region: ctx.region };
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(session.expiration),
    },
    AssumedRoleUser: { AssumedRoleId: `${role.id}:${sessionName}`, Arn: session.arn },
  };
};

export const stsHandlers: Record<string, Handler> = { GetCallerIdentity, AssumeRole };

export { AwsError };
