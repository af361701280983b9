import { describe, expect, it } from "vitest";
import { reachDescription } from "./reach-account";

describe("reachDescription", () => {
  it("says which role is assumed, not \"sign in\"", () => {
    expect(reachDescription({ kind: "assume" }, "222222222222", "111111111111")).toBe("through OrganizationAccountAccessRole (role assumed from the home account)");
    expect(reachDescription({ kind: "assume", roleName: "Admin" }, "222222222222", "111111111111")).toContain("through Admin");
  });

  it("names per-account credentials, the home account and accounts set up by hand", () => {
    expect(reachDescription({ kind: "credentials", credentials: { accessKeyId: "AKIA", secretAccessKey: "x" } }, "222222222222", "111111111111")).toBe("with the credentials given for this account");
    expect(reachDescription({ kind: "assume" }, "111111111111", "111111111111")).toContain("home account itself");
    expect(reachDescription({ kind: "assume" }, "111111111111", "111111111111", true)).toContain("through OrganizationAccountAccessRole");
    expect(reachDescription({ kind: "manual" }, "222222222222", "111111111111")).toContain("set up by hand");
  });
});
