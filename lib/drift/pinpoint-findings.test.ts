import { describe, expect, it } from "vitest";
import { idealObservedState } from "@/lib/lint";
import { parseAccessModel } from "@/lib/model";
import type { Finding, ObservedHome, ObservedTarget } from "@/lib/model/types";
import { buildTrustPolicy } from "@/lib/policies";
import { keepPinpointed, keepPinpointedHome, pinpointDrift, pinpointSource, type PinpointInput } from "./pinpoint-findings";

const EXTERNAL_ID = "beaconport-pinpoint-external-id-0001";
const model = parseAccessModel({ homeAccountId: "111111111111", targetAccountIds: ["222222222222", "333333333333", "444444444444"], externalId: EXTERNAL_ID, regions: ["us-east-1"] });
const at = new Date("2026-11-28T10:15:00Z");
const KEY = "AKIAIDEALSTATE000001";

const unreachable = (accountId: string): Finding => ({ rule: "role-unreachable", severity: "error", step: 4, accountId, message: "The collector can no longer assume the role: deleted, trust or external ID.", fix: "Restore the role." });

function fresh(): { home: ObservedHome; target: (id: string) => ObservedTarget } {
  const ideal = idealObservedState(model);
  const copy = <T,>(v: T): T => structuredClone(v);
  return { home: copy(ideal.home), target: (id) => copy(ideal.targets.find((t) => t.accountId === id)!) };
}

function run(partial: Partial<PinpointInput> & Pick<PinpointInput, "targets">) {
  const { home } = fresh();
  return pinpointDrift({ model, accessKeyId: KEY, home, previous: { home: [], accounts: {} }, at, ...partial });
}

