import { describe, expect, it } from "vitest";
import { MAX_ACCOUNT_LIST_BYTES, MAX_ACCOUNT_LIST_ENTRIES, parseAccountList } from "./parse-account-list";

describe("parseAccountList", () => {
  it("splits on lines, commas, semicolons and spaces and accepts the console's hyphenated form", () => {
    const r = parseAccountList("222222222222\n3333-3333-3333, 444444444444;555555555555 ");
    expect(r.valid).toEqual(["222222222222", "333333333333", "444444444444", "555555555555"]);
    expect(r.invalid).toEqual([]);
  });

  it("names each bad entry with the reason and keeps the good ones", () => {
    const r = parseAccountList("222222222222 12345 abcdefghijkl 1234567890123");
    expect(r.valid).toEqual(["222222222222"]);
    expect(r.invalid.map((i) => i.entry)).toEqual(["12345", "abcdefghijkl", "1234567890123"]);
    expect(r.invalid[0]!.message).toMatch(/12 digits/);
  });

  it("reports duplicates once", () => {
    const r = parseAccountList("222222222222 2222-2222-2222");
    expect(r.valid).toEqual(["222222222222"]);
    expect(r.duplicates).toEqual(["222222222222"]);
  });

  it("refuses a list over the size limit before cutting it into entries, with a clear field error", () => {
    const megabyte = "1".repeat(1024 * 1024);
    const started = performance.now();
    expect(() => parseAccountList(megabyte)).toThrow(expect.objectContaining({ code: "VALIDATION", fieldErrors: { accounts: [expect.stringMatching(/at most 64 KiB/)] } }));
    expect(() => parseAccountList(`${"222222222222 ".repeat(6000)}`)).toThrow(/at most 64 KiB/);
    // Multi-byte characters count as bytes, not as characters.
    expect(() => parseAccountList("é".repeat(MAX_ACCOUNT_LIST_BYTES / 2 + 1))).toThrow(/at most 64 KiB/);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("refuses more entries than a connection may hold, and accepts exactly that many", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i)).join(",");
    expect(parseAccountList(ids(MAX_ACCOUNT_LIST_ENTRIES)).valid).toHaveLength(MAX_ACCOUNT_LIST_ENTRIES);
    expect(() => parseAccountList(ids(MAX_ACCOUNT_LIST_ENTRIES + 1))).toThrow(expect.objectContaining({ code: "VALIDATION", fieldErrors: { accounts: [expect.stringMatching(/At most 2000 accounts/)] } }));
    // Separators alone are not entries.
    expect(parseAccountList(`${",".repeat(60_000)}222222222222`).valid).toEqual(["222222222222"]);
  });

  it("stays linear: duplicates and bad entries at the limit cost milliseconds, and only a few bad ones are named back", () => {
    const started = performance.now();
    const dupes = parseAccountList(Array.from({ length: MAX_ACCOUNT_LIST_ENTRIES }, () => "222222222222").join("\n"));
    expect(dupes.valid).toEqual(["222222222222"]);
    expect(dupes.duplicates).toHaveLength(MAX_ACCOUNT_LIST_ENTRIES - 1);
    const bad = parseAccountList(Array.from({ length: MAX_ACCOUNT_LIST_ENTRIES }, (_, i) => `x${"y".repeat(i % 30)}`).join(" "));
    expect(bad.invalidCount).toBe(MAX_ACCOUNT_LIST_ENTRIES);
    expect(bad.invalid.length).toBeLessThanOrEqual(20);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
