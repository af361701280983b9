import { parseAccessModel } from "@/lib/model";
import { buildInventoryPolicy, buildReadRolesPolicies, buildTrustPolicy, policyArn, roleArn } from "@/lib/policies";
import { readFileSync } from "node:fs";
const m = parseAccessModel(JSON.parse(readFileSync("examples/model.json", "utf8")));
const rr = buildReadRolesPolicies(m)[0]!;
// Pitfalls: the read-roles policy lists a wildcard and misses 444455556666; one role has another external ID; two access keys.
const readRolesDoc = structuredClone(rr.document);
(readRolesDoc.Statement[1]!.Resource as string[]) = [roleArn(m, "111122223333"), roleArn(m, "222233334444"), "arn:aws:iam::*:role/ListEC2ForFNMSRole"];
const target = (id: string, extId: string) => {
  const trust = buildTrustPolicy({ ...m, externalId: extId });
  const pArn = policyArn(id, "/", m.names.inventoryPolicy);
  return {
    accountId: id,
    role: { name: m.names.role, arn: roleArn(m, id), path: "/", trustPolicy: trust, maxSessionDurationSeconds: 3600, attachedPolicies: [{ name: m.names.inventoryPolicy, arn: pArn }], inlinePolicies: [] },
    policies: [{ arn: pArn, name: m.names.inventoryPolicy, path: "/", defaultVersionId: "v1", versions: [{ versionId: "v1", isDefault: true, createDate: "2025-01-10T09:00:00Z" }], document: buildInventoryPolicy(m, id), attachmentCount: 1 }],
  };
};
const rrArn = policyArn(m.homeAccountId, "/", rr.name);
const state = {
  home: {
    accountId: m.homeAccountId,
    user: {
      name: m.names.user, arn: `arn:aws:iam::${m.homeAccountId}:user/${m.names.user}`,
      attachedPolicies: [{ name: rr.name, arn: rrArn }], inlinePolicies: [], groups: [],
      accessKeys: [
        { accessKeyId: "AKIAEXAMPLEOLDKEY001", status: "Active", createDate: "2024-02-01T08:00:00Z", lastUsedDate: "2025-01-15T10:00:00Z" },
        { accessKeyId: "AKIAEXAMPLENEWKEY002", status: "Active", createDate: "2025-01-12T08:00:00Z" },
      ],
    },
    policies: [{ arn: rrArn, name: rr.name, path: "/", defaultVersionId: "v2", versions: [{ versionId: "v1", isDefault: false, createDate: "2025-01-10T09:00:00Z" }, { versionId: "v2", isDefault: true, createDate: "2025-01-11T09:00:00Z" }], document: readRolesDoc, attachmentCount: 1 }],
  },
  targets: [target("111122223333", m.externalId!), target("222233334444", "an-older-external-id"), target("444455556666", m.externalId!)],
};
process.stdout.write(JSON.stringify(state, null, 2) + "\n");
