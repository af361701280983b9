import { describe, expect, it } from "vitest";
import { formDataToObject } from "./form-data";
import { echoValues } from "./result";

describe("echoValues", () => {
  it("echoes plain fields and never passwords or tokens", () => {
    expect(echoValues({ email: "a@b.c", name: "A", password: "pw", confirmPassword: "pw", currentPassword: "x", token: "t", count: 3 })).toEqual({ email: "a@b.c", name: "A", count: "3" });
  });
});

describe("formDataToObject", () => {
  it("turns repeated names into arrays and drops Next's action fields", () => {
    const fd = new FormData();
    fd.append("a", "1");
    fd.append("b", "x");
    fd.append("b", "y");
    fd.append("$ACTION_ID_abc", "");
    expect(formDataToObject(fd)).toEqual({ a: "1", b: ["x", "y"] });
  });
});
