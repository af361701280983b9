import type { PolicyDocument, PolicyStatement } from "@/lib/model/types";
import { asList } from "./policy-parts";

/**
 * One elementary permission: a statement expanded over its actions and resources. Two documents
 * are equivalent when they expand to the same set of grants.
 */
export interface Grant {
  effect: "Allow" | "Deny";
  /** A lower-cased action (`sts:assumerole`), or `NOT[a,b]` for a NotAction set, or `(none)`. */
  action: string;
  /** A resource ARN, `NOT[...]` for a NotResource set, or `(none)` (trust policies). */
  resource: string;
  /** Canonical JSON of the principal, when the statement has one. */
  principal?: string;
  /** Canonical JSON of the condition block, when the statement has one. */
  condition?: string;
}

export interface PolicyDiff {
  equivalent: boolean;
  versionChanged: boolean;
  /** Grants only in the first document (removed by going from a to b). */
  onlyInA: Grant[];
  /** Grants only in the second document (added by going from a to b). */
  onlyInB: Grant[];
}

function sortedUnique(xs: Iterable<string>): string[] {
  return [...new Set(xs)].sort();
}

/** IAM stores a bare account ID principal as the account's root ARN. */
function canonicalPrincipalValue(key: string, value: string): string {
  if (key === "AWS" && /^\d{12}$/.test(value)) return `arn:aws:iam::${value}:root`;
  return value;
}

function canonicalPrincipal(p: PolicyStatement["Principal"]): string | undefined {
  if (p === undefined) return undefined;
  if (p === "*") return JSON.stringify("*");
  const keys = Object.keys(p).sort();
  const entries = keys.map((k) => [k, sortedUnique(asList(p[k]).map((v) => canonicalPrincipalValue(k, v)))] as const);
  return JSON.stringify(entries);
}

function canonicalCondition(c: PolicyStatement["Condition"]): string | undefined {
  if (c === undefined) return undefined;
  const ops = Object.keys(c).sort();
  const out: [string, [string, string[]][]][] = [];
  for (const op of ops) {
    const block = c[op] ?? {};
    // Condition keys are case-insensitive in IAM; values are not.
    const keys = Object.keys(block).map((k) => [k.toLowerCase(), k] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    out.push([
      op,
      keys.map(([lower, k]) => {
        const v = block[k];
        const values = typeof v === "boolean" ? [String(v)] : asList(v);
        return [lower, sortedUnique(values)];
      }),
    ]);
  }
  return out.length === 0 ? undefined : JSON.stringify(out);
}

/** Expands a document into its set of grants, keyed by a canonical string. */
export function expandGrants(doc: PolicyDocument): Map<string, Grant> {
  const grants = new Map<string, Grant>();
  for (const s of doc.Statement ?? []) {
    const actions =
      s.NotAction !== undefined
        ? [`NOT${JSON.stringify(sortedUnique(asList(s.NotAction).map((a) => a.toLowerCase())))}`]
        : s.Action !== undefined
          ? sortedUnique(asList(s.Action).map((a) => a.toLowerCase()))
          : ["(none)"];
    const resources =
      s.NotResource !== undefined
        ? [`NOT${JSON.stringify(sortedUnique(asList(s.NotResource)))}`]
        : s.Resource !== undefined
          ? sortedUnique(asList(s.Resource))
          : ["(none)"];
    const principal = s.Principal !== undefined ? canonicalPrincipal(s.Principal) : s.NotPrincipal !== undefined ? `NOT${canonicalPrincipal(s.NotPrincipal)}` : undefined;
    const condition = canonicalCondition(s.Condition);
    for (const action of actions) {
      for (const resource of resources) {
        const g: Grant = { effect: s.Effect, action, resource };
        if (principal !== undefined) g.principal = principal;
        if (condition !== undefined) g.condition = condition;
        grants.set(JSON.stringify([g.effect, g.principal ?? "", g.condition ?? "", action, resource]), g);
      }
    }
  }
  return grants;
}

/**
 * Semantic comparison: statement order, action and resource order, string-vs-array forms,
 * duplicates, how actions are grouped into statements, `Sid`s and the case of action names and
 * condition keys do not matter; everything that changes what is allowed does (including `Version`,
 * which changes how policy variables are read).
 */
export function diffPolicies(a: PolicyDocument, b: PolicyDocument): PolicyDiff {
  const ga = expandGrants(a);
  const gb = expandGrants(b);
  const onlyInA: Grant[] = [];
  const onlyInB: Grant[] = [];
  for (const [k, g] of ga) if (!gb.has(k)) onlyInA.push(g);
  for (const [k, g] of gb) if (!ga.has(k)) onlyInB.push(g);
  const versionChanged = (a.Version ?? "2008-10-17") !== (b.Version ?? "2008-10-17");
  return { equivalent: !versionChanged && onlyInA.length === 0 && onlyInB.length === 0, versionChanged, onlyInA, onlyInB };
}

export function policiesEquivalent(a: PolicyDocument, b: PolicyDocument): boolean {
  return diffPolicies(a, b).equivalent;
}

/** "Allow sts:assumerole on arn:..." for messages and the portal's "what changes" view. */
export function describeGrant(g: Grant): string {
  const who = g.principal !== undefined ? ` for ${g.principal}` : "";
  const when = g.condition !== undefined ? ` when ${g.condition}` : "";
  const on = g.resource === "(none)" ? "" : ` on ${g.resource}`;
  return `${g.effect} ${g.action}${on}${who}${when}`;
}
