import { describe, expect, it } from "vitest";
import { CONFIRM_NO_EXTERNAL_ID_MESSAGE, parseSettings } from "./settings-form";
import { externalIdDecided, toAccessModel } from "@/lib/connections/draft-model";

const gen = () => "GENERATED0123456789abcdefghijklmnopqrstu";

describe("parseSettings", () => {
  it("changes only the fields a form sends", () => {
    const r = parseSettings({ role: "FlexeraRole" }, {}, gen);
    expect(r).toEqual({ ok: true, patch: { names: { role: "FlexeraRole" } } });
  });

  it("keys messages by the form's field names and keeps going past the first error", () => {
    const r = parseSettings({ role: "bad name", user: "x".repeat(65), inventoryPolicy: "Fine" }, {}, gen);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fieldErrors).sort()).toEqual(["role", "user"]);
    expect(r.fieldErrors.role![0]).toMatch(/no spaces/);
  });

  it("generates an external ID only when none is set, unless asked to regenerate", () => {
    expect(parseSettings({ externalIdMode: "generate" }, {}, gen)).toEqual({ ok: true, patch: { externalId: gen() } });
    expect(parseSettings({ externalIdMode: "generate" }, { externalId: "kept-id" }, gen)).toEqual({ ok: true, patch: {} });
    expect(parseSettings({ externalIdMode: "regenerate" }, { externalId: "kept-id" }, gen)).toEqual({ ok: true, patch: { externalId: gen() } });
  });

  it("validates an entered external ID and clears it on none", () => {
    const bad = parseSettings({ externalIdMode: "enter", externalId: "has space" }, {}, gen);
    expect(bad.ok ? null : bad.fieldErrors.externalId).toBeTruthy();
    expect(parseSettings({ externalIdMode: "enter", externalId: " my-ext:id " }, {}, gen)).toEqual({ ok: true, patch: { externalId: "my-ext:id" } });
    expect(parseSettings({ externalIdMode: "none", confirmNoExternalId: "yes" }, { externalId: "x1" }, gen)).toEqual({ ok: true, patch: { clearExternalId: true, noExternalId: true } });
  });

  it('"No external ID" without the confirmation is refused, whatever the browser sent', () => {
    for (const confirm of [undefined, "", "no", "on", "true"]) {
      const r = parseSettings({ externalIdMode: "none", ...(confirm === undefined ? {} : { confirmNoExternalId: confirm }) }, { externalId: "x1" }, gen);
      expect(r).toEqual({ ok: false, fieldErrors: { confirmNoExternalId: [CONFIRM_NO_EXTERNAL_ID_MESSAGE] } });
    }
  });

  it("an external ID set again ends an earlier confirmed \"No external ID\"", () => {
    const r = parseSettings({ externalIdMode: "generate" }, { noExternalId: true }, gen);
    expect(r.ok && r.patch).toEqual({ externalId: gen() });
    expect(r.ok && "noExternalId" in r.patch).toBe(true);
    const d = toAccessModel({ homeAccountId: "111122223333", noExternalId: true }, ["444455556666"]);
    expect(d.ok).toBe(true);
  });

  it("reads RDS patterns line by line and names the lines it cannot read", () => {
    const ok = parseSettings({ rdsScopeKind: "patterns", rdsPatterns: "eu-west-1 ORCL-*\n* prod-oracle-erp" }, {}, gen);
    expect(ok).toEqual({ ok: true, patch: { rdsScope: { kind: "patterns", patterns: [{ region: "eu-west-1", instanceName: "orcl-*" }, { region: "*", instanceName: "prod-oracle-erp" }] } } });
    const bad = parseSettings({ rdsScopeKind: "patterns", rdsPatterns: "eu-west-1 orcl-*\nmars-1 db" }, {}, gen);
    expect(bad.ok ? "" : bad.fieldErrors.rdsPatterns![0]).toContain('"mars-1 db"');
    expect(parseSettings({ rdsScopeKind: "all" }, {}, gen)).toEqual({ ok: true, patch: { rdsScope: { kind: "all" } } });
  });
});

describe("externalIdDecided: the plan's gate", () => {
  it("an external ID, or a confirmed choice of none; never silence", () => {
    expect(externalIdDecided({ externalId: "abc-123" })).toBe(true);
    expect(externalIdDecided({ noExternalId: true })).toBe(true);
    expect(externalIdDecided({})).toBe(false);
    expect(externalIdDecided({ externalId: "" })).toBe(false);
  });
});
