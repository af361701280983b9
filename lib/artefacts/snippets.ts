import type { AccessModel } from "@/lib/model/types";
import { buildReadRolesPolicies, policyArn } from "@/lib/policies";
import { shellQuote as sq } from "./quote";
import { artefactPaths } from "./paths";

const FOR_EACH_TARGET = (model: AccessModel) => `for account in ${model.targetAccountIds.map(sq).join(" ")}; do`;

/**
 * Plain AWS CLI commands for one numbered step, for admins following along in CloudShell. Unlike
 * aws-cli/setup.sh they are not idempotent (a second create fails with EntityAlreadyExists).
 */
export function cliSnippet(model: AccessModel, step: number): string | null {
  const p = artefactPaths(model);
  const path = sq(model.rolePath);
  switch (step) {
    case 2:
      return [
        "# Step 2, in every target account (with that account's credentials):",
        FOR_EACH_TARGET(model),
        `  aws iam create-policy --policy-name ${sq(model.names.inventoryPolicy)} --path ${path} \\`,
        // Quoted pieces side by side make one word: the model's values single-quoted, only $account expanded.
        `    --policy-document ${sq(`file://${p.inventoryPolicyDir}/`)}"\${account}.json"`,
        "done",
        "",
      ].join("\n");
    case 3:
      return [
        "# Step 3, in the home account only:",
        ...buildReadRolesPolicies(model).map(
          (rp) => `aws iam create-policy --policy-name ${sq(rp.name)} --path ${path} --policy-document ${sq(`file://${p.readRolesPolicy(rp.name)}`)}`,
        ),
        "",
      ].join("\n");
    case 4:
      return [
        "# Step 4, in every target account (with that account's credentials):",
        FOR_EACH_TARGET(model),
        `  aws iam create-role --role-name ${sq(model.names.role)} --path ${path} --max-session-duration ${model.maxSessionDurationSeconds} \\`,
        `    --assume-role-policy-document ${sq(`file://${p.trustPolicy}`)}`,
        `  aws iam attach-role-policy --role-name ${sq(model.names.role)} \\`,
        `    --policy-arn "arn:aws:iam::\${account}:policy"${sq(`${model.rolePath}${model.names.inventoryPolicy}`)}`,
        "done",
        "",
      ].join("\n");
    case 5:
      return [
        "# Step 5: steps 2 and 4 in every target account. Idempotent, all accounts at once:",
        `./${sq(p.cliScript)} --targets-only`,
        "# or, for an organization, the StackSet (in the management account):",
        `aws cloudformation deploy --stack-name beaconport-inventory-stackset --template-file ${sq(p.stackSet)} \\`,
        "  --parameter-overrides OrganizationalUnitIds=r-xxxx",
        "",
      ].join("\n");
    case 6:
      return [
        "# Step 6, in the home account: the user, its managed policies (attached, never inline) and one access key.",
        `aws iam create-user --user-name ${sq(model.names.user)}`,
        ...buildReadRolesPolicies(model).map(
          (rp) => `aws iam attach-user-policy --user-name ${sq(model.names.user)} --policy-arn ${sq(policyArn(model.homeAccountId, model.rolePath, rp.name))}`,
        ),
        `aws iam create-access-key --user-name ${sq(model.names.user)}   # shown once: store it like the console's .csv`,
        "",
      ].join("\n");
    default:
      return null;
  }
}
