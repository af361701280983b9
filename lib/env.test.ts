import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("single sign-on and local login", () => {
  const sso = { BEACONPORT_OIDC_ISSUER: "https://login.example.com/realms/main/", BEACONPORT_OIDC_CLIENT_ID: "beaconport", BEACONPORT_OIDC_CLIENT_SECRET: "s3cret-value-never-shown", BEACONPORT_OIDC_ADMIN_GROUPS: "bp-admins, Beaconport Admins" };

  it("is off unless configured; then issuer, client ID and secret go together, with at least one group", () => {
    expect(parseEnv({}).oidc).toBeUndefined();
    expect(parseEnv({}).localLogin).toEqual({ enabled: true, breakGlassAdmin: undefined });
    expect(parseEnv(sso).oidc).toEqual({
      issuer: "https://login.example.com/realms/main",
      clientId: "beaconport",
      clientSecret: "s3cret-value-never-shown",
      name: "single sign-on",
      scopes: "openid email profile",
      groupsClaim: "groups",
      adminGroups: ["bp-admins", "Beaconport Admins"],
      reviewerGroups: [],
    });
    for (const missing of ["BEACONPORT_OIDC_ISSUER", "BEACONPORT_OIDC_CLIENT_ID", "BEACONPORT_OIDC_CLIENT_SECRET"] as const) {
      expect(() => parseEnv({ ...sso, [missing]: "" })).toThrow(new RegExp(missing));
    }
    expect(() => parseEnv({ ...sso, BEACONPORT_OIDC_ADMIN_GROUPS: " , " })).toThrow(/at least one group/);
  });

  it("never puts the client secret in an error message", () => {
    let message = "";
    try {
      parseEnv({ ...sso, BEACONPORT_OIDC_ISSUER: "" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/BEACONPORT_OIDC_ISSUER/);
    expect(message).not.toContain(sso.BEACONPORT_OIDC_CLIENT_SECRET);
  });

  it("wants an https issuer (http only on loopback) and scopes that include openid", () => {
    expect(() => parseEnv({ ...sso, BEACONPORT_OIDC_ISSUER: "http://login.example.com" })).toThrow(/BEACONPORT_OIDC_ISSUER.*https/);
    expect(() => parseEnv({ ...sso, BEACONPORT_OIDC_ISSUER: "https://user:pw@login.example.com" })).toThrow(/BEACONPORT_OIDC_ISSUER/);
    expect(parseEnv({ ...sso, BEACONPORT_OIDC_ISSUER: "http://127.0.0.1:3312" }).oidc?.issuer).toBe("http://127.0.0.1:3312");
    expect(() => parseEnv({ ...sso, BEACONPORT_OIDC_SCOPES: "email profile" })).toThrow(/BEACONPORT_OIDC_SCOPES.*openid/);
    expect(parseEnv({ ...sso, BEACONPORT_OIDC_SCOPES: "openid  email groups" }).oidc?.scopes).toBe("openid email groups");
  });

  it("turns local login off only when single sign-on is configured, with an optional break-glass administrator", () => {
    expect(() => parseEnv({ BEACONPORT_LOCAL_LOGIN: "off" })).toThrow(/BEACONPORT_LOCAL_LOGIN.*nobody could sign in/);
    expect(parseEnv({ ...sso, BEACONPORT_LOCAL_LOGIN: "off", BEACONPORT_BREAK_GLASS_ADMIN: "Root@Example.com" }).localLogin).toEqual({ enabled: false, breakGlassAdmin: "root@example.com" });
    expect(() => parseEnv({ ...sso, BEACONPORT_LOCAL_LOGIN: "maybe" })).toThrow(/BEACONPORT_LOCAL_LOGIN/);
    expect(() => parseEnv({ ...sso, BEACONPORT_BREAK_GLASS_ADMIN: "not-an-email" })).toThrow(/BEACONPORT_BREAK_GLASS_ADMIN/);
  });
});

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const e = parseEnv({}, "/srv/bp");
    expect(e.host).toBe("127.0.0.1");
    expect(e.port).toBe(3000);
    expect(e.dataDir).toBe("/srv/bp/data");
    expect(e.databaseUrl).toBe(`file:${path.join("/srv/bp/data", "beaconport.db")}`);
    expect(e.databaseProvider).toBe("sqlite");
    expect(e.sessionIdleMs).toBe(8 * 3_600_000);
    expect(e.authSecret).toBeUndefined();
    expect(e.encryptionKey).toBeUndefined();
    expect(e.login).toEqual({ maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMs: 15 * 60_000 });
  });

  it("chooses PostgreSQL from a postgres URL and resolves the data dir", () => {
    const e = parseEnv({ DATABASE_URL: "postgresql://u@127.0.0.1:5432/bp", BEACONPORT_DATA_DIR: "var/bp" }, "/srv");
    expect(e.databaseProvider).toBe("postgresql");
    expect(e.dataDir).toBe("/srv/var/bp");
  });

  it("BEACONPORT_URL is one origin; AUTH_URL is accepted in its place and must agree with it", () => {
    expect(parseEnv({}).publicOrigin).toBeUndefined();
    expect(parseEnv({ BEACONPORT_URL: "https://Beaconport.example.com:8443/" }).publicOrigin?.origin).toBe("https://beaconport.example.com:8443");
    expect(parseEnv({ AUTH_URL: "https://bp.example.com" }).publicOrigin?.origin).toBe("https://bp.example.com");
    expect(parseEnv({ BEACONPORT_URL: "https://bp.example.com", AUTH_URL: "https://bp.example.com/" }).publicOrigin?.origin).toBe("https://bp.example.com");
    expect(() => parseEnv({ BEACONPORT_URL: "https://bp.example.com", AUTH_URL: "https://other.example.com" })).toThrow(/^Configuration error: AUTH_URL .*differs from BEACONPORT_URL/);
  });

  it.each([
    ["no scheme", "beaconport.example.com", /absolute URL/],
    ["another scheme", "ftp://beaconport.example.com", /https:\/\//],
    ["a path", "https://beaconport.example.com/portal", /origin only/],
    ["a query", "https://beaconport.example.com/?x=1", /origin only/],
    ["user info", "https://admin:pw@beaconport.example.com", /user name or password/],
  ])("refuses a BEACONPORT_URL with %s", (_what, value, message) => {
    expect(() => parseEnv({ BEACONPORT_URL: value })).toThrow(/^Configuration error: BEACONPORT_URL /);
    expect(() => parseEnv({ BEACONPORT_URL: value })).toThrow(message);
  });

  it("accepts fractional idle hours (tests use short timeouts)", () => {
    expect(parseEnv({ BEACONPORT_SESSION_IDLE_HOURS: "0.5" }).sessionIdleMs).toBe(1_800_000);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["DATABASE_URL", "mysql://x"],
    ["AUTH_SECRET", "short"],
    ["BEACONPORT_ENCRYPTION_KEY", "not-a-key"],
    ["BEACONPORT_SESSION_IDLE_HOURS", "-1"],
    ["BEACONPORT_LOG_LEVEL", "loud"],
  ])("names %s when its value %j is wrong", (variable, value) => {
    expect(() => parseEnv({ [variable]: value })).toThrow(EnvError);
    expect(() => parseEnv({ [variable]: value })).toThrow(new RegExp(`^Configuration error: ${variable} `));
  });

  it("decodes a hex or base64 encryption key to 32 bytes", () => {
    const hex = "ab".repeat(32);
    expect(parseEnv({ BEACONPORT_ENCRYPTION_KEY: hex }).encryptionKey?.toString("hex")).toBe(hex);
    const b64 = Buffer.alloc(32, 7).toString("base64");
    expect(parseEnv({ BEACONPORT_ENCRYPTION_KEY: b64 }).encryptionKey).toEqual(Buffer.alloc(32, 7));
  });
});
