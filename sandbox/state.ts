/**
 * The sandbox's in-memory world: accounts with their IAM entities and inventory, the global
 * access-key index and STS sessions. Everything lives in maps keyed for O(1) lookups so that
 * large generated organizations stay fast; nothing here touches the disk.
 *
 * Propagation delay is modelled per change: every grant-like change carries `effectiveAt`
 * (and the value it replaces), and authorization reads the value effective "now".
 */
import { newAccessKey, newGroup, newManagedPolicy, newRole, newUser } from "./iam-entities";
import type {
  FixtureAccount,
  FixtureDbInstance,
  FixtureDedicatedHost,
  FixtureEc2Instance,
  FixtureReservedInstance,
  FixtureTag,
  SandboxFixture,
} from "./types";

export interface Attachment {
  policyArn: string;
  effectiveAt: number;
}

export interface InlinePolicy {
  name: string;
  document: string;
  /** Document in force until `effectiveAt` (undefined: the policy did not exist before). */
  previous?: string;
  effectiveAt: number;
}

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  status: "Active" | "Inactive";
  createDate: Date;
  accountId: string;
  userName: string;
  effectiveAt: number;
  lastUsed?: { date: Date; service: string; region: string };
}

export interface GroupMembership {
  effectiveAt: number;
}

export interface IamUser {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: Date;
  attached: Map<string, Attachment>;
  inline: Map<string, InlinePolicy>;
  /** Keyed by lower-case group name. */
  groups: Map<string, GroupMembership>;
  accessKeys: AccessKey[];
  tags: FixtureTag[];
}

export interface IamGroup {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: Date;
  attached: Map<string, Attachment>;
  inline: Map<string, InlinePolicy>;
}

export interface IamRole {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: Date;
  description?: string;
  trust: string;
  previousTrust?: string;
  trustEffectiveAt: number;
  maxSessionDuration: number;
  attached: Map<string, Attachment>;
  inline: Map<string, InlinePolicy>;
  tags: FixtureTag[];
  /** The role cannot be assumed before this time (propagation of a new role). */
  effectiveAt: number;
  lastUsed?: { date: Date; region: string };
}

export interface PolicyVersion {
  versionId: string;
  document: string;
  createDate: Date;
}

export interface ManagedPolicy {
  name: string;
  path: string;
  id: string;
  arn: string;
  description?: string;
  createDate: Date;
  updateDate: Date;
  versions: PolicyVersion[];
  defaultVersionId: string;
  /** Default version in force until `defaultEffectiveAt`. */
  previousDefaultVersionId?: string;
  defaultEffectiveAt: number;
  nextVersion: number;
  tags: FixtureTag[];
  awsManaged: boolean;
}

export interface Account {
  id: string;
  name: string;
  email: string;
  role: "management" | "member";
  inOrganization: boolean;
  joinedAt: Date;
  aliases: string[];
  users: Map<string, IamUser>;
  groups: Map<string, IamGroup>;
  roles: Map<string, IamRole>;
  /** Customer-managed policies keyed by lower-case name. */
  policies: Map<string, ManagedPolicy>;
  ec2Instances: FixtureEc2Instance[];
  dedicatedHosts: FixtureDedicatedHost[];
  reservedInstances: FixtureReservedInstance[];
  dbInstances: FixtureDbInstance[];
}

export interface StsSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  accountId: string;
  roleName: string;
  roleArn: string;
  roleId: string;
  sessionName: string;
  arn: string;
  expiration: number;
}

export type Principal =
  | { kind: "user"; accountId: string; arn: string; userId: string; user: IamUser; accessKeyId: string }
  | {
      kind: "role-session";
      accountId: string;
      arn: string;
      userId: string;
      roleName: string;
      roleArn: string;
      session: StsSession;
      accessKeyId: string;
    };

export const DEFAULT_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-west-1", "eu-west-2", "eu-west-3",
  "eu-central-1", "eu-north-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "ap-northeast-2",
  "ap-south-1", "sa-east-1",
];

const ADMIN_DOCUMENT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
});
const READ_ONLY_DOCUMENT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["*:Describe*", "*:Get*", "*:List*"], Resource: "*" }],
});
const IAM_READ_ONLY_DOCUMENT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["iam:Get*", "iam:List*", "iam:Generate*", "iam:Simulate*"], Resource: "*" }],
});

