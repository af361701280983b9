/**
 * npm run export -- --model FILE --out DIR
 * Writes every artefact of an access model (policy JSON, AWS CLI script, CloudFormation, Terraform,
 * README) so teams can generate them in their own pipelines. Exit 0 on success, 2 on bad input.
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { modelWarnings } from "@/lib/model";
import { fail, parseCliFlags, readModelFile } from "./lib/cli";
import { readRolesSplitSummary } from "@/lib/policies";
import { buildArtefacts, validateCloudFormation } from "@/lib/artefacts";

const USAGE = `Usage: npm run export -- --model FILE --out DIR [--quiet]

  --model FILE   access model JSON: at least homeAccountId and targetAccountIds (see lib/model/README.md)
  --out DIR      folder to write the artefacts to (created if missing; existing files are overwritten)
  --quiet        print nothing but errors`;

function main() {
  const values = parseCliFlags(USAGE, { model: { type: "string" }, out: { type: "string" }, quiet: { type: "boolean" } }, ["model", "out"]);
  const model = readModelFile(values.model);

  const artefacts = buildArtefacts(model);
  // A generated template that fails our own offline check must never reach a pipeline.
  for (const a of artefacts) {
    if (!a.path.endsWith(".yaml")) continue;
    const { errors } = validateCloudFormation(a.content);
    if (errors.length > 0) fail(`Internal error: ${a.path} fails validation:\n${errors.join("\n")}`, 1);
  }
  const out = resolve(values.out);
  for (const a of artefacts) {
    const file = join(out, a.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, a.content);
    if (a.path.endsWith(".sh")) chmodSync(file, 0o755);
  }
  if (!values.quiet) {
    process.stdout.write(`Wrote ${artefacts.length} files to ${out}\n`);
    const split = readRolesSplitSummary(model);
    if (split.message !== null) process.stdout.write(`${split.severity}: ${split.message}\n`);
    for (const w of modelWarnings(model)) process.stdout.write(`warning: ${w.message}\n`);
  }
}

main();
