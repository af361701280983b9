import { describe, expect, it } from "vitest";
import { externalIdChoices, shownExternalIdChoice } from "./external-id-choice";

describe("step 4's external-ID choice", () => {
  it("offers keep/regenerate once an ID is stored, generate before", () => {
    expect(externalIdChoices({ externalId: undefined }).map((c) => c.value)).toEqual(["generate", "enter", "none"]);
    expect(externalIdChoices({ externalId: "abc" }).map((c) => c.value)).toEqual(["keep", "regenerate", "enter", "none"]);
  });

  it("after 'generate' was saved, shows 'keep' (the choice that exists now) rather than nothing", () => {
    expect(shownExternalIdChoice({ externalId: "generated-id" }, "generate")).toBe("keep");
    expect(shownExternalIdChoice({ externalId: "generated-id" }, "regenerate")).toBe("regenerate");
    expect(shownExternalIdChoice({ externalId: undefined, noExternalId: true }, "keep")).toBe("none");
    expect(shownExternalIdChoice({ externalId: undefined }, undefined)).toBe("generate");
    expect(shownExternalIdChoice({ externalId: "x" }, undefined)).toBe("keep");
    expect(shownExternalIdChoice({ externalId: undefined }, "enter")).toBe("enter");
  });
});
