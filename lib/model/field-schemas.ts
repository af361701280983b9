import { z } from "zod";
import { AWS_REGION_IDS, OTHER_PARTITION_REGION } from "./regions";
import { checkProxyServer } from "./normalize-proxy-server";
import { MAX_MAX_SESSION_SECONDS, MIN_MAX_SESSION_SECONDS } from "./defaults";

/**
 * Field schemas, usable one by one in forms (the wizard) and combined in `accessModelSchema`.
 * Messages say what is allowed; `parseAccessModel` prefixes them with the field's name.
 */

/**
 * A 12-digit AWS account ID. The console shows IDs as `1234-5678-9012`, so hyphens and spaces
 * are removed before checking. Numbers are refused: JSON numbers lose leading zeros.
 */
export const accountIdSchema = z
  .string({ error: "An AWS account ID must be written as text (in quotes): 12 digits, e.g. \"123456789012\"; numbers lose leading zeros." })
  .transform((s) => s.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{12}$/, { error: "An AWS account ID is exactly 12 digits (0-9), e.g. 123456789012." }));

export type IamNameKind = "policy" | "role" | "user" | "group";

const IAM_NAME_MAX: Record<IamNameKind, number> = { policy: 128, role: 64, user: 64, group: 128 };
const IAM_NAME_LABEL: Record<IamNameKind, string> = { policy: "A policy name", role: "A role name", user: "A user name", group: "A group name" };
export const IAM_NAME_CHARACTERS = "letters, digits and + = , . @ _ -";

/** IAM names as AWS allows them: `[\w+=,.@-]`, 1-128 characters for policies, 1-64 for roles and users. */
export function iamNameSchema(kind: IamNameKind, maxLength: number = IAM_NAME_MAX[kind]) {
  const rule = `${IAM_NAME_LABEL[kind]} is 1-${maxLength} characters of ${IAM_NAME_CHARACTERS}`;
  return z
    .string({ error: `${rule}.` })
    .trim()
    .min(1, { error: `${rule}; it is empty.` })
    .max(maxLength, { error: `${rule}; it is too long.` })
    .regex(/^[\w+=,.@-]*$/, { error: `${rule}; no spaces or other characters.` });
}

/**
 * An IAM path: `/` or `/segment/.../` of printable ASCII, at most 512 characters (AWS's rule), minus
 * `*` and `?`: the path becomes part of the role ARN in `sts:AssumeRole`, where those characters
 * would turn the exact ARN the beacon needs into a wildcard.
 */
export const rolePathSchema = z
  .string({ error: "A role path is text: / or /name/ (e.g. /fnms/)." })
  .trim()
  .max(512, { error: "A role path is at most 512 characters." })
  .regex(/^\/$|^\/[\x21-\x7e]+\/$/, { error: "A role path starts and ends with / and has no spaces, e.g. / or /fnms/." })
  .refine((p) => !/[*?]/.test(p), { error: "A role path must not contain * or ?: they would make the role ARN a wildcard." })
  .refine((p) => !p.includes("//"), { error: "A role path must not contain an empty segment (//)." });

/** What `sts:ExternalId` allows: 2-1,224 characters of `[\w+=,.@:/-]`, no whitespace. */
export const externalIdSchema = z
  .string({ error: "An external ID is text of 2-1,224 characters." })
  .min(2, { error: "An external ID is 2-1,224 characters of letters, digits and + = , . @ : / _ -; it is too short." })
  .max(1224, { error: "An external ID is 2-1,224 characters of letters, digits and + = , . @ : / _ -; it is too long." })
  .regex(/^[\w+=,.@:/-]+$/, { error: "An external ID is 2-1,224 characters of letters, digits and + = , . @ : / _ -; no spaces or other characters." });

export const regionSchema = z
  .string({ error: "A region is text such as eu-west-1." })
  .trim()
  .superRefine((r, ctx) => {
    if (AWS_REGION_IDS.has(r)) return;
    ctx.addIssue({
      code: "custom",
      message: OTHER_PARTITION_REGION.test(r)
        ? `Region "${r}" belongs to another AWS partition (China, GovCloud, ISO or European Sovereign Cloud); only commercial-partition regions (arn:aws:) are supported.`
        : `Region "${r}" is not a region of the commercial AWS partition; use one such as us-east-1 or eu-west-1.`,
    });
  });

const RDS_INSTANCE_RULE =
  "An RDS instance name pattern is 1-63 characters of letters, digits, hyphens and * (wildcard), e.g. * or orcl-*";

/**
 * One "regions, accounts and instance names" entry of procedure step 2.16; the account is each
 * target account. RDS stores instance identifiers in lower case, so patterns are lower-cased.
 */
