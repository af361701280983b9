/** What every lint concern shares: the emitter that fills severity and step from the rule registry, and policy checks. Pure. */
import type { Finding, Severity, ObservedAttachment, ObservedInlinePolicy, ObservedManagedPolicy, PolicyDocument } from "@/lib/model/types";
import { awsCommand } from "@/lib/artefacts/quote";
import { NEAR_LIMIT_RATIO, allowStatements, asList, managedPolicySize } from "@/lib/policies";
import { ruleFinding, type FindingText } from "@/lib/model/rule-registry";
import { LINT_RULE_BY_ID, type LintOverride, type LintRuleId } from "./rules";

export type Emit = <R extends LintRuleId>(rule: R, text: FindingText, override?: LintOverride<R>) => void;

/** An emitter and the findings it collects. */
export function findingCollector(): { emit: Emit; findings: Finding[] } {
  const findings: Finding[] = [];
  const emit: Emit = (rule, text, override) => {
    findings.push(ruleFinding(LINT_RULE_BY_ID, rule, text, override as { severity?: Severity; step?: number } | undefined));
  };
  return { emit, findings };
}

/** The procedure's steps that write a policy: 2 inventory policy, 3 read-roles policies, 4 the role's trust policy. */
export type PolicyStep = 2 | 3 | 4;

const MAX_IDS_IN_MESSAGE = 10;

/** At most ten ids, then "and N more". */
export function listIds(ids: readonly string[]): string {
  return ids.length <= MAX_IDS_IN_MESSAGE ? ids.join(", ") : `${ids.slice(0, MAX_IDS_IN_MESSAGE).join(", ")} and ${ids.length - MAX_IDS_IN_MESSAGE} more`;
}

/** Actions a document allows that are not in `expected` (wildcards and NotAction count as extra). */
export function extraActions(docs: readonly PolicyDocument[], expected: readonly string[]): string[] {
  const ok = new Set(expected.map((a) => a.toLowerCase()));
  const extra = new Set<string>();
  for (const d of docs) {
    for (const s of allowStatements(d)) {
      if (s.NotAction !== undefined) extra.add(`NotAction ${asList(s.NotAction).join(",")} (allows everything else)`);
      for (const a of asList(s.Action)) if (!ok.has(a.toLowerCase())) extra.add(a);
    }
  }
  return [...extra].sort();
}

/** Over IAM's size limit (an error) or, with `warnNear`, over 90% of it (a warning). */
export function sizeChecks(emit: Emit, doc: PolicyDocument, what: string, step: PolicyStep, accountId: string, limit: number, warnNear: boolean) {
  const size = managedPolicySize(doc);
  if (size > limit) {
    emit("policy-too-large", {
      accountId,
      message: `${what} is ${size} characters (without whitespace); IAM allows ${limit}.`,
      fix: step === 3 ? "Let the portal split the role ARNs over several read-roles policies (NAME, NAME-2, ...)." : "Remove statements the beacon does not need; regenerate the policy from the model.",
    }, { step });
  } else if (warnNear && size > limit * NEAR_LIMIT_RATIO) {
    emit("policy-near-limit", {
      accountId,
      message: `${what} is ${size} of ${limit} characters (${Math.round((size / limit) * 100)}%).`,
      fix: step === 3 ? "Nothing to do now; when more accounts are added the portal continues in a further policy (NAME-2, ...), which must also be attached to the user." : "Keep the policy minimal: regenerate it from the model.",
    }, { step });
  }
}

/** Five stored versions: the next change fails. */
export function versionCheck(emit: Emit, p: ObservedManagedPolicy, step: 2 | 3, accountId: string) {
  if (p.versions.length >= 5) {
    emit("policy-versions-full", {
      accountId,
      message: `Policy ${p.name} stores 5 versions, IAM's maximum: the next change (create-policy-version) fails.`,
      fix: `The portal and the CLI script delete the oldest non-default version automatically before updating; by hand: ${awsCommand("iam", "delete-policy-version", "--policy-arn", p.arn, "--version-id", "vN")}`,
    }, { step });
  }
}

/** The documents of attached (by ARN, among `policies`) and inline policies; `unknown`: attached ARNs not among `policies`. */
export function attachedDocuments(
  attached: readonly ObservedAttachment[],
  inline: readonly ObservedInlinePolicy[],
  policies: readonly ObservedManagedPolicy[],
): { docs: PolicyDocument[]; unknown: string[] } {
  const byArn = new Map(policies.map((p) => [p.arn, p]));
  const docs: PolicyDocument[] = [];
  const unknown: string[] = [];
  for (const a of attached) {
    const p = byArn.get(a.arn);
    if (p === undefined) unknown.push(a.arn);
    else docs.push(p.document);
  }
  for (const i of inline) docs.push(i.document);
  return { docs, unknown };
}
