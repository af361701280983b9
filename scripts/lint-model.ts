/**
 * npm run lint -- --model FILE --state FILE [--json]
 * Prints the linter's findings for an observed state against an access model. Exit 1 when any
 * finding is an error, 0 otherwise, 2 on bad input. (The code linter is `npm run lint:code`.)
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ModelValidationError, parseAccessModel, type Finding } from "@/lib/model";
import { lintAccess, parseObservedState } from "@/lib/lint";

const USAGE = `Usage: npm run lint -- --model FILE --state FILE [--json]

  --model FILE   access model JSON (see lib/model/README.md)
  --state FILE   observed state JSON (ObservedState in lib/model/types.ts; see examples/state.json)
  --json         print the findings as a JSON array instead of text
Exit status: 1 when any finding is an error, 0 otherwise, 2 on bad input.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    fail(`Cannot read the ${what} file ${file}: ${(e as Error).message}`);
  }
}

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
  let values: { model?: string; state?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { model: { type: "string" }, state: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail(`${(e as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.model === undefined || values.state === undefined) fail(`Both --model and --state are required.\n\n${USAGE}`);
  let model;
  try {
    model = parseAccessModel(readJson(values.model, "model"));
  } catch (e) {
    if (e instanceof ModelValidationError) fail(`${values.model}: ${e.message}`);
    throw e;
  }
  const state = parseObservedState(readJson(values.state, "state"));
  if (!state.ok) fail(`${values.state}: the observed state is invalid:\n${state.issues.map((i) => `- ${i}`).join("\n")}`);
  const findings = lintAccess(model, state.state);
  process.stdout.write(values.json ? `${JSON.stringify(findings, null, 2)}\n` : formatText(findings));
  process.exitCode = findings.some((f) => f.severity === "error") ? 1 : 0;
}

main();
