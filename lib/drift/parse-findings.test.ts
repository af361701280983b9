import { describe, expect, it } from "vitest";
import { parseFindings, parsePinpointedFindings } from "./parse-findings";

describe("parseFindings", () => {
  it("keeps well-formed findings and skips the rest", () => {
    const text = JSON.stringify([{ rule: "inventory-policy-changed", severity: "error", step: 2, accountId: "111122223333", message: "m", fix: "f" }, { nope: 1 }]);
    expect(parseFindings(text)).toEqual([{ rule: "inventory-policy-changed", severity: "error", step: 2, accountId: "111122223333", message: "m", fix: "f" }]);
    expect(parseFindings("{}")).toEqual([]);
    expect(parseFindings(null)).toEqual([]);
  });
});

describe("parsePinpointedFindings", () => {
  const pinpointed = { rule: "role-missing", severity: "error", step: 5, accountId: "111122223333", message: "m", fix: "f", source: "administrator", pinpointedAt: "2026-01-01T00:00:00.000Z" };
  it("keeps the administrator's findings with their source and time, and counts every stored entry", () => {
    const text = JSON.stringify([pinpointed, { rule: "role-unreachable", severity: "error", step: 5, message: "m", fix: "f" }]);
    expect(parsePinpointedFindings(text)).toEqual({ pinpointed: [pinpointed], stored: 2 });
  });
  it("reads nothing from absent or damaged text", () => {
    expect(parsePinpointedFindings(null)).toEqual({ pinpointed: [], stored: 0 });
    expect(parsePinpointedFindings("{not json")).toEqual({ pinpointed: [], stored: 0 });
  });
});