/** The AWS-managed policies the sandbox knows (simplified documents, same names and ARNs). */
function awsManagedPolicies(): Map<string, ManagedPolicy> {
  const created = new Date("2015-02-06T18:39:46Z");
  const make = (name: string, document: string, path = "/"): ManagedPolicy => newManagedPolicy({ accountId: "aws", name, path, document, createDate: created });
  const list = [
    make("AdministratorAccess", ADMIN_DOCUMENT),
    make("ReadOnlyAccess", READ_ONLY_DOCUMENT),
    make("IAMReadOnlyAccess", IAM_READ_ONLY_DOCUMENT),
  ];
  return new Map(list.map((p) => [p.arn, p]));
}

export class SandboxState {
  readonly accounts = new Map<string, Account>();
  readonly accessKeys = new Map<string, AccessKey>();
  readonly sessions = new Map<string, StsSession>();
  readonly awsPolicies = awsManagedPolicies();
  readonly organizationId: string;
  readonly regions: string[];
  managementAccountId: string;

  constructor(fixture: SandboxFixture, now: number) {
    this.organizationId = fixture.organizationId ?? "o-sandbox0001";
    this.regions = fixture.regions ?? DEFAULT_REGIONS;
    const management = fixture.accounts.filter((a) => a.role === "management");
    if (management.length !== 1) throw new Error("fixture: exactly one account must have role \"management\"");
    this.managementAccountId = management[0]!.accountId;
    for (const account of fixture.accounts) this.addAccount(account, now);
  }

  /** Seeds one account from its fixture entry. Fixture content is trusted (no propagation delay). */
  addAccount(spec: FixtureAccount, now: number): Account {
    if (!/^\d{12}$/.test(spec.accountId)) throw new Error(`fixture: bad account id ${spec.accountId}`);
    if (this.accounts.has(spec.accountId)) throw new Error(`fixture: duplicate account ${spec.accountId}`);
    const created = new Date(now);
    const account: Account = {
      id: spec.accountId,
      name: spec.name,
      email: spec.email ?? `aws+${spec.accountId}@example.com`,
      role: spec.role,
      inOrganization: spec.inOrganization ?? true,
      joinedAt: created,
      aliases: spec.alias ? [spec.alias] : [],
      users: new Map(),
      groups: new Map(),
      roles: new Map(),
      policies: new Map(),
      ec2Instances: spec.ec2Instances ?? [],
      dedicatedHosts: spec.dedicatedHosts ?? [],
      reservedInstances: spec.reservedInstances ?? [],
      dbInstances: spec.dbInstances ?? [],
    };
    this.accounts.set(account.id, account);
    for (const p of spec.policies ?? []) {
      account.policies.set(p.name.toLowerCase(), newManagedPolicy({ accountId: account.id, name: p.name, path: p.path, description: p.description, document: JSON.stringify(p.document), createDate: created }));
    }
    const attachments = (names: string[] | undefined) =>
      new Map((names ?? []).map((n) => {
        const arn = this.resolvePolicyReference(account, n);
        return [arn, { policyArn: arn, effectiveAt: 0 }] as const;
      }));
    const inline = (list: { name: string; document: unknown }[] | undefined) =>
      new Map((list ?? []).map((p) => [p.name, { name: p.name, document: JSON.stringify(p.document), effectiveAt: 0 }] as const));
    const entity = (e: { name: string; path?: string; attachedPolicies?: string[]; inlinePolicies?: { name: string; document: unknown }[] }) => ({
      accountId: account.id,
      name: e.name,
      path: e.path,
      createDate: created,
      attached: attachments(e.attachedPolicies),
      inline: inline(e.inlinePolicies),
    });
    for (const g of spec.groups ?? []) account.groups.set(g.name.toLowerCase(), newGroup(entity(g)));
    for (const u of spec.users ?? []) {
      const user = newUser(entity(u));
      for (const g of u.groups ?? []) {
        if (!account.groups.has(g.toLowerCase())) throw new Error(`fixture: user ${u.name} in unknown group ${g}`);
        user.groups.set(g.toLowerCase(), { effectiveAt: 0 });
      }
      for (const k of u.accessKeys ?? []) {
        const key = newAccessKey({ ...k, accountId: account.id, userName: u.name, createDate: created, effectiveAt: 0 });
        if (this.accessKeys.has(key.accessKeyId)) throw new Error(`fixture: duplicate access key ${key.accessKeyId}`);
        user.accessKeys.push(key);
        this.accessKeys.set(key.accessKeyId, key);
      }
      account.users.set(u.name.toLowerCase(), user);
    }
    for (const r of spec.roles ?? []) {
      account.roles.set(
        r.name.toLowerCase(),
        newRole({ ...entity(r), description: r.description, trust: JSON.stringify(r.trustPolicy), maxSessionDuration: r.maxSessionDuration, effectiveAt: 0 }),
      );
    }
    return account;
  }