describe("pinpointDrift: the collector's ambiguous findings made precise", () => {
  it("a deleted role: role-missing with the rollout as the fix, replacing role-unreachable; not repeated as an unknown ARN at home", () => {
    const r = run({ targets: [{ accountId: "333333333333", role: null, policies: [] }], previous: { home: [], accounts: { "333333333333": [unreachable("333333333333")] } } });
    expect(r.accounts["333333333333"]!.map((f) => f.rule)).toEqual(["role-missing"]);
    const f = r.accounts["333333333333"]![0]!;
    expect(f.message).toContain(pinpointSource(at));
    expect(f.message).toMatch(/does not exist any more/);
    expect(f.fix).toMatch(/Recreate it with the rollout/);
    expect(f).toMatchObject({ source: "administrator", pinpointedAt: at.toISOString() });
    expect(r.home).toEqual([]);
    expect(r.before).toEqual(["role-unreachable@333333333333"]);
    expect(r.after).toEqual(["role-missing@333333333333"]);
  });

  it("a changed external ID: which value AWS has against the connection's (masked), and the trust to restore", () => {
    const t = fresh().target("222222222222");
    t.role!.trustPolicy = buildTrustPolicy({ ...model, externalId: "zz-someone-else-changed-it-99" });
    const r = run({ targets: [t] });
    expect(r.accounts["222222222222"]!.map((f) => f.rule)).toEqual(["external-id-changed"]);
    const f = r.accounts["222222222222"]![0]!;
    expect(f.message).toMatch(/^Pinpointed with administrator access at 2026-11-28 10:15 UTC: External ID changed/);
    expect(f.message).toContain("zz••••99");
    expect(f.message).toContain("be••••01");
    expect(f.fix).toContain('"sts:ExternalId":"<the connection\'s external ID be••••01>"');
    expect(f.fix).toContain("arn:aws:iam::111111111111:root");
    // Reviewers see findings: neither value in full.
    expect(JSON.stringify(r)).not.toContain(EXTERNAL_ID);
    expect(JSON.stringify(r)).not.toContain("zz-someone-else-changed-it-99");
  });

  it("a changed trust principal: the exact trust policy to set", () => {
    const t = fresh().target("333333333333");
    t.role!.trustPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": EXTERNAL_ID } } }] };
    const r = run({ targets: [t] });
    const f = r.accounts["333333333333"]!;
    expect(f.map((x) => x.rule)).toEqual(["trust-principal-changed"]);
    expect(f[0]!.message).toContain("arn:aws:iam::999999999999:root");
    expect(f[0]!.fix).toContain('"Principal":{"AWS":"arn:aws:iam::111111111111:root"}');
  });

  it("a dropped external ID condition: external-id-not-required with the trust to restore", () => {
    const t = fresh().target("444444444444");
    t.role!.trustPolicy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] };
    const r = run({ targets: [t] });
    expect(r.accounts["444444444444"]!.map((f) => f.rule)).toEqual(["external-id-not-required"]);
  });

  it("an inline policy on the collector (invisible to it): its name and how to remove it", () => {
    const { home } = fresh();
    home.user!.inlinePolicies.push({ name: "added-by-hand", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } });
    const r = run({ home, targets: [] });
    expect(r.home.map((f) => f.rule)).toEqual(["user-inline-policy"]);
    expect(r.home[0]!.message).toContain('"added-by-hand"');
    expect(r.home[0]!.message).toContain("s3:GetObject");
    expect(r.home[0]!.fix).toContain(`aws iam delete-user-policy --user-name ${model.names.user} --policy-name added-by-hand`);
  });

  it("a changed inventory policy and an extra policy on the role: what is extra, and what to detach", () => {
    const t = fresh().target("444444444444");
    const inventory = t.policies[0]!;
    inventory.document.Statement.push({ Effect: "Allow", Action: "ec2:*", Resource: "*" });
    inventory.defaultVersionId = "v2";
    t.role!.attachedPolicies.push({ name: "PowerUserAccess", arn: "arn:aws:iam::aws:policy/PowerUserAccess" });
    const r = run({ targets: [t] });
    const rules = r.accounts["444444444444"]!.map((f) => f.rule);
    expect(rules).toEqual(["inventory-policy-changed", "role-policy-added"]);
    const changed = r.accounts["444444444444"]![0]!;
    expect(changed.message).toContain("(v2)");
    expect(changed.message).toContain("it also grants: Allow ec2:* on *");
    expect(r.accounts["444444444444"]![1]!.fix).toContain("detach-role-policy");
  });

  it("the collector's key: deactivated (reactivate it) versus deleted (rotate)", () => {
    const inactive = fresh().home;
    inactive.user!.accessKeys = [{ accessKeyId: KEY, status: "Inactive" }];
    const a = run({ home: inactive, targets: [] });
    expect(a.home.map((f) => f.rule)).toEqual(["access-key-inactive"]);
    expect(a.home[0]!.fix).toContain("--status Active");
    const deleted = fresh().home;
    deleted.user!.accessKeys = [{ accessKeyId: "AKIAANOTHERKEY000001", status: "Active" }];
    const b = run({ home: deleted, targets: [] });
    expect(b.home.map((f) => f.rule)).toEqual(["access-key-deleted"]);
  });

  it("an account that could not be read keeps its previous findings; a healthy one is cleared", () => {
    const r = run({
      targets: [{ accountId: "222222222222", role: null, policies: [], readError: { code: "AccessDenied", message: "no admin role" } }, fresh().target("333333333333")],
      previous: { home: [], accounts: { "222222222222": [unreachable("222222222222")], "333333333333": [unreachable("333333333333")] } },
    });
    expect(r.unreadable).toEqual([{ accountId: "222222222222", code: "AccessDenied" }]);
    expect(r.accounts).toEqual({ "333333333333": [] });
    expect(r.before).toEqual(["role-unreachable@333333333333"]);
  });

  it("a wildcard in the read-roles policy: the precise difference, with the linter's wildcard finding", () => {
    const { home } = fresh();
    home.policies[0]!.document.Statement.push({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/*" });
    const r = run({ home, targets: [] });
    const rules = r.home.map((f) => f.rule).sort();
    expect(rules).toEqual(["assume-role-wildcard", "read-roles-policy-changed"]);
    expect(r.home.find((f) => f.rule === "read-roles-policy-changed")!.message).toContain("Allow sts:assumerole on arn:aws:iam::*:role/*");
  });
});

describe("keepPinpointed", () => {
  const pinpointed = JSON.stringify([{ rule: "external-id-changed", severity: "error", step: 4, accountId: "222222222222", message: "m", fix: "f", source: "administrator", pinpointedAt: at.toISOString() }]);
  it("keeps pinpointed findings while the scheduled run only sees the role as unreachable", () => {
    expect(keepPinpointed([unreachable("222222222222")], pinpointed)!.map((f) => f.rule)).toEqual(["external-id-changed"]);
  });
  it("replaces them when the run sees something else, or nothing", () => {
    const other: Finding = { ...unreachable("222222222222"), rule: "inventory-access-lost" };
    expect(keepPinpointed([other], pinpointed)).toEqual([other]);
    expect(keepPinpointed(undefined, pinpointed)).toBeUndefined();
  });
  it("does not keep the collector's own findings", () => {
    const stored = JSON.stringify([unreachable("222222222222")]);
    expect(keepPinpointed([unreachable("222222222222")], stored)).toEqual([unreachable("222222222222")]);
  });
});

describe("keepPinpointedHome", () => {
  const inline = { rule: "user-inline-policy", severity: "error", step: 6, accountId: "111111111111", message: "m", fix: "f", source: "administrator", pinpointedAt: at.toISOString() };
  const deleted = { ...inline, rule: "access-key-deleted" };
  const refused: Finding = { rule: "access-key-inactive", severity: "error", step: 6, accountId: "111111111111", message: "deactivated or deleted", fix: "f" };
  it("keeps an inline policy the collector cannot list, and drops it once the collector can see for itself", () => {
    expect(keepPinpointedHome([], JSON.stringify([inline]), { inlinePoliciesKnown: false }).map((f) => f.rule)).toEqual(["user-inline-policy"]);
    expect(keepPinpointedHome([], JSON.stringify([inline]), { inlinePoliciesKnown: true })).toEqual([]);
  });
  it("keeps the precise state of a refused key only while the key is still refused", () => {
    expect(keepPinpointedHome([refused], JSON.stringify([deleted]), { inlinePoliciesKnown: false }).map((f) => f.rule)).toEqual(["access-key-deleted"]);
    expect(keepPinpointedHome([], JSON.stringify([deleted]), { inlinePoliciesKnown: false })).toEqual([]);
  });
  it("ignores stored findings that were not pinpointed", () => {
    expect(keepPinpointedHome([], JSON.stringify([{ ...inline, source: undefined }]), { inlinePoliciesKnown: false })).toEqual([]);
  });
});
