import type { PolicyDocument } from "@/lib/model/types";

/** Characters IAM counts against the size limit: the JSON without whitespace. */
export function managedPolicySize(doc: PolicyDocument | string): number {
  const json = typeof doc === "string" ? doc : JSON.stringify(doc);
  let n = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) n++;
  }
  return n;
}
