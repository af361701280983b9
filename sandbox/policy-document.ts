/**
 * Policy document checks IAM performs on write: JSON, grammar, version. Size quotas are enforced
 * by the caller through quotas.ts, counted with `policySize`.
 * The sandbox keeps the document text exactly as submitted, because IAM returns it that way
 * (URL-encoded) and Beaconport compares documents semantically, not textually.
 */
import { malformedPolicy } from "./errors";

export type PolicyKind = "managed" | "user-inline" | "group-inline" | "role-inline" | "trust";

/** A document's size as IAM counts it against its quotas: characters without whitespace. */
export function policySize(text: string): number {
  return text.replace(/\s+/g, "").length;
}

export interface ParsedPolicy {
  Version?: string;
  Statement: Record<string, unknown>[];
}

const STATEMENT_KEYS = new Set([
  "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
]);

function isStringOrStrings(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"));
}

export function validatePolicyDocument(text: string, kind: PolicyKind): ParsedPolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformedPolicy("Syntax errors in policy.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw malformedPolicy("Syntax errors in policy.");
  const doc = parsed as Record<string, unknown>;
  for (const key of Object.keys(doc)) {
    if (!["Version", "Id", "Statement"].includes(key)) throw malformedPolicy(`Syntax errors in policy.`);
  }
  if (doc.Version !== undefined && doc.Version !== "2012-10-17" && doc.Version !== "2008-10-17") {
    throw malformedPolicy("The policy failed legacy parsing");
  }
  if (doc.Statement === undefined) throw malformedPolicy("Syntax errors in policy.");
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (statements.length === 0) throw malformedPolicy("Syntax errors in policy.");
  for (const raw of statements) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw malformedPolicy("Syntax errors in policy.");
    const s = raw as Record<string, unknown>;
    for (const key of Object.keys(s)) if (!STATEMENT_KEYS.has(key)) throw malformedPolicy("Syntax errors in policy.");
    if (s.Effect !== "Allow" && s.Effect !== "Deny") throw malformedPolicy("Syntax errors in policy.");
    const hasAction = s.Action !== undefined;
    const hasNotAction = s.NotAction !== undefined;
    if (hasAction === hasNotAction) throw malformedPolicy("Policy statement must contain actions.");
    if (!isStringOrStrings(hasAction ? s.Action : s.NotAction)) throw malformedPolicy("Syntax errors in policy.");
    for (const action of [s.Action ?? s.NotAction].flat() as string[]) {
      if (action !== "*" && !/^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/.test(action)) {
        throw malformedPolicy(`Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.`);
      }
    }
    const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined;
    const hasResource = s.Resource !== undefined || s.NotResource !== undefined;
    if (s.Resource !== undefined && s.NotResource !== undefined) throw malformedPolicy("Syntax errors in policy.");
    if (hasResource && !isStringOrStrings(s.Resource ?? s.NotResource)) throw malformedPolicy("Syntax errors in policy.");
    if (s.Condition !== undefined && (typeof s.Condition !== "object" || s.Condition === null || Array.isArray(s.Condition))) {
      throw malformedPolicy("Syntax errors in policy.");
    }
    if (kind === "trust") {
      if (!hasPrincipal) throw malformedPolicy("Missing required field Principal");
      if (hasResource) throw malformedPolicy("Has prohibited field Resource");
      for (const action of [s.Action ?? s.NotAction].flat() as string[]) {
        if (!/^sts:/i.test(action) && action !== "*") {
          throw malformedPolicy("AssumeRole policy may only specify STS AssumeRole actions.");
        }
      }
    } else {
      if (hasPrincipal) throw malformedPolicy("Policy document should not specify a principal.");
      if (!hasResource) throw malformedPolicy("Policy statement must contain resources.");
    }
  }
  return { Version: doc.Version as string | undefined, Statement: statements as Record<string, unknown>[] };
}
