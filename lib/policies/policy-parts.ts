/** Reading parts of IAM policy documents, shared by the comparison, the evaluator, the linter and drift. Pure. */
import type { PolicyDocument, PolicyStatement } from "@/lib/model/types";

/** IAM's "a string or a list of strings" as a list. */
export function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The document's Allow statements (a missing `Statement` reads as none). */
export function allowStatements(doc: PolicyDocument): PolicyStatement[] {
  return (doc.Statement ?? []).filter((s) => s.Effect === "Allow");
}

/** Whether a statement has an `sts:ExternalId` condition (any operator, key case-insensitive). */
export function statementRequiresExternalId(s: PolicyStatement): boolean {
  return Object.values(s.Condition ?? {}).some((block) => Object.keys(block).some(isExternalIdKey));
}

const isExternalIdKey = (key: string) => key.toLowerCase() === "sts:externalid";

/** Every `sts:ExternalId` value the trust policy's Allow statements require, sorted. */
export function externalIdsOf(trust: PolicyDocument): string[] {
  const ids = new Set<string>();
  for (const s of allowStatements(trust)) {
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [k, v] of Object.entries(block)) {
        if (isExternalIdKey(k)) for (const x of typeof v === "boolean" ? [String(v)] : asList(v)) ids.add(x);
      }
    }
  }
  return [...ids].sort();
}

/** Who the trust policy's Allow statements let in, readably ("* (anyone)", "Service: ...", ARNs), sorted. */
export function principalsOf(trust: PolicyDocument): string[] {
  const out = new Set<string>();
  for (const s of allowStatements(trust)) {
    if (s.NotPrincipal !== undefined) out.add("NotPrincipal (everyone else)");
    const p = s.Principal;
    if (p === undefined) continue;
    if (p === "*") out.add("* (anyone)");
    else for (const [kind, v] of Object.entries(p)) for (const x of asList(v)) out.add(kind === "AWS" ? x : `${kind}: ${x}`);
  }
  return [...out].sort();
}
