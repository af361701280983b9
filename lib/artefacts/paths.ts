import type { AccessModel } from "@/lib/model/types";

/** Where each artefact lives in the download; one place, so README, snippets and files agree. */
export function artefactPaths(model: AccessModel) {
  return {
    inventoryPolicyDir: `policies/${model.names.inventoryPolicy}`,
    inventoryPolicy: (accountId: string) => `policies/${model.names.inventoryPolicy}/${accountId}.json`,
    readRolesPolicy: (name: string) => `policies/${name}.json`,
    trustPolicy: "policies/trust-policy.json",
    cliScript: "aws-cli/setup.sh",
    targetTemplate: "cloudformation/target-account.yaml",
    stackSet: "cloudformation/stackset.yaml",
    terraformTarget: "terraform",
    terraformHome: "terraform/home-account",
    connection: "beacon-connection.txt",
    model: "model.json",
    readme: "README.md",
  };
}
