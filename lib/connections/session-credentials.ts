import "server-only";
import { isSecureRequest } from "@/lib/request-origin";
import { cookies, headers } from "next/headers";
import { z } from "zod";
import { seal, unseal } from "@/lib/crypto";
import { env } from "@/lib/env";
import type { StaticCredentials } from "@/lib/aws/clients";

/**
 * The AWS credentials an administrator pastes in step 1 live only in this cookie: sealed (AES-GCM,
 * its own purpose key), httpOnly, SameSite=Strict, Secure over https, short-lived, and bound to the
 * portal session and the connection. Never in the database, the logs, the audit trail or a page.
 * A new portal session (sign-out, sign-in) cannot open an old cookie, and sign-out deletes it.
 */
export const AWS_CREDENTIALS_COOKIE = "bp-aws-credentials";
const PURPOSE = "aws-session-credentials";

const payloadSchema = z.object({
  sid: z.string(),
  connectionId: z.string(),
  accessKeyId: z.string(),
  secretAccessKey: z.string(),
  sessionToken: z.string().optional(),
  accountId: z.string(),
  principalArn: z.string(),
  exp: z.number(),
});

export interface SessionCredentials {
  credentials: StaticCredentials;
  accountId: string;
  principalArn: string;
  expiresAt: Date;
}

async function isHttps(): Promise<boolean> {
  return isSecureRequest(await headers(), env().publicOrigin);
}

export async function storeSessionCredentials(input: {
  sessionId: string;
  connectionId: string;
  credentials: StaticCredentials;
  accountId: string;
  principalArn: string;
}): Promise<Date> {
  const ttl = env().aws.credentialsTtlMs;
  const exp = Date.now() + ttl;
  const payload: z.infer<typeof payloadSchema> = {
    sid: input.sessionId,
    connectionId: input.connectionId,
    accessKeyId: input.credentials.accessKeyId,
    secretAccessKey: input.credentials.secretAccessKey,
    ...(input.credentials.sessionToken ? { sessionToken: input.credentials.sessionToken } : {}),
    accountId: input.accountId,
    principalArn: input.principalArn,
    exp,
  };
  const jar = await cookies();
  jar.set(AWS_CREDENTIALS_COOKIE, seal(JSON.stringify(payload), PURPOSE), {
    httpOnly: true,
    sameSite: "strict",
    secure: await isHttps(),
    path: "/",
    maxAge: Math.max(1, Math.floor(ttl / 1000)),
  });
  return new Date(exp);
}

/** The credentials for this session and connection, or null when absent, expired, forged or someone else's. */
export async function readSessionCredentials(sessionId: string, connectionId: string): Promise<SessionCredentials | null> {
  const value = (await cookies()).get(AWS_CREDENTIALS_COOKIE)?.value;
  if (!value) return null;
  try {
    const payload = payloadSchema.parse(JSON.parse(unseal(value, PURPOSE)));
    if (payload.sid !== sessionId || payload.connectionId !== connectionId || payload.exp <= Date.now()) return null;
    return {
      credentials: { accessKeyId: payload.accessKeyId, secretAccessKey: payload.secretAccessKey, ...(payload.sessionToken ? { sessionToken: payload.sessionToken } : {}) },
      accountId: payload.accountId,
      principalArn: payload.principalArn,
      expiresAt: new Date(payload.exp),
    };
  } catch {
    return null;
  }
}

/** Whether usable credentials are held, and until when (for the page; never the values). */
export async function sessionCredentialsStatus(sessionId: string, connectionId: string): Promise<{ held: boolean; expiresAt: string | null; principalArn: string | null }> {
  const c = await readSessionCredentials(sessionId, connectionId);
  return c ? { held: true, expiresAt: c.expiresAt.toISOString(), principalArn: c.principalArn } : { held: false, expiresAt: null, principalArn: null };
}

export async function forgetSessionCredentials(): Promise<void> {
  (await cookies()).delete(AWS_CREDENTIALS_COOKIE);
}
