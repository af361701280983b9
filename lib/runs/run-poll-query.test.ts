import { describe, expect, it } from "vitest";
import { runPollQuery } from "./run-poll-query";

const q = (s: string) => runPollQuery(new URLSearchParams(s));

describe("runPollQuery", () => {
  it("reads after=N within RunEvent.seq's 32-bit range, 0 by default", () => {
    expect(q("")).toEqual({ after: 0 });
    expect(q("after=42")).toEqual({ after: 42 });
    expect(q("after=2147483647")).toEqual({ after: 2_147_483_647 });
  });

  it("refuses positions PostgreSQL's integer cannot hold, and non-numbers, as a validation error (400)", () => {
    for (const bad of ["after=2147483648", `after=${Number.MAX_SAFE_INTEGER}`, "after=-1", "after=1.5", "after=abc", "after=1e400"]) {
      expect(() => q(bad), bad).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    }
  });
});