  /** A policy reference from a fixture or a request: an ARN, or a name of this account or of AWS. */
  resolvePolicyReference(account: Account, reference: string): string {
    if (reference.startsWith("arn:")) return reference;
    const own = account.policies.get(reference.toLowerCase());
    if (own) return own.arn;
    for (const p of this.awsPolicies.values()) if (p.name === reference) return p.arn;
    throw new Error(`fixture: unknown policy ${reference} in account ${account.id}`);
  }

  /** A managed policy by ARN: AWS-managed or customer-managed of its own account. */
  findPolicy(arn: string): ManagedPolicy | undefined {
    const aws = this.awsPolicies.get(arn);
    if (aws) return aws;
    const m = /^arn:aws:iam::(\d{12}):policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!m) return undefined;
    const policy = this.accounts.get(m[1]!)?.policies.get(m[2]!.toLowerCase());
    return policy && policy.arn === arn ? policy : undefined;
  }

  /** Default version document in force at `now` (the previous default until a change propagates). */
  effectivePolicyDocument(policy: ManagedPolicy, now: number): string | undefined {
    const versionId =
      now < policy.defaultEffectiveAt && policy.previousDefaultVersionId
        ? policy.previousDefaultVersionId
        : policy.defaultVersionId;
    return (policy.versions.find((v) => v.versionId === versionId) ?? policy.versions.find((v) => v.versionId === policy.defaultVersionId))?.document;
  }

  private attachedDocuments(attached: Map<string, Attachment>, now: number, out: { name: string; text: string }[]): void {
    for (const a of attached.values()) {
      if (now < a.effectiveAt) continue;
      const policy = this.findPolicy(a.policyArn);
      const text = policy && this.effectivePolicyDocument(policy, now);
      if (text) out.push({ name: a.policyArn, text });
    }
  }

  private inlineDocuments(owner: string, inline: Map<string, InlinePolicy>, now: number, out: { name: string; text: string }[]): void {
    for (const p of inline.values()) {
      const text = now < p.effectiveAt ? p.previous : p.document;
      if (text) out.push({ name: `${owner}/${p.name}`, text });
    }
  }

  groupPolicies(group: IamGroup, now: number): { name: string; text: string }[] {
    const out: { name: string; text: string }[] = [];
    this.attachedDocuments(group.attached, now, out);
    this.inlineDocuments(group.arn, group.inline, now, out);
    return out;
  }

  /** A user's own policies plus those of the groups it is (effectively) a member of. */
  userPolicies(account: Account, user: IamUser, now: number): { name: string; text: string }[] {
    const out: { name: string; text: string }[] = [];
    this.attachedDocuments(user.attached, now, out);
    this.inlineDocuments(user.arn, user.inline, now, out);
    for (const [groupKey, membership] of user.groups) {
      if (now < membership.effectiveAt) continue;
      const group = account.groups.get(groupKey);
      if (group) out.push(...this.groupPolicies(group, now));
    }
    return out;
  }

  rolePolicies(role: IamRole, now: number): { name: string; text: string }[] {
    const out: { name: string; text: string }[] = [];
    this.attachedDocuments(role.attached, now, out);
    this.inlineDocuments(role.arn, role.inline, now, out);
    return out;
  }

  /** The identity policies in force for a principal at `now`, as `{name, text}`. */
  identityPolicies(principal: Principal, now: number): { name: string; text: string }[] {
    const account = this.accounts.get(principal.accountId);
    if (!account) return [];
    if (principal.kind === "user") {
      const user = account.users.get(principal.user.name.toLowerCase());
      // A deleted (or deleted and re-created) user has no permissions left.
      return user === principal.user ? this.userPolicies(account, user, now) : [];
    }
    const role = account.roles.get(principal.roleName.toLowerCase());
    return role && role.id === principal.session.roleId ? this.rolePolicies(role, now) : [];
  }

  effectiveTrust(role: IamRole, now: number): string | undefined {
    return now < role.trustEffectiveAt ? role.previousTrust : role.trust;
  }

  /** Users, groups and roles of `account` that have `policyArn` attached (now, not only effective). */
  policyEntities(account: Account, policyArn: string): { users: IamUser[]; groups: IamGroup[]; roles: IamRole[] } {
    return {
      users: [...account.users.values()].filter((u) => u.attached.has(policyArn)),
      groups: [...account.groups.values()].filter((g) => g.attached.has(policyArn)),
      roles: [...account.roles.values()].filter((r) => r.attached.has(policyArn)),
    };
  }

  attachmentCount(policy: ManagedPolicy): number {
    const accounts = policy.awsManaged ? [...this.accounts.values()] : [this.accounts.get(policy.arn.split(":")[4]!)!];
    let count = 0;
    for (const account of accounts) {
      const e = this.policyEntities(account, policy.arn);
      count += e.users.length + e.groups.length + e.roles.length;
    }
    return count;
  }

  /** Drops sessions that expired more than `graceMs` ago, and the oldest beyond `max`. */
  sweepSessions(now: number, graceMs: number, max: number): void {
    for (const [id, s] of this.sessions) if (s.expiration + graceMs < now) this.sessions.delete(id);
    // Map iteration is insertion order, so the first entries are the oldest sessions.
    for (const id of this.sessions.keys()) {
      if (this.sessions.size <= max) break;
      this.sessions.delete(id);
    }
  }

  /** A JSON view of the whole state with secrets redacted. */
  dump(): unknown {
    const maps = (m: Map<string, Attachment>) => [...m.values()].map((a) => a.policyArn);
    const inl = (m: Map<string, InlinePolicy>) => [...m.values()].map((p) => ({ name: p.name, document: JSON.parse(p.document) as unknown }));
    return {
      organizationId: this.organizationId,
      managementAccountId: this.managementAccountId,
      activeSessions: this.sessions.size,
      accounts: [...this.accounts.values()].map((a) => ({
        accountId: a.id,
        name: a.name,
        role: a.role,
        inOrganization: a.inOrganization,
        aliases: a.aliases,
        users: [...a.users.values()].map((u) => ({
          name: u.name,
          arn: u.arn,
          attachedPolicies: maps(u.attached),
          inlinePolicies: inl(u.inline),
          groups: [...u.groups.keys()].map((k) => a.groups.get(k)?.name ?? k),
          accessKeys: u.accessKeys.map((k) => ({ accessKeyId: k.accessKeyId, status: k.status, secretAccessKey: "<redacted>" })),
        })),
        groups: [...a.groups.values()].map((g) => ({ name: g.name, arn: g.arn, attachedPolicies: maps(g.attached), inlinePolicies: inl(g.inline) })),
        roles: [...a.roles.values()].map((r) => ({
          name: r.name,
          arn: r.arn,
          trustPolicy: JSON.parse(r.trust) as unknown,
          maxSessionDuration: r.maxSessionDuration,
          attachedPolicies: maps(r.attached),
          inlinePolicies: inl(r.inline),
        })),
        policies: [...a.policies.values()].map((p) => ({
          name: p.name,
          arn: p.arn,
          defaultVersionId: p.defaultVersionId,
          versions: p.versions.map((v) => ({ versionId: v.versionId, document: JSON.parse(v.document) as unknown })),
        })),
        ec2Instances: a.ec2Instances,
        dedicatedHosts: a.dedicatedHosts,
        reservedInstances: a.reservedInstances,
        dbInstances: a.dbInstances,
      })),
    };
  }
}
