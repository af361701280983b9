import "server-only";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { AwsClients, StaticCredentials } from "../clients";
import { AwsOperationError } from "../errors";
import { registerSecret } from "../redact";
import { retryWhilePropagating, type PropagationOptions } from "../propagation";

export interface AssumeRoleInput {
  roleArn: string;
  externalId?: string;
  /** Shows up in the target account's CloudTrail (default `beaconport`). */
  sessionName?: string;
  durationSeconds?: number;
  /** Right after the role or its trust was created/changed: retry `AccessDenied` for a while. */
  propagation?: PropagationOptions;
}

/** Temporary credentials for the role (and the assumed-role ARN), from the caller's clients. */
export async function assumeRole(clients: AwsClients, input: AssumeRoleInput): Promise<StaticCredentials & { assumedRoleArn?: string }> {
  const call = () =>
    clients.sts.send(
      new AssumeRoleCommand({
        RoleArn: input.roleArn,
        RoleSessionName: input.sessionName ?? "beaconport",
        ExternalId: input.externalId,
        DurationSeconds: input.durationSeconds,
      }),
    );
  const out = input.propagation ? await retryWhilePropagating(call, input.propagation) : await call();
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) {
    throw new AwsOperationError({
      code: "AWS_ERROR",
      awsCode: "EmptyCredentials",
      action: "sts:AssumeRole",
      message: "sts:AssumeRole returned no credentials",
      cause: "AWS answered AssumeRole without credentials.",
      fix: "Run again; if it persists, check the endpoint.",
    });
  }
  registerSecret(c.SecretAccessKey);
  registerSecret(c.SessionToken);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration,
    assumedRoleArn: out.AssumedRoleUser?.Arn,
  };
}
