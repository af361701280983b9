import type { PolicyDocument, PolicyStatement } from "@/lib/model/types";
import { asList } from "./policy-parts";

const patternCache = new Map<string, RegExp>();

/** IAM wildcard match (`*` any run, `?` one character); case-insensitive, as IAM matches actions. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = true): boolean {
  const key = `${caseInsensitive ? "i" : "s"}${pattern}`;
  let re = patternCache.get(key);
  if (re === undefined) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, caseInsensitive ? "i" : "");
    patternCache.set(key, re);
  }
  return re.test(value);
}

export function hasWildcard(s: string): boolean {
  return s.includes("*") || s.includes("?");
}

/** Whether a statement applies to an action (by `Action` or `NotAction`). */
export function statementCoversAction(s: PolicyStatement, action: string): boolean {
  if (s.NotAction !== undefined) return !asList(s.NotAction).some((p) => wildcardMatch(p, action));
  return asList(s.Action).some((p) => wildcardMatch(p, action));
}

/** Whether a statement applies to a resource (by `Resource` or `NotResource`; ARNs match case-sensitively). */
export function statementCoversResource(s: PolicyStatement, resource: string): boolean {
  if (s.NotResource !== undefined) return !asList(s.NotResource).some((p) => wildcardMatch(p, resource, false));
  return asList(s.Resource).some((p) => wildcardMatch(p, resource, false));
}

/**
 * Whether identity policies allow an action on a resource (default `*`: "some resource"), with an
 * explicit Deny winning. Conditions are ignored (treated as met): this answers "is it granted at
 * all", which is what the procedure's checks are about.
 */
export function policiesAllow(docs: readonly PolicyDocument[], action: string, resource = "*"): boolean {
  let allowed = false;
  for (const d of docs) {
    for (const s of d.Statement ?? []) {
      if (!statementCoversAction(s, action)) continue;
      const onResource = resource === "*" ? s.NotResource !== undefined || asList(s.Resource).length > 0 : statementCoversResource(s, resource);
      if (!onResource) continue;
      if (s.Effect === "Deny") {
        // A Deny on a specific resource only blocks "some resource" checks when it covers everything.
        if (resource !== "*" || asList(s.Resource).includes("*")) return false;
      } else allowed = true;
    }
  }
  return allowed;
}
