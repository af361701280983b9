/** Which roles the beacon will try, read from policy documents the way it does. Pure. */
import type { PolicyDocument } from "@/lib/model/types";
import { allowStatements, asList, hasWildcard, statementCoversAction } from "@/lib/policies";

export interface AssumeRoleResources {
  /** Exact role ARNs, sorted and unique. */
  exact: string[];
  /** Resources the beacon cannot use: wildcards, `NotResource`, or anything not an IAM role ARN. */
  unusable: string[];
}

export function assumeRoleResources(documents: readonly PolicyDocument[]): AssumeRoleResources {
  const exact = new Set<string>();
  const unusable = new Set<string>();
  for (const doc of documents) {
    for (const s of allowStatements(doc)) {
      if (!statementCoversAction(s, "sts:AssumeRole")) continue;
      if (s.NotResource !== undefined) {
        unusable.add(`NotResource ${JSON.stringify(s.NotResource)}`);
        continue;
      }
      for (const r of asList(s.Resource)) {
        if (hasWildcard(r) || !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(r)) unusable.add(r);
        else exact.add(r);
      }
    }
  }
  return { exact: [...exact].sort(), unusable: [...unusable].sort() };
}

export function accountOfRoleArn(arn: string): string {
  return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(arn)?.[1] ?? "";
}
