import { describe, expect, it } from "vitest";
import { asConnectionTestSummary, connectionTestEventDetails } from "./test-summary";

const inventory = { instances: 2, hosts: 0, reservedInstances: null, oracleRds: 0, byRegion: [{ region: "us-east-1", instances: 2, hosts: 0, reservedInstances: null, oracleRds: 0 }] };
const failure = { check: "ec2:DescribeInstances", code: "AccessDenied", region: "us-east-1", cause: "c", fix: "f", procedureStep: 2 };

describe("a connection test's stored result", () => {
  const summary = {
    ok: false,
    settingsFingerprint: "fp",
    viaProxy: null,
    user: { arn: "arn:aws:iam::111111111111:user/FNMSUser", name: "FNMSUser", accountId: "111111111111" },
    userFailures: [],
    roleArns: ["arn:aws:iam::222222222222:role/FNMSRole"],
    wildcardResources: [],
    missingAccounts: [],
    accounts: [{ accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/FNMSRole", alias: null, status: "failed", reason: "c", failures: [failure], inventory }],
    durationMs: 12,
    calls: 9,
  };
  it("reads as it was written (JSON round trip), and nothing from another shape", () => {
    expect(asConnectionTestSummary(JSON.parse(JSON.stringify(summary)))).toEqual(summary);
    expect(asConnectionTestSummary({ ok: true, settingsFingerprint: "fp", accounts: "none" })).toBeNull();
    expect(asConnectionTestSummary(null)).toBeNull();
  });
  it("an event's details give its failed checks and what the beacon will see; anything else gives none", () => {
    expect(connectionTestEventDetails({ failures: [{ ...failure, subject: "x" }], inventory })).toEqual({ failures: [failure], inventory });
    expect(connectionTestEventDetails({ roleArns: ["arn"] })).toEqual({ failures: [], inventory: null });
    expect(connectionTestEventDetails(null)).toEqual({ failures: [], inventory: null });
    expect(connectionTestEventDetails({ failures: "no" })).toEqual({ failures: [], inventory: null });
  });
});
