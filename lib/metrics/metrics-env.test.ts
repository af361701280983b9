import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("metrics and backup configuration", () => {
  it("metrics are off, without account labels, and no backup passphrase by default", () => {
    const e = parseEnv({});
    expect(e.metrics).toEqual({ token: undefined, accountLabels: false });
    expect(e.backup).toEqual({ passphrase: undefined });
  });

  it("takes a long token and the opt-in for account labels", () => {
    const token = "a".repeat(32);
    expect(parseEnv({ BEACONPORT_METRICS_TOKEN: ` ${token} `, BEACONPORT_METRICS_ACCOUNT_LABELS: "true" }).metrics).toEqual({ token, accountLabels: true });
    expect(parseEnv({ BEACONPORT_METRICS_ACCOUNT_LABELS: "0" }).metrics.accountLabels).toBe(false);
  });

  it.each([
    ["short", "short-token"],
    ["with a space", `${"a".repeat(20)} ${"b".repeat(20)}`],
  ])("refuses a %s metrics token without echoing it", (_what, token) => {
    let message = "";
    try {
      parseEnv({ BEACONPORT_METRICS_TOKEN: token });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Configuration error: BEACONPORT_METRICS_TOKEN must be 32 to 512 printable characters/);
    expect(message).not.toContain(token.slice(0, 8));
  });

  it("refuses a vague account-labels flag and a short backup passphrase, naming the variable", () => {
    expect(() => parseEnv({ BEACONPORT_METRICS_ACCOUNT_LABELS: "maybe" })).toThrow(/^Configuration error: BEACONPORT_METRICS_ACCOUNT_LABELS must be true or false/);
    expect(() => parseEnv({ BEACONPORT_BACKUP_PASSPHRASE: "short" })).toThrow(/^Configuration error: BEACONPORT_BACKUP_PASSPHRASE must be at least 12 characters$/);
  });
});
