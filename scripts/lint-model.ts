/**
 * npm run lint -- --model FILE --state FILE [--json]
 * Prints the linter's findings for an observed state against an access model. Exit 1 when any
 * finding is an error, 0 otherwise, 2 on bad input. (The code linter is `npm run lint:code`.)
 */
import type { Finding } from "@/lib/model";
import { fail, parseCliFlags, readJsonFile, readModelFile } from "./lib/cli";
import { lintAccess, parseObservedState } from "@/lib/lint";

const USAGE = `Usage: npm run lint -- --model FILE --state FILE [--json]

  --model FILE   access model JSON (see lib/model/README.md)
  --state FILE   observed state JSON (ObservedState in lib/model/types.ts; see examples/state.json)
  --json         print the findings as a JSON array instead of text
Exit status: 1 when any finding is an error, 0 otherwise, 2 on bad input.`;

function formatText(findings: Finding[]): string {
  if (findings.length === 0) return "No findings: the observed state matches the procedure.\n";
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${f.severity.toUpperCase().padEnd(7)} step ${f.step}${f.accountId !== undefined ? `  ${f.accountId}` : ""}  [${f.rule}]`);
    lines.push(`        ${f.message}`);
    lines.push(`        Fix: ${f.fix}`);
  }
  const count = (s: Finding["severity"]) => findings.filter((f) => f.severity === s).length;
  lines.push("", `${count("error")} error(s), ${count("warning")} warning(s), ${count("info")} info.`);
  return `${lines.join("\n")}\n`;
}

function main() {
  const values = parseCliFlags(USAGE, { model: { type: "string" }, state: { type: "string" }, json: { type: "boolean" } }, ["model", "state"]);
  const model = readModelFile(values.model);
  const state = parseObservedState(readJsonFile(values.state, "state"));
  if (!state.ok) fail(`${values.state}: the observed state is invalid:\n${state.issues.map((i) => `- ${i}`).join("\n")}`);
  const findings = lintAccess(model, state.state);
  process.stdout.write(values.json ? `${JSON.stringify(findings, null, 2)}\n` : formatText(findings));
  process.exitCode = findings.some((f) => f.severity === "error") ? 1 : 0;
}

main();
