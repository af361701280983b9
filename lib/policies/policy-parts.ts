/** Reading parts of IAM policy documents, shared by the comparison, the evaluator, the linter and drift. Pure. */
import type { PolicyDocument } from "@/lib/model/types";

/** IAM's "a string or a list of strings" as a list. */
export function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Every `sts:ExternalId` value the trust policy's Allow statements require, sorted. */
export function externalIdsOf(trust: PolicyDocument): string[] {
  const ids = new Set<string>();
  for (const s of trust.Statement ?? []) {
    if (s.Effect !== "Allow") continue;
    for (const block of Object.values(s.Condition ?? {})) {
      for (const [k, v] of Object.entries(block)) {
        if (k.toLowerCase() === "sts:externalid") for (const x of typeof v === "boolean" ? [String(v)] : asList(v)) ids.add(x);
      }
    }
  }
  return [...ids].sort();
}

/** Who the trust policy's Allow statements let in, readably ("* (anyone)", "Service: ...", ARNs), sorted. */
export function principalsOf(trust: PolicyDocument): string[] {
  const out = new Set<string>();
  for (const s of trust.Statement ?? []) {
    if (s.Effect !== "Allow") continue;
    if (s.NotPrincipal !== undefined) out.add("NotPrincipal (everyone else)");
    const p = s.Principal;
    if (p === undefined) continue;
    if (p === "*") out.add("* (anyone)");
    else for (const [kind, v] of Object.entries(p)) for (const x of asList(v)) out.add(kind === "AWS" ? x : `${kind}: ${x}`);
  }
  return [...out].sort();
}
