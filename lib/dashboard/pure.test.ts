import { describe, expect, it } from "vitest";
import { accountStatus } from "./account-status";
import { maskExternalId } from "@/lib/model/mask-external-id";
import { parseInventory } from "./parse-stored";
import { readConnectionModel } from "./read-connection-model";

describe("accountStatus", () => {
  it("ranks failing over drift over passing over never tested", () => {
    expect(accountStatus({ lastTestStatus: "failed", hasDrift: true })).toBe("failing");
    expect(accountStatus({ lastTestStatus: "passed", hasDrift: true })).toBe("drift");
    expect(accountStatus({ lastTestStatus: null, hasDrift: true })).toBe("drift");
    expect(accountStatus({ lastTestStatus: "passed", hasDrift: false })).toBe("passing");
    expect(accountStatus({ lastTestStatus: null, hasDrift: false })).toBe("never");
  });
});

describe("maskExternalId", () => {
  it("shows two characters at each end of a long value", () => {
    expect(maskExternalId("abcdef-1234-wxyz")).toBe("ab••••yz");
  });
  it("hides short values entirely and passes through absence", () => {
    expect(maskExternalId("abc1234")).toBe("••••");
    expect(maskExternalId("")).toBeNull();
    expect(maskExternalId(undefined)).toBeNull();
  });
});

describe("parseInventory", () => {
  it("reads the four counts and ignores the rest", () => {
    expect(parseInventory('{"instances":4,"hosts":1,"reservedInstances":2,"oracleRds":3,"byRegion":[]}')).toEqual({ instances: 4, hosts: 1, reservedInstances: 2, oracleRds: 3 });
  });
  it("keeps a count whose check failed unknown (null), not 0 (issue #14)", () => {
    expect(parseInventory('{"instances":4,"hosts":1,"reservedInstances":null,"oracleRds":3,"byRegion":[]}')).toEqual({ instances: 4, hosts: 1, reservedInstances: null, oracleRds: 3 });
  });
  it("returns null for absent or unreadable values", () => {
    expect(parseInventory(null)).toBeNull();
    expect(parseInventory("{not json")).toBeNull();
    expect(parseInventory("[1,2]")).toBeNull();
  });
});

describe("readConnectionModel", () => {
  it("falls back to the procedure's names for a draft", () => {
    expect(readConnectionModel('{"homeAccountId":"111122223333"}')).toEqual({
      homeAccountId: "111122223333",
      externalId: null,
      names: { inventoryPolicy: "ListInventoryForFNMS", readRolesPolicy: "ReadRolesForFNMS", role: "ListEC2ForFNMSRole", user: "FNMSUser" },
      rolePath: "/",
    });
  });
  it("reads custom names and survives damaged JSON", () => {
    expect(readConnectionModel('{"names":{"role":"R"},"rolePath":"/fnms/","externalId":"x"}').names.role).toBe("R");
    expect(readConnectionModel("garbage").names.user).toBe("FNMSUser");
  });
});
