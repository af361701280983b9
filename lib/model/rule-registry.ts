/**
 * What the lint and drift rule registries share: a rule's id, severity, procedure step and title,
 * and the values it reports instead on purpose (with the reason). A finding takes its severity and
 * step from its rule; `Override<E>` types only the declared differences, so an undeclared one fails
 * to compile. Pure.
 */
import type { Finding, Severity } from "./types";

/**
 * Where a rule's findings differ from its severity or step on purpose: the other values it may
 * report, and why. `step: "any"`: the step comes from what was checked (a connection-test check
 * names its own procedure step).
 */
export interface RuleOverrides {
  severity?: readonly Severity[];
  step?: readonly number[] | "any";
  why: string;
}

export interface Rule {
  id: string;
  /** The highest severity the rule reports; some report less when the impact is smaller (see `overrides`). */
  severity: Severity;
  /** The procedure's step the rule is about (2 inventory policy, 3 read-roles policy, 4 role/trust, 5 per account, 6 user, 8 connection). */
  step: number;
  title: string;
  overrides?: RuleOverrides;
}

/** One registry entry, with its literal types kept for `Override`. */
export const defineRule = <const I extends string, const S extends Severity, const N extends number, const O extends RuleOverrides | undefined = undefined>(
  id: I,
  severity: S,
  step: N,
  title: string,
  overrides?: O,
) => ({ id, severity, step, title, ...(overrides ? { overrides } : {}) }) as { id: I; severity: S; step: N; title: string; overrides: O };

type Declared<E, K extends "severity" | "step"> = E extends { overrides: infer O }
  ? O extends { [P in K]: infer V }
    ? V extends "any"
      ? number
      : V extends readonly (infer X)[]
        ? X
        : never
    : never
  : never;

/** A deliberate difference from the rule `E`'s severity or step: only what `E` declares compiles. */
export interface Override<E extends { severity: Severity; step: number }> {
  severity?: E["severity"] | Declared<E, "severity">;
  step?: E["step"] | Declared<E, "step">;
}

/** What a finding says; its severity and step come from the rule. */
export interface FindingText {
  accountId?: string;
  message: string;
  fix: string;
}

/** A finding of `rule` with the registry's severity and step, or the (declared) override. */
export function ruleFinding(registry: ReadonlyMap<string, Rule>, rule: string, text: FindingText, override?: { severity?: Severity; step?: number }): Finding {
  const r = registry.get(rule);
  if (r === undefined) throw new Error(`rule ${rule} is not in its registry`);
  const finding: Finding = { rule, severity: override?.severity ?? r.severity, step: override?.step ?? r.step, message: text.message, fix: text.fix };
  if (text.accountId !== undefined) finding.accountId = text.accountId;
  return finding;
}

/** Whether a finding's severity and step are its rule's, or ones the rule declares. */
export function agreesWithRule(registry: ReadonlyMap<string, Rule>, f: Finding): boolean {
  const r = registry.get(f.rule);
  if (r === undefined) return false;
  const severityOk = f.severity === r.severity || (r.overrides?.severity ?? []).includes(f.severity);
  const steps = r.overrides?.step;
  const stepOk = f.step === r.step || steps === "any" || (steps ?? []).includes(f.step);
  return severityOk && stepOk;
}
