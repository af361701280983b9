import { describe, expect, it } from "vitest";
import { repeatedServerErrorFix, TRANSIENT_SERVER_ERROR_FIX } from "../errors";
import { summarizeAccountFailure } from "./failure-summary";
import type { ConnectionCheck } from "./types";

const serverError = (region: string): ConnectionCheck => ({ check: "ec2:DescribeReservedInstances", status: "failed", region, code: "NotImplemented", cause: "AWS answered ec2:DescribeReservedInstances with HTTP 501 (NotImplemented), an error on the endpoint's side.", fix: TRANSIENT_SERVER_ERROR_FIX });

describe("summarizeAccountFailure", () => {
  it("is null when nothing failed", () => {
    expect(summarizeAccountFailure([{ check: "sts:AssumeRole", status: "passed" }])).toBeNull();
  });

  it("names the failing call and counts the regions where it failed, never 'Run again in a moment' for a repeat", () => {
    const regions = ["us-east-1", "us-east-2", "eu-west-1", "eu-central-1", "ap-south-1"];
    const s = summarizeAccountFailure([{ check: "sts:AssumeRole", status: "passed" }, ...regions.map(serverError), { check: "ec2:DescribeHosts", status: "failed", region: "us-east-1", code: "AccessDenied", cause: "x" }])!;
    expect(s.check).toBe("ec2:DescribeReservedInstances");
    expect(s.reason).toMatch(/^ec2:DescribeReservedInstances failed in 5 regions \(ap-south-1, eu-central-1, eu-west-1 and 2 more\) \(NotImplemented\): AWS answered/);
    expect(s.reason).toContain("Also failing: ec2:DescribeHosts.");
    expect(s.fix).toBe(repeatedServerErrorFix("ec2:DescribeReservedInstances"));
  });

  it("keeps 'Run again in a moment' for a single failure, but not when the last test failed the same way", () => {
    expect(summarizeAccountFailure([serverError("us-east-1")])!).toMatchObject({ reason: expect.stringMatching(/^ec2:DescribeReservedInstances failed in us-east-1 /), fix: TRANSIENT_SERVER_ERROR_FIX });
    expect(summarizeAccountFailure([serverError("us-east-1")], { status: "failed", check: "ec2:DescribeReservedInstances" })!.fix).toBe(repeatedServerErrorFix("ec2:DescribeReservedInstances"));
    expect(summarizeAccountFailure([serverError("us-east-1")], { status: "passed", check: null })!.fix).toBe(TRANSIENT_SERVER_ERROR_FIX);
  });

  it("keeps another check's own fix", () => {
    const s = summarizeAccountFailure([{ check: "sts:AssumeRole", status: "failed", code: "AccessDenied", cause: "The role does not trust the collector.", fix: "Add the trust (step 4)." }])!;
    expect(s).toEqual({ check: "sts:AssumeRole", reason: "sts:AssumeRole failed (AccessDenied): The role does not trust the collector.", fix: "Add the trust (step 4)." });
  });
});
