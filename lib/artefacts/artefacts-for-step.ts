import type { AccessModel } from "@/lib/model/types";
import type { Artefact } from "./types";
import { artefactPaths } from "./paths";
import { cliSnippet } from "./snippets";
import { connectionArtefact, policyArtefacts } from "./build-artefacts";
import { buildStackSetTemplate, buildTargetAccountTemplate } from "./build-cloudformation";

function snippet(model: AccessModel, step: number): Artefact[] {
  const text = cliSnippet(model, step);
  return text === null
    ? []
    : [{ path: `aws-cli/step-${step}.sh`, title: `AWS CLI for step ${step}`, description: `The plain AWS CLI commands of step ${step} (not idempotent; setup.sh is).`, mediaType: "text/x-shellscript", content: text }];
}

/** What the wizard shows under one numbered step: the documents to paste and the matching CLI commands. */
export function artefactsForStep(model: AccessModel, step: number): Artefact[] {
  const p = artefactPaths(model);
  const policies = policyArtefacts(model);
  switch (step) {
    case 2:
      return [...policies.filter((a) => a.path.startsWith(`${p.inventoryPolicyDir}/`)), ...snippet(model, 2)];
    case 3:
      return [...policies.filter((a) => !a.path.startsWith(`${p.inventoryPolicyDir}/`) && a.path !== p.trustPolicy), ...snippet(model, 3)];
    case 4:
      return [
        ...policies.filter((a) => a.path === p.trustPolicy),
        ...snippet(model, 4),
        { path: p.targetTemplate, title: "CloudFormation: one target account", description: "Steps 2 and 4 in one stack.", mediaType: "application/yaml", content: buildTargetAccountTemplate(model) },
      ];
    case 5:
      return [
        ...snippet(model, 5),
        { path: p.stackSet, title: "CloudFormation StackSet", description: "Steps 2 and 4 in every account of an organization.", mediaType: "application/yaml", content: buildStackSetTemplate(model) },
      ];
    case 6:
      return snippet(model, 6);
    case 8:
      return [connectionArtefact(model)];
    default:
      return [];
  }
}
