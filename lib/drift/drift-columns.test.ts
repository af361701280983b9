import { describe, expect, it } from "vitest";
import type { Finding } from "@/lib/model/types";
import { driftColumns, driftLabels } from "./drift-columns";

const finding = (rule: string, accountId?: string): Finding => ({ rule, severity: "error", step: 5, accountId, message: "m", fix: "f" });

describe("driftColumns", () => {
  const at = new Date("2026-01-01T00:00:00Z");
  it("stores findings as JSON with the time they were found", () => {
    expect(driftColumns([finding("role-missing")], at)).toEqual({ driftFindings: JSON.stringify([finding("role-missing")]), driftAt: at });
  });
  it("clears both columns when there is nothing (never an empty list)", () => {
    expect(driftColumns([], at)).toEqual({ driftFindings: null, driftAt: null });
    expect(driftColumns(undefined, at)).toEqual({ driftFindings: null, driftAt: null });
  });
});

describe("driftLabels", () => {
  it("names each finding rule@account, sorted", () => {
    expect(driftLabels([finding("trust-changed", "222222222222"), finding("access-key-refused")])).toEqual(["access-key-refused", "trust-changed@222222222222"]);
  });
});
