import { parseAccessModel } from "@/lib/model";
import { buildTargetAccountTemplate, buildStackSetTemplate } from "@/lib/artefacts/build-cloudformation";
import { validateCloudFormation } from "@/lib/artefacts/validate-cloudformation";
const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["111122223333", "444455556666"], externalId: "abc123XYZ", rdsScope: { kind: "patterns", patterns: [{ region: "eu-west-1", instanceName: "orcl-*" }] } });
const t = buildTargetAccountTemplate(m); const s = buildStackSetTemplate(m);
console.log(validateCloudFormation(t).errors, validateCloudFormation(s).errors);
console.log(validateCloudFormation(t.replace("ManagedPolicyArns", "ManagedPolicyArn").replace("!GetAtt InventoryRole.Arn", "!GetAtt InventoryRole.Ar")).errors);
console.log(s);
