import { describe, expect, it } from "vitest";
import { ModelValidationError, parseAccessModel, safeParseAccessModel } from "./index";
import { DEFAULT_NAMES } from "./defaults";
import { DEFAULT_REGIONS } from "./regions";
import { modelWarnings } from "./model-warnings";

function issues(input: unknown) {
  try {
    parseAccessModel(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelValidationError);
    return (e as ModelValidationError).issues;
  }
  throw new Error("expected the model to be rejected");
}

describe("parseAccessModel", () => {
  it("fills every default from a minimal model", () => {
    expect(parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["444455556666"] })).toEqual({
      connectionName: "AWS inventory (Direct)",
      sourceType: "Amazon Web Services",
      adapterType: "Direct",
      homeAccountId: "111122223333",
      targetAccountIds: ["444455556666"],
      names: { ...DEFAULT_NAMES },
      rolePath: "/",
      regions: [...DEFAULT_REGIONS].sort(),
      rdsScope: { kind: "all" },
      maxSessionDurationSeconds: 3600,
    });
  });

  it("uses the procedure's names as defaults, each overridable", () => {
    expect(DEFAULT_NAMES).toEqual({ inventoryPolicy: "ListInventoryForFNMS", readRolesPolicy: "ReadRolesForFNMS", role: "ListEC2ForFNMSRole", user: "FNMSUser" });
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["111122223333"], names: { role: "FlexeraRole" } });
    expect(m.names).toEqual({ ...DEFAULT_NAMES, role: "FlexeraRole" });
  });

  it("sorts and de-duplicates accounts and regions, and accepts a pasted list", () => {
    const m = parseAccessModel({
      homeAccountId: "1111-2222-3333",
      targetAccountIds: "444455556666, 111122223333\n444455556666;222233334444",
      regions: ["us-east-1", "eu-west-1", "us-east-1"],
    });
    expect(m.homeAccountId).toBe("111122223333");
    expect(m.targetAccountIds).toEqual(["111122223333", "222233334444", "444455556666"]);
    expect(m.regions).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("treats an empty external ID and an empty proxy as absent", () => {
    const m = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["111122223333"], externalId: "", proxy: null });
    expect("externalId" in m).toBe(false);
    expect("proxy" in m).toBe(false);
  });

  it("names the field and what is allowed in every issue", () => {
    const got = issues({
      homeAccountId: "12",
      targetAccountIds: ["444455556666", "abc"],
      externalId: "x",
      names: { user: "bad name" },
      rolePath: "fnms",
      regions: ["moon-1"],
      adapterType: "AWS Config",
      maxSessionDurationSeconds: 60,
      proxy: { server: "ftp://p" },
    });
    const byPath = Object.fromEntries(got.map((i) => [i.path, i.message]));
    expect(byPath).toEqual({
      homeAccountId: "Home account ID (homeAccountId): An AWS account ID is exactly 12 digits (0-9), e.g. 123456789012.",
      "targetAccountIds[1]": "Target account IDs (targetAccountIds[1]): An AWS account ID is exactly 12 digits (0-9), e.g. 123456789012.",
      externalId: "External ID (externalId): An external ID is 2-1,224 characters of letters, digits and + = , . @ : / _ -; it is too short.",
      "names.user": "User name (names.user): A user name is 1-64 characters of letters, digits and + = , . @ _ -; no spaces or other characters.",
      rolePath: "Role path (rolePath): A role path starts and ends with / and has no spaces, e.g. / or /fnms/.",
      "regions[0]": 'Regions (regions[0]): Region "moon-1" is not a region of the commercial AWS partition; use one such as us-east-1 or eu-west-1.',
      adapterType:
        'Adapter type (adapterType): The adapter type is "Direct": this procedure sets up Direct access; AWS Config is the beacon\'s default but a different method.',
      maxSessionDurationSeconds: "Maximum session duration (maxSessionDurationSeconds): The maximum session duration is 3600-43200 seconds; the beacon needs at least one hour (3600).",
      "proxy.server": 'Proxy server (proxy.server): Proxy server scheme "ftp" is not supported; only http:// and https:// are (or none, meaning http://).',
    });
  });

  it("requires the home account and at least one target", () => {
    const got = issues({ targetAccountIds: [] });
    expect(got.map((i) => i.path).sort()).toEqual(["homeAccountId", "targetAccountIds"]);
    expect(got.find((i) => i.path === "targetAccountIds")?.message).toMatch(/At least one target account ID/);
  });

  it("rejects unknown fields so a typo cannot fall back to a default", () => {
    const got = issues({ homeAccountId: "111122223333", targetAccountIds: ["111122223333"], targetAccounts: ["222233334444"] });
    expect(got).toEqual([{ path: "", message: expect.stringMatching(/^Unknown field\(s\) "targetAccounts" in the model\. Allowed fields: connectionName, .*proxy\.$/) }]);
    expect(issues({ homeAccountId: "111122223333", targetAccountIds: ["111122223333"], names: { rol: "x" } })[0]?.message).toMatch(/"rol" in Names/);
  });

  it("rejects a non-object", () => {
    expect(issues("nope")).toEqual([{ path: "", message: "The access model must be a JSON object." }]);
  });

  it("leaves room for split suffixes in the read-roles policy name", () => {
    expect(issues({ homeAccountId: "111122223333", targetAccountIds: ["111122223333"], names: { readRolesPolicy: "r".repeat(125) } })[0]?.message).toMatch(/1-124 characters/);
    expect(parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["111122223333"], names: { readRolesPolicy: "r".repeat(124) } }).names.readRolesPolicy).toHaveLength(124);
  });

  it("never puts the proxy password in an issue", () => {
    const r = safeParseAccessModel({ homeAccountId: "1", targetAccountIds: ["111122223333"], proxy: { server: "p", password: "Planted-Pw-123" } });
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("Planted-Pw-123");
  });

  it("is idempotent: a parsed model parses to itself", () => {
    const m = parseAccessModel({
      homeAccountId: "111122223333",
      targetAccountIds: ["444455556666", "111122223333"],
      externalId: "abc-123",
      rdsScope: { kind: "patterns", patterns: [{ region: "eu-west-1", instanceName: "B" }, { region: "eu-west-1", instanceName: "a" }, { region: "eu-west-1", instanceName: "b" }] },
      proxy: { server: "p:1", username: "u", password: "pw" },
    });
    expect(m.rdsScope).toEqual({ kind: "patterns", patterns: [{ region: "eu-west-1", instanceName: "a" }, { region: "eu-west-1", instanceName: "b" }] });
    expect(parseAccessModel(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });
});

describe("modelWarnings", () => {
  it("warns about pinned RDS names and a missing external ID, and not otherwise", () => {
    const pinned = parseAccessModel({
      homeAccountId: "111122223333",
      targetAccountIds: ["111122223333"],
      rdsScope: { kind: "patterns", patterns: [{ region: "*", instanceName: "orcl-*" }, { region: "eu-west-1", instanceName: "prod-db" }] },
    });
    expect(modelWarnings(pinned).map((w) => w.path)).toEqual(["rdsScope.patterns[1].instanceName", "externalId"]);
    expect(modelWarnings(pinned)[0]?.message).toMatch(/databases created later/);
    const fine = parseAccessModel({ homeAccountId: "111122223333", targetAccountIds: ["111122223333"], externalId: "abc" });
    expect(modelWarnings(fine)).toEqual([]);
  });
});
