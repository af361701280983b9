/**
 * `npm run bench:sandbox-start`: how long the AWS sandbox takes to seed and listen with a generated
 * organization. Target: under 1 s for 1,000 member accounts.
 */
import { parseArgs } from "node:util";
import { generateOrganization, startSandbox } from "@/sandbox";
import { ms, summarize } from "./stats";

const { values } = parseArgs({ options: { members: { type: "string", default: "1000" }, iterations: { type: "string", default: "5" } } });
const members = Number(values.members);
const iterations = Number(values.iterations);
if (!Number.isInteger(members) || members < 1 || !Number.isInteger(iterations) || iterations < 1) {
  console.error("usage: npm run bench:sandbox-start -- [--members N] [--iterations N]");
  process.exit(2);
}

const samples: number[] = [];
for (let i = 0; i < iterations; i++) {
  const fixture = generateOrganization({ members });
  const started = performance.now();
  const sandbox = await startSandbox({ fixture });
  samples.push(performance.now() - started);
  await sandbox.stop();
}
const s = summarize(samples);
console.log(`sandbox with ${members} member accounts: median start ${ms(s.median)} ms, max ${ms(s.max)} ms (target: < 1000 ms)`);
console.log(`accounts=${members + 1} iterations=${iterations} median_ms=${ms(s.median)} max_ms=${ms(s.max)}`);