export const rdsPatternSchema = z.strictObject({
  region: z
    .string({ error: "An RDS region is * or a region such as eu-west-1." })
    .trim()
    .superRefine((r, ctx) => {
      if (r === "*" || AWS_REGION_IDS.has(r)) return;
      if (/^[a-z0-9-]*\*[a-z0-9*-]*$/.test(r)) return; // a wildcard pattern such as eu-*
      ctx.addIssue({ code: "custom", message: `An RDS region is *, a pattern such as eu-*, or a commercial-partition region such as eu-west-1; "${r}" is none of these.` });
    }),
  instanceName: z
    .string({ error: `${RDS_INSTANCE_RULE}.` })
    .trim()
    .toLowerCase()
    .min(1, { error: `${RDS_INSTANCE_RULE}; it is empty.` })
    .max(63, { error: `${RDS_INSTANCE_RULE}; it is too long.` })
    .regex(/^[a-z0-9*-]*$/, { error: `${RDS_INSTANCE_RULE}; no other characters.` }),
});

/**
 * RDS scope for `rds:DescribeDBInstances`. Default `all` (every DB instance of each target
 * account); `patterns` narrows it (see `rdsScopeWarnings` for why that is risky).
 */
export const rdsScopeSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("all") }),
    z.strictObject({
      kind: z.literal("patterns"),
      patterns: z.array(rdsPatternSchema).min(1, { error: "RDS patterns need at least one entry; use { \"kind\": \"all\" } for every DB instance." }),
    }),
  ],
  { error: "RDS scope is { \"kind\": \"all\" } or { \"kind\": \"patterns\", \"patterns\": [{ \"region\": ..., \"instanceName\": ... }] }." },
);

export const connectionNameSchema = z
  .string({ error: "A connection name is text of 1-128 characters." })
  .trim()
  .min(1, { error: "A connection name is 1-128 characters; it is empty." })
  .max(128, { error: "A connection name is 1-128 characters; it is too long." })
  .regex(/^[^\x00-\x1f\x7f]*$/, { error: "A connection name must not contain control characters (tabs, line breaks)." });

export const sourceTypeSchema = z.literal("Amazon Web Services", {
  error: "The source type is \"Amazon Web Services\" (the beacon's Source Type list, step 8.3).",
});

export const adapterTypeSchema = z.literal("Direct", {
  error: "The adapter type is \"Direct\": this procedure sets up Direct access; AWS Config is the beacon's default but a different method.",
});

export const maxSessionSchema = z
  .number({ error: `The maximum session duration is a whole number of seconds, ${MIN_MAX_SESSION_SECONDS}-${MAX_MAX_SESSION_SECONDS}.` })
  .int({ error: `The maximum session duration is a whole number of seconds, ${MIN_MAX_SESSION_SECONDS}-${MAX_MAX_SESSION_SECONDS}.` })
  .min(MIN_MAX_SESSION_SECONDS, { error: `The maximum session duration is ${MIN_MAX_SESSION_SECONDS}-${MAX_MAX_SESSION_SECONDS} seconds; the beacon needs at least one hour (3600).` })
  .max(MAX_MAX_SESSION_SECONDS, { error: `The maximum session duration is ${MIN_MAX_SESSION_SECONDS}-${MAX_MAX_SESSION_SECONDS} seconds (AWS allows at most 12 hours).` });

/** The proxy server alone, normalized (procedure step 8.4). */
export const proxyServerSchema = z
  .string({ error: "A proxy server is text such as proxy.example.com:3128." })
  .transform((s, ctx) => {
    const result = checkProxyServer(s);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  });

/**
 * Proxy settings of step 8.4. The password is never echoed in a message. A password without a
 * user name is refused: the beacon sends both or neither.
 */
export const proxySchema = z
  .strictObject({
    server: proxyServerSchema,
    username: z
      .string({ error: "A proxy username is text." })
      .trim()
      .max(256, { error: "A proxy username is at most 256 characters." })
      .regex(/^[^\s:]*$/, { error: "A proxy username must not contain spaces or colons." })
      .optional()
      .transform((u) => (u === "" ? undefined : u)),
    password: z
      .string({ error: "A proxy password is text." })
      .max(256, { error: "A proxy password is at most 256 characters." })
      .optional()
      .transform((p) => (p === "" ? undefined : p)),
  })
  .superRefine((p, ctx) => {
    if (p.password !== undefined && p.username === undefined) {
      ctx.addIssue({ code: "custom", path: ["username"], message: "A proxy password needs a username; fill in both or neither." });
    }
  })
  .transform((p) => {
    // Omit absent keys so the model serializes identically whether or not they were sent empty.
    const out: { server: string; username?: string; password?: string } = { server: p.server };
    if (p.username !== undefined) out.username = p.username;
    if (p.password !== undefined) out.password = p.password;
    return out;
  });
