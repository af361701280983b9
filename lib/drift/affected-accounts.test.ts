import { describe, expect, it } from "vitest";
import { affectedAccounts } from "./affected-accounts";

describe("affectedAccounts", () => {
  it("keeps the model's accounts that fail or have drift", () => {
    const rows = [
      { accountId: "1", driftFindings: null, lastTestStatus: "passed" },
      { accountId: "2", driftFindings: "[]", lastTestStatus: "passed" },
      { accountId: "3", driftFindings: null, lastTestStatus: "failed" },
      { accountId: "4", driftFindings: null, lastTestStatus: "failed" },
    ];
    expect(affectedAccounts(rows, ["1", "2", "3"]).map((r) => r.accountId)).toEqual(["2", "3"]);
  });
});
