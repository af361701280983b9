import { describe, expect, it } from "vitest";
import { decodePolicyDocument } from "./documents";
import { AwsOperationError } from "./errors";

describe("decodePolicyDocument", () => {
  const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/R", Condition: { StringEquals: { "sts:ExternalId": "a%b c" } } }] };

  it("decodes IAM's URL-encoded documents, keeping a literal % in values", () => {
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(doc)), "t")).toEqual(doc);
    expect(decodePolicyDocument(JSON.stringify(doc), "t")).toEqual(doc);
  });

  it("turns a single statement object into a list", () => {
    const single = { Version: "2012-10-17", Statement: doc.Statement[0] };
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(single)), "t").Statement).toHaveLength(1);
  });

  it("fails clearly on something that is not JSON", () => {
    expect(() => decodePolicyDocument("%7Bnot-json", "policy X")).toThrow(AwsOperationError);
    expect(() => decodePolicyDocument(undefined, "policy X")).toThrow(/no policy document/);
  });
});
