import { describe, expect, it } from "vitest";
import { parseAccountList } from "./parse-account-list";

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
});
