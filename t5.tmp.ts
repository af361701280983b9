import { mkdirSync, writeFileSync } from "node:fs";
import { parseAccessModel } from "@/lib/model";
import { buildTargetTerraform, buildHomeTerraform } from "@/lib/artefacts/build-terraform";
const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["111122223333", "444455556666"], externalId: "abc123XYZ", rdsScope: { kind: "patterns", patterns: [{ region: "eu-west-1", instanceName: "orcl-*" }] } });
for (const [dir, files] of [["/tmp/tf/target", buildTargetTerraform(m)], ["/tmp/tf/home", buildHomeTerraform(m)]] as const) { mkdirSync(dir, { recursive: true }); for (const [n, c] of Object.entries(files)) writeFileSync(`${dir}/${n}`, c); }
