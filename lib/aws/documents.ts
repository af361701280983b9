/**
 * IAM returns policy documents URL-encoded (RFC 3986) in every Get* answer; the SDK passes them
 * through as is. Pure module.
 */
import type { PolicyDocument } from "@/lib/model/types";
import { AwsOperationError } from "./errors";

export function decodePolicyDocument(raw: string | undefined, what: string): PolicyDocument {
  if (raw === undefined || raw === "") {
    throw new AwsOperationError({
      code: "AWS_ERROR",
      awsCode: "EmptyPolicyDocument",
      message: `${what}: AWS returned no policy document`,
      cause: "AWS answered without the policy document.",
      fix: "Run again; if it persists, check the endpoint.",
    });
  }
  let text = raw;
  // A document always starts with "{"; anything else is still encoded. Decoding an already
  // decoded document would break on a literal "%" in a condition value.
  if (!text.trimStart().startsWith("{")) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, "%20"));
    } catch {
      // fall through to the JSON error below
    }
  }
  try {
    const parsed = JSON.parse(text) as PolicyDocument;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed.Statement) && parsed.Statement !== undefined) {
      // IAM accepts a single statement object; the rest of Beaconport expects a list.
      parsed.Statement = [parsed.Statement as unknown as PolicyDocument["Statement"][number]];
    }
    return parsed;
  } catch {
    throw new AwsOperationError({
      code: "AWS_ERROR",
      awsCode: "InvalidPolicyDocument",
      message: `${what}: the policy document is not valid JSON`,
      cause: "AWS returned a policy document that could not be read.",
      fix: "Open the policy in the IAM console and check its JSON.",
    });
  }
}

/** Compact JSON, as we send documents (IAM counts size without whitespace anyway). */
export function encodePolicyDocument(doc: PolicyDocument): string {
  return JSON.stringify(doc);
}
