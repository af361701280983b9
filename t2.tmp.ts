import { parseAccessModel } from "@/lib/model";
import { buildCliScript } from "@/lib/artefacts/build-cli-script";
const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["111122223333", "444455556666"], externalId: "abc123XYZ", proxy: { server: "p:3128", username: "u", password: "pw" } });
process.stdout.write(buildCliScript(m));
