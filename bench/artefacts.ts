/**
 * `npm run bench:artefacts`: time to build the read-roles policies and every artefact for a large
 * organization. Target: well under a second for 2,000 accounts (the wizard and `npm run export` call it).
 */
import { parseArgs } from "node:util";
import { parseAccessModel } from "@/lib/model";
import { buildReadRolesPolicies } from "@/lib/policies";
import { buildArtefacts } from "@/lib/artefacts";
import { ms, summarize, timeRepeatedly } from "./stats";

const { values } = parseArgs({ options: { accounts: { type: "string", default: "2000" }, iterations: { type: "string", default: "20" } } });
const accounts = Number(values.accounts);
const iterations = Number(values.iterations);
if (!Number.isInteger(accounts) || accounts < 1 || !Number.isInteger(iterations) || iterations < 1) {
  console.error("usage: npm run bench:artefacts -- [--accounts N] [--iterations N]");
  process.exit(2);
}
const model = parseAccessModel({
  homeAccountId: "111122223333",
  targetAccountIds: Array.from({ length: accounts }, (_, i) => String(100000000000 + i * 13)),
  externalId: "bench-external-id",
});

buildArtefacts(model); // warm-up: module loading and JIT are not what we measure
const policies = summarize(await timeRepeatedly(iterations, () => buildReadRolesPolicies(model)));
const artefacts = summarize(await timeRepeatedly(iterations, () => buildArtefacts(model)));
const files = buildArtefacts(model).length;
console.log(`read-roles policies for ${accounts} accounts: median ${ms(policies.median)} ms, p95 ${ms(policies.p95)} ms`);
console.log(`all ${files} artefacts: median ${ms(artefacts.median)} ms, p95 ${ms(artefacts.p95)} ms (target: < 1000 ms)`);
console.log(
  `accounts=${accounts} iterations=${iterations} files=${files} policies_median_ms=${ms(policies.median)} median_ms=${ms(artefacts.median)} p95_ms=${ms(artefacts.p95)}`,
);
