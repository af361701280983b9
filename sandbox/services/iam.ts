/**
 * IAM (AWS Query protocol) as Beaconport uses it. Names are unique case-insensitively, documents
 * are kept as submitted and returned URL-encoded, quotas and deletion rules follow IAM's.
 */
import { authorize } from "../authorize";
import type { CallContext, Handler, Params } from "../context";
import { deleteConflict, entityAlreadyExists, invalidInput, noSuchEntity, validationError } from "../errors";
import { iamArn, newAccessKey, newGroup, newManagedPolicy, newRole, newUser } from "../iam-entities";
import { policySize, validatePolicyDocument, type ParsedPolicy } from "../policy-document";
import type { QuotaName } from "../quotas";
import type { AccessKey, Account, Attachment, IamGroup, IamRole, IamUser, InlinePolicy, ManagedPolicy } from "../state";
import type { FixtureTag } from "../types";
import { xmlList, type XmlValue } from "../xml";

const NAME_RE = /^[\w+=,.@-]+$/;
const PATH_RE = /^(\/|\/[\u0021-\u007E]+\/)$/;
const ALIAS_RE = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;

type Kind = "user" | "group" | "role";

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function checkName(value: string, field: string, max: number): string {
  if (value.length < 1 || value.length > max) {
    throw validationError(`1 validation error detected: Value '${value}' at '${lowerFirst(field)}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  }
  if (!NAME_RE.test(value)) {
    throw validationError(`1 validation error detected: Value '${value}' at '${lowerFirst(field)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  }
  return value;
}

function checkPath(value: string | undefined): string {
  const path = value ?? "/";
  if (path.length > 512 || !PATH_RE.test(path)) {
    throw validationError(`1 validation error detected: Value '${path}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`);
  }
  return path;
}

const encodeDocument = (text: string): string => encodeURIComponent(text);

/** A managed policy or trust policy document: its size quota first (as IAM checks it), then its grammar. */
function checkDocument(ctx: CallContext, text: string, kind: "managed" | "trust"): ParsedPolicy {
  ctx.quotas.ensureWithin(kind === "managed" ? "managedPolicySize" : "roleTrustPolicyLength", policySize(text));
  return validatePolicyDocument(text, kind);
}

/** IAM's Marker/MaxItems pagination; the marker is an opaque offset. */
function paginate<T>(items: T[], params: Params): { page: T[]; IsTruncated: boolean; Marker?: string } {
  const maxItems = params.int("MaxItems") ?? 100;
  if (maxItems < 1 || maxItems > 1000) throw validationError(`1 validation error detected: Value '${maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000`);
  const marker = params.get("Marker");
  let start = 0;
  if (marker !== undefined) {
    start = Number.parseInt(Buffer.from(marker, "base64url").toString("utf8").replace(/^offset:/, ""), 10);
    if (!Number.isInteger(start) || start < 0) throw invalidInput("Invalid Marker.");
  }
  const page = items.slice(start, start + maxItems);
  const truncated = start + maxItems < items.length;
  return truncated
    ? { page, IsTruncated: true, Marker: Buffer.from(`offset:${start + maxItems}`).toString("base64url") }
    : { page, IsTruncated: false };
}

function byPathPrefix<T extends { path: string }>(items: Iterable<T>, params: Params): T[] {
  const prefix = params.get("PathPrefix") ?? "/";
  return [...items].filter((i) => i.path.startsWith(prefix));
}

function tagsOf(params: Params): FixtureTag[] {
  return params.structs("Tags.member").map((t) => ({ Key: t.required("Key"), Value: t.get("Value") ?? "" }));
}

const tagsXml = (tags: FixtureTag[]): XmlValue => (tags.length ? xmlList("member", tags.map((t) => ({ Key: t.Key, Value: t.Value }))) : undefined);

const userXml = (u: IamUser): XmlValue => ({
  Path: u.path,
  UserName: u.name,
  UserId: u.id,
  Arn: u.arn,
  CreateDate: u.createDate,
  Tags: tagsXml(u.tags),
});

const groupXml = (g: IamGroup): XmlValue => ({ Path: g.path, GroupName: g.name, GroupId: g.id, Arn: g.arn, CreateDate: g.createDate });

const roleXml = (r: IamRole, detail: boolean): XmlValue => ({
  Path: r.path,
  RoleName: r.name,
  RoleId: r.id,
  Arn: r.arn,
  CreateDate: r.createDate,
  AssumeRolePolicyDocument: encodeDocument(r.trust),
  Description: r.description,
  MaxSessionDuration: r.maxSessionDuration,
  Tags: detail ? tagsXml(r.tags) : undefined,
  RoleLastUsed: detail ? (r.lastUsed ? { LastUsedDate: r.lastUsed.date, Region: r.lastUsed.region } : {}) : undefined,
});

function policyXml(ctx: CallContext, p: ManagedPolicy, detail: boolean): XmlValue {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: ctx.state.attachmentCount(p),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    Description: detail ? p.description : undefined,
    CreateDate: p.createDate,
    UpdateDate: p.updateDate,
    Tags: detail ? tagsXml(p.tags) : undefined,
  };
}

// ---- lookups -------------------------------------------------------------------------------

function user(ctx: CallContext, name: string): IamUser {
  const u = ctx.account.users.get(name.toLowerCase());
  if (!u) throw noSuchEntity(`The user with name ${name} cannot be found.`);
  return u;
}

function group(ctx: CallContext, name: string): IamGroup {
  const g = ctx.account.groups.get(name.toLowerCase());
  if (!g) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return g;
}

function role(ctx: CallContext, name: string): IamRole {
  const r = ctx.account.roles.get(name.toLowerCase());
  if (!r) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return r;
}

/** A customer-managed policy of the caller's account, or an AWS-managed one when `allowAws`. */
function policy(ctx: CallContext, arn: string, allowAws = true): ManagedPolicy {
  if (!/^arn:aws:iam::(\d{12}|aws):policy\//.test(arn)) {
    throw invalidInput(`ARN ${arn} is not valid.`);
  }
  const p = ctx.state.findPolicy(arn);
  if (!p || (p.awsManaged && !allowAws) || (!p.awsManaged && !arn.startsWith(`arn:aws:iam::${ctx.account.id}:`))) {
    throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  }
  return p;
}

/** The user named by `UserName`, or the calling user (IAM's default for key and GetUser calls). */
function userOrCaller(ctx: CallContext): IamUser {
  const name = ctx.params.get("UserName");
  if (name !== undefined) return user(ctx, name);
  if (ctx.principal.kind !== "user") throw validationError("Must specify userName when calling with non-User credentials");
  return user(ctx, ctx.principal.user.name);
}

function entity(ctx: CallContext, kind: Kind, name: string): IamUser | IamGroup | IamRole {
  return kind === "user" ? user(ctx, name) : kind === "group" ? group(ctx, name) : role(ctx, name);
}

const userArn = (account: Account, path: string, name: string) => iamArn(account.id, "user", path, name);
const capital = (k: Kind) => (k === "user" ? "User" : k === "group" ? "Group" : "Role");

// ---- users ---------------------------------------------------------------------------------

const CreateUser: Handler = async (ctx) => {
  const name = checkName(ctx.params.required("UserName"), "UserName", 64);
  const path = checkPath(ctx.params.get("Path"));
  const arn = userArn(ctx.account, path, name);
  await ctx.authorize("iam:CreateUser", arn);
  if (ctx.account.users.has(name.toLowerCase())) throw entityAlreadyExists(`User with name ${name} already exists.`);
  const u = newUser({ accountId: ctx.account.id, name, path, createDate: new Date(ctx.now), tags: tagsOf(ctx.params) });
  ctx.account.users.set(name.toLowerCase(), u);
  return { User: userXml(u) };
};

const GetUser: Handler = async (ctx) => {
  const name = ctx.params.get("UserName");
  if (name === undefined && ctx.principal.kind !== "user") {
    throw validationError("Must specify userName when calling with non-User credentials");
  }
  const target = name ?? (ctx.principal.kind === "user" ? ctx.principal.user.name : "");
  const existing = ctx.account.users.get(target.toLowerCase());
  await ctx.authorize("iam:GetUser", existing?.arn ?? userArn(ctx.account, "/", target));
  return { User: userXml(user(ctx, target)) };
};

const ListUsers: Handler = async (ctx) => {
  await ctx.authorize("iam:ListUsers", "*");
  const { page, IsTruncated, Marker } = paginate(byPathPrefix(ctx.account.users.values(), ctx.params), ctx.params);
  return { Users: xmlList("member", page.map(userXml)), IsTruncated, Marker };
};

const DeleteUser: Handler = async (ctx) => {
  const u = user(ctx, ctx.params.required("UserName"));
  await ctx.authorize("iam:DeleteUser", u.arn);
  if (u.accessKeys.length) throw deleteConflict("Cannot delete entity, must delete access keys first.");
  if (u.attached.size) throw deleteConflict("Cannot delete entity, must detach all policies first.");
  if (u.inline.size) throw deleteConflict("Cannot delete entity, must delete policies first.");
  if (u.groups.size) throw deleteConflict("Cannot delete entity, must remove users from group first.");
  ctx.account.users.delete(u.name.toLowerCase());
  return undefined;
};

// ---- groups --------------------------------------------------------------------------------

const CreateGroup: Handler = async (ctx) => {
  const name = checkName(ctx.params.required("GroupName"), "GroupName", 128);
  const path = checkPath(ctx.params.get("Path"));
  const arn = iamArn(ctx.account.id, "group", path, name);
  await ctx.authorize("iam:CreateGroup", arn);
  if (ctx.account.groups.has(name.toLowerCase())) throw entityAlreadyExists(`Group with name ${name} already exists.`);
  const g = newGroup({ accountId: ctx.account.id, name, path, createDate: new Date(ctx.now) });
  ctx.account.groups.set(name.toLowerCase(), g);
  return { Group: groupXml(g) };
};

function groupMembers(ctx: CallContext, g: IamGroup): IamUser[] {
  return [...ctx.account.users.values()].filter((u) => u.groups.has(g.name.toLowerCase()));
}

const GetGroup: Handler = async (ctx) => {
  const g = group(ctx, ctx.params.required("GroupName"));
  await ctx.authorize("iam:GetGroup", g.arn);
  const { page, IsTruncated, Marker } = paginate(groupMembers(ctx, g), ctx.params);
  return { Group: groupXml(g), Users: xmlList("member", page.map(userXml)), IsTruncated, Marker };
};

const ListGroups: Handler = async (ctx) => {
  await ctx.authorize("iam:ListGroups", "*");
  const { page, IsTruncated, Marker } = paginate(byPathPrefix(ctx.account.groups.values(), ctx.params), ctx.params);
  return { Groups: xmlList("member", page.map(groupXml)), IsTruncated, Marker };
};

const DeleteGroup: Handler = async (ctx) => {
  const g = group(ctx, ctx.params.required("GroupName"));
  await ctx.authorize("iam:DeleteGroup", g.arn);
  if (groupMembers(ctx, g).length) throw deleteConflict("Cannot delete entity, must remove users from group first.");
  if (g.attached.size) throw deleteConflict("Cannot delete entity, must detach all policies first.");
  if (g.inline.size) throw deleteConflict("Cannot delete entity, must delete policies first.");
  ctx.account.groups.delete(g.name.toLowerCase());
  return undefined;
};

const AddUserToGroup: Handler = async (ctx) => {
  const g = group(ctx, ctx.params.required("GroupName"));
  const u = user(ctx, ctx.params.required("UserName"));
  await ctx.authorize("iam:AddUserToGroup", g.arn);
  if (!u.groups.has(g.name.toLowerCase())) {
    ctx.quotas.ensureRoomForOneMore("groupsPerUser", u.groups.size);
    u.groups.set(g.name.toLowerCase(), { effectiveAt: ctx.effectiveAt });
  }
  return undefined;
};

const RemoveUserFromGroup: Handler = async (ctx) => {
  const g = group(ctx, ctx.params.required("GroupName"));
  const u = user(ctx, ctx.params.required("UserName"));
  await ctx.authorize("iam:RemoveUserFromGroup", g.arn);
  if (!u.groups.delete(g.name.toLowerCase())) throw noSuchEntity(`The user with name ${u.name} cannot be found in group ${g.name}.`);
  return undefined;
};

const ListGroupsForUser: Handler = async (ctx) => {
  const u = user(ctx, ctx.params.required("UserName"));
  await ctx.authorize("iam:ListGroupsForUser", u.arn);
  const groups = [...u.groups.keys()].map((k) => ctx.account.groups.get(k)).filter((g): g is IamGroup => g !== undefined);
  const { page, IsTruncated, Marker } = paginate(groups, ctx.params);
  return { Groups: xmlList("member", page.map(groupXml)), IsTruncated, Marker };
};

// ---- roles ---------------------------------------------------------------------------------

function checkMaxSession(value: number | undefined): number | undefined {
  if (value !== undefined && (value < 3600 || value > 43200)) {
    throw validationError(`1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value ${value < 3600 ? "greater than or equal to 3600" : "less than or equal to 43200"}`);
  }
  return value;
}

const CreateRole: Handler = async (ctx) => {
  const name = checkName(ctx.params.required("RoleName"), "RoleName", 64);
  const path = checkPath(ctx.params.get("Path"));
  const trust = ctx.params.required("AssumeRolePolicyDocument");
  const arn = iamArn(ctx.account.id, "role", path, name);
  await ctx.authorize("iam:CreateRole", arn);
  checkDocument(ctx, trust, "trust");
  const maxSession = checkMaxSession(ctx.params.int("MaxSessionDuration"));
  if (ctx.account.roles.has(name.toLowerCase())) throw entityAlreadyExists(`Role with name ${name} already exists.`);
  const r = newRole({
    accountId: ctx.account.id, name, path, createDate: new Date(ctx.now), description: ctx.params.get("Description"),
    trust, maxSessionDuration: maxSession, tags: tagsOf(ctx.params), effectiveAt: ctx.effectiveAt,
  });
  ctx.account.roles.set(name.toLowerCase(), r);
  return { Role: roleXml(r, false) };
};

const GetRole: Handler = async (ctx) => {
  const name = ctx.params.required("RoleName");
  const existing = ctx.account.roles.get(name.toLowerCase());
  await ctx.authorize("iam:GetRole", existing?.arn ?? iamArn(ctx.account.id, "role", "/", name));
  return { Role: roleXml(role(ctx, name), true) };
};

const ListRoles: Handler = async (ctx) => {
  await ctx.authorize("iam:ListRoles", "*");
  const { page, IsTruncated, Marker } = paginate(byPathPrefix(ctx.account.roles.values(), ctx.params), ctx.params);
  return { Roles: xmlList("member", page.map((r) => roleXml(r, false))), IsTruncated, Marker };
};

const UpdateAssumeRolePolicy: Handler = async (ctx) => {
  const r = role(ctx, ctx.params.required("RoleName"));
  const doc = ctx.params.required("PolicyDocument");
  await ctx.authorize("iam:UpdateAssumeRolePolicy", r.arn);
  checkDocument(ctx, doc, "trust");
  r.previousTrust = ctx.state.effectiveTrust(r, ctx.now);
  r.trust = doc;
  r.trustEffectiveAt = ctx.effectiveAt;
  return undefined;
};

const UpdateRole: Handler = async (ctx) => {
  const r = role(ctx, ctx.params.required("RoleName"));
  await ctx.authorize("iam:UpdateRole", r.arn);
  const maxSession = checkMaxSession(ctx.params.int("MaxSessionDuration"));
  if (maxSession !== undefined) r.maxSessionDuration = maxSession;
  const description = ctx.params.get("Description");
  if (description !== undefined) r.description = description;
  return {};
};

const DeleteRole: Handler = async (ctx) => {
  const r = role(ctx, ctx.params.required("RoleName"));
  await ctx.authorize("iam:DeleteRole", r.arn);
  if (r.attached.size) throw deleteConflict("Cannot delete entity, must detach all policies first.");
  if (r.inline.size) throw deleteConflict("Cannot delete entity, must delete policies first.");
  ctx.account.roles.delete(r.name.toLowerCase());
  return undefined;
};

// ---- managed policies ----------------------------------------------------------------------

const CreatePolicy: Handler = async (ctx) => {
  const name = checkName(ctx.params.required("PolicyName"), "PolicyName", 128);
  const path = checkPath(ctx.params.get("Path"));
  const doc = ctx.params.required("PolicyDocument");
  const arn = iamArn(ctx.account.id, "policy", path, name);
  await ctx.authorize("iam:CreatePolicy", arn);
  checkDocument(ctx, doc, "managed");
  if (ctx.account.policies.has(name.toLowerCase())) {
    throw entityAlreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
  }
  const p = newManagedPolicy({ accountId: ctx.account.id, name, path, description: ctx.params.get("Description"), document: doc, createDate: new Date(ctx.now), tags: tagsOf(ctx.params) });
  ctx.account.policies.set(name.toLowerCase(), p);
  return { Policy: policyXml(ctx, p, false) };
};

const GetPolicy: Handler = async (ctx) => {
  const arn = ctx.params.required("PolicyArn");
  await ctx.authorize("iam:GetPolicy", arn);
  const p = ctx.state.findPolicy(arn);
  if (!p || (!p.awsManaged && !arn.startsWith(`arn:aws:iam::${ctx.account.id}:`))) throw noSuchEntity(`Policy ${arn} was not found.`);
  return { Policy: policyXml(ctx, p, true) };
};

const ListPolicies: Handler = async (ctx) => {
  await ctx.authorize("iam:ListPolicies", "*");
  const scope = ctx.params.get("Scope") ?? "All";
  const onlyAttached = ctx.params.bool("OnlyAttached") ?? false;
  let items: ManagedPolicy[] = [];
  if (scope === "All" || scope === "AWS") items.push(...ctx.state.awsPolicies.values());
  if (scope === "All" || scope === "Local") items.push(...ctx.account.policies.values());
  items = byPathPrefix(items, ctx.params);
  if (onlyAttached) {
    items = items.filter((p) => {
      const e = ctx.state.policyEntities(ctx.account, p.arn);
      return e.users.length + e.groups.length + e.roles.length > 0;
    });
  }
  const { page, IsTruncated, Marker } = paginate(items, ctx.params);
  return { Policies: xmlList("member", page.map((p) => policyXml(ctx, p, false))), IsTruncated, Marker };
};

const DeletePolicy: Handler = async (ctx) => {
  const arn = ctx.params.required("PolicyArn");
  await ctx.authorize("iam:DeletePolicy", arn);
  const p = policy(ctx, arn, false);
  if (ctx.state.attachmentCount(p) > 0) throw deleteConflict("Cannot delete a policy attached to entities.");
  if (p.versions.length > 1) {
    throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
  }
  ctx.account.policies.delete(p.name.toLowerCase());
  return undefined;
};

function version(p: ManagedPolicy, versionId: string) {
  const v = p.versions.find((x) => x.versionId === versionId);
  if (!v) throw noSuchEntity(`Policy ${p.arn} version ${versionId} does not exist or is not attachable.`);
  return v;
}

const GetPolicyVersion: Handler = async (ctx) => {
  const arn = ctx.params.required("PolicyArn");
  await ctx.authorize("iam:GetPolicyVersion", arn);
  const p = policy(ctx, arn);
  const v = version(p, ctx.params.required("VersionId"));
  return {
    PolicyVersion: {
      Document: encodeDocument(v.document),
      VersionId: v.versionId,
      IsDefaultVersion: v.versionId === p.defaultVersionId,
      CreateDate: v.createDate,
    },
  };
};

const ListPolicyVersions: Handler = async (ctx) => {
  const arn = ctx.params.required("PolicyArn");
  await ctx.authorize("iam:ListPolicyVersions", arn);
  const p = policy(ctx, arn);
  // Newest first, as IAM lists them.
  const versions = [...p.versions].reverse();
  const { page, IsTruncated, Marker } = paginate(versions, ctx.params);
  return {
    Versions: xmlList("member", page.map((v) => ({ VersionId: v.versionId, IsDefaultVersion: v.versionId === p.defaultVersionId, CreateDate: v.createDate }))),
    IsTruncated,
    Marker,
  };
};

function setDefault(ctx: CallContext, p: ManagedPolicy, versionId: string): void {
  const effectiveNow = ctx.now < p.defaultEffectiveAt && p.previousDefaultVersionId ? p.previousDefaultVersionId : p.defaultVersionId;
  p.previousDefaultVersionId = effectiveNow;
  p.defaultVersionId = versionId;
  p.defaultEffectiveAt = ctx.effectiveAt;
  p.updateDate = new Date(ctx.now);
}

const CreatePolicyVersion: Handler = async (ctx) => {
  const arn = ctx.params.required("PolicyArn");
  const doc = ctx.params.required("PolicyDocument");
  await ctx.authorize("iam:CreatePolicyVersion", arn);
  const p = policy(ctx, arn, false);
  checkDocument(ctx, doc, "managed");
  ctx.quotas.ensureRoomForOneMore("versionsPerPolicy", p.versions.length);
  const v = { versionId: `v${p.nextVersion++}`, document: doc, createDate: new Date(ctx.now) };
  p.versions.push(v);
  const asDefault = ctx.params.bool("SetAsDefault") ?? false;
  if (asDefault) setDefault(ctx, p, v.versionId);
  return { PolicyVersion: { VersionId: v.versionId, IsDefaultVersion: asDefault, CreateDate: v.createDate } };
};

const DeletePolicyVersion: Handler = async (ctx) => {
  const arn = ctx.params.required("PolicyArn");
  await ctx.authorize("iam:DeletePolicyVersion", arn);
  const p = policy(ctx, arn, false);
  const v = version(p, ctx.params.required("VersionId"));
  if (v.versionId === p.defaultVersionId) throw deleteConflict("Cannot delete the default version of a policy.");
  // A version still in force during propagation stays readable for evaluation until then.
  p.versions = p.versions.filter((x) => x !== v);
  return undefined;
};

const SetDefaultPolicyVersion: Handler = async (ctx) => {
  const arn = ctx.params.required("PolicyArn");
  await ctx.authorize("iam:SetDefaultPolicyVersion", arn);
  const p = policy(ctx, arn, false);
  const v = version(p, ctx.params.required("VersionId"));
  if (v.versionId !== p.defaultVersionId) setDefault(ctx, p, v.versionId);
  return undefined;
};

const ListEntitiesForPolicy: Handler = async (ctx) => {
  const arn = ctx.params.required("PolicyArn");
  await ctx.authorize("iam:ListEntitiesForPolicy", arn);
  const p = policy(ctx, arn);
  const e = ctx.state.policyEntities(ctx.account, p.arn);
  const filter = ctx.params.get("EntityFilter");
  const want = (k: string) => filter === undefined || filter === k;
  const rows: { kind: Kind; value: XmlValue }[] = [
    ...(want("Group") ? e.groups.map((g) => ({ kind: "group" as const, value: { GroupName: g.name, GroupId: g.id } })) : []),
    ...(want("User") ? e.users.map((u) => ({ kind: "user" as const, value: { UserName: u.name, UserId: u.id } })) : []),
    ...(want("Role") ? e.roles.map((r) => ({ kind: "role" as const, value: { RoleName: r.name, RoleId: r.id } })) : []),
  ];
  const { page, IsTruncated, Marker } = paginate(rows, ctx.params);
  return {
    PolicyGroups: xmlList("member", page.filter((r) => r.kind === "group").map((r) => r.value)),
    PolicyUsers: xmlList("member", page.filter((r) => r.kind === "user").map((r) => r.value)),
    PolicyRoles: xmlList("member", page.filter((r) => r.kind === "role").map((r) => r.value)),
    IsTruncated,
    Marker,
  };
};

// ---- attachments and inline policies (one implementation per entity kind) -------------------

const MANAGED_PER_ENTITY: Record<Kind, QuotaName> = { user: "managedPoliciesPerUser", group: "managedPoliciesPerGroup", role: "managedPoliciesPerRole" };
const INLINE_SIZE: Record<Kind, QuotaName> = { user: "userPolicySize", group: "groupPolicySize", role: "rolePolicySize" };

function attach(kind: Kind): Handler {
  return async (ctx) => {
    const e = entity(ctx, kind, ctx.params.required(`${capital(kind)}Name`));
    const arn = ctx.params.required("PolicyArn");
    await ctx.authorize(`iam:Attach${capital(kind)}Policy`, e.arn);
    const p = policy(ctx, arn);
    if (!e.attached.has(p.arn)) {
      ctx.quotas.ensureRoomForOneMore(MANAGED_PER_ENTITY[kind], e.attached.size);
      const a: Attachment = { policyArn: p.arn, effectiveAt: ctx.effectiveAt };
      e.attached.set(p.arn, a);
    }
    return undefined;
  };
}

function detach(kind: Kind): Handler {
  return async (ctx) => {
    const e = entity(ctx, kind, ctx.params.required(`${capital(kind)}Name`));
    const arn = ctx.params.required("PolicyArn");
    await ctx.authorize(`iam:Detach${capital(kind)}Policy`, e.arn);
    if (!e.attached.delete(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
    return undefined;
  };
}

function listAttached(kind: Kind): Handler {
  return async (ctx) => {
    const e = entity(ctx, kind, ctx.params.required(`${capital(kind)}Name`));
    await ctx.authorize(`iam:ListAttached${capital(kind)}Policies`, e.arn);
    const items = [...e.attached.values()]
      .map((a) => ctx.state.findPolicy(a.policyArn))
      .filter((p): p is ManagedPolicy => p !== undefined);
    const { page, IsTruncated, Marker } = paginate(byPathPrefix(items, ctx.params), ctx.params);
    return { AttachedPolicies: xmlList("member", page.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }))), IsTruncated, Marker };
  };
}

function putInline(kind: Kind): Handler {
  return async (ctx) => {
    const e = entity(ctx, kind, ctx.params.required(`${capital(kind)}Name`));
    const name = checkName(ctx.params.required("PolicyName"), "PolicyName", 128);
    const doc = ctx.params.required("PolicyDocument");
    await ctx.authorize(`iam:Put${capital(kind)}Policy`, e.arn);
    validatePolicyDocument(doc, `${kind}-inline`);
    // The inline quota is an aggregate over all of the entity's inline policies (the one replaced excepted).
    const key = [...e.inline.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
    let total = policySize(doc);
    for (const [k, p] of e.inline) if (k !== key) total += policySize(p.document);
    ctx.quotas.ensureWithin(INLINE_SIZE[kind], total, `${kind} ${e.name}`);
    const existing = key === undefined ? undefined : e.inline.get(key);
    const previous = existing ? (ctx.now < existing.effectiveAt ? existing.previous : existing.document) : undefined;
    if (key !== undefined) e.inline.delete(key);
    const p: InlinePolicy = { name, document: doc, previous, effectiveAt: ctx.effectiveAt };
    e.inline.set(name, p);
    return undefined;
  };
}

function inlinePolicy(ctx: CallContext, e: IamUser | IamGroup | IamRole, kind: Kind, name: string): InlinePolicy {
  for (const [k, p] of e.inline) if (k.toLowerCase() === name.toLowerCase()) return p;
  throw noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`);
}

function getInline(kind: Kind): Handler {
  return async (ctx) => {
    const e = entity(ctx, kind, ctx.params.required(`${capital(kind)}Name`));
    await ctx.authorize(`iam:Get${capital(kind)}Policy`, e.arn);
    const p = inlinePolicy(ctx, e, kind, ctx.params.required("PolicyName"));
    return { [`${capital(kind)}Name`]: e.name, PolicyName: p.name, PolicyDocument: encodeDocument(p.document) };
  };
}

function listInline(kind: Kind): Handler {
  return async (ctx) => {
    const e = entity(ctx, kind, ctx.params.required(`${capital(kind)}Name`));
    await ctx.authorize(`iam:List${capital(kind)}Policies`, e.arn);
    const { page, IsTruncated, Marker } = paginate([...e.inline.keys()], ctx.params);
    return { PolicyNames: xmlList("member", page), IsTruncated, Marker };
  };
}

function deleteInline(kind: Kind): Handler {
  return async (ctx) => {
    const e = entity(ctx, kind, ctx.params.required(`${capital(kind)}Name`));
    await ctx.authorize(`iam:Delete${capital(kind)}Policy`, e.arn);
    const p = inlinePolicy(ctx, e, kind, ctx.params.required("PolicyName"));
    e.inline.delete(p.name);
    return undefined;
  };
}

// ---- tags ----------------------------------------------------------------------------------

function tagHandlers(kind: "user" | "role" | "policy"): Record<string, Handler> {
  const Cap = kind === "user" ? "User" : kind === "role" ? "Role" : "Policy";
  const target = (ctx: CallContext): { arn: string; tags: FixtureTag[]; setTags(t: FixtureTag[]): void } => {
    if (kind === "policy") {
      const p = policy(ctx, ctx.params.required("PolicyArn"), false);
      return { arn: p.arn, tags: p.tags, setTags: (t) => (p.tags = t) };
    }
    const e = kind === "user" ? user(ctx, ctx.params.required("UserName")) : role(ctx, ctx.params.required("RoleName"));
    return { arn: e.arn, tags: e.tags, setTags: (t) => (e.tags = t) };
  };
  return {
    [`Tag${Cap}`]: async (ctx) => {
      const t = target(ctx);
      await ctx.authorize(`iam:Tag${Cap}`, t.arn);
      const incoming = tagsOf(ctx.params);
      const merged = [...t.tags.filter((x) => !incoming.some((i) => i.Key === x.Key)), ...incoming];
      ctx.quotas.ensureWithin("tagsPerResource", merged.length);
      t.setTags(merged);
      return undefined;
    },
    [`Untag${Cap}`]: async (ctx) => {
      const t = target(ctx);
      await ctx.authorize(`iam:Untag${Cap}`, t.arn);
      const keys = new Set(ctx.params.list("TagKeys.member"));
      t.setTags(t.tags.filter((x) => !keys.has(x.Key)));
      return undefined;
    },
    [`List${Cap}Tags`]: async (ctx) => {
      const t = target(ctx);
      await ctx.authorize(`iam:List${Cap}Tags`, t.arn);
      const { page, IsTruncated, Marker } = paginate(t.tags, ctx.params);
      return { Tags: xmlList("member", page.map((x) => ({ Key: x.Key, Value: x.Value }))), IsTruncated, Marker };
    },
  };
}

// ---- access keys ---------------------------------------------------------------------------

const keyMetadata = (k: AccessKey): XmlValue => ({ UserName: k.userName, AccessKeyId: k.accessKeyId, Status: k.status, CreateDate: k.createDate });

function accessKey(u: IamUser, id: string): AccessKey {
  const k = u.accessKeys.find((x) => x.accessKeyId === id);
  if (!k) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return k;
}

const CreateAccessKey: Handler = async (ctx) => {
  const u = userOrCaller(ctx);
  await ctx.authorize("iam:CreateAccessKey", u.arn);
  ctx.quotas.ensureRoomForOneMore("accessKeysPerUser", u.accessKeys.length);
  const k = newAccessKey({ accountId: ctx.account.id, userName: u.name, createDate: new Date(ctx.now), effectiveAt: ctx.effectiveAt });
  u.accessKeys.push(k);
  ctx.state.accessKeys.set(k.accessKeyId, k);
  return { AccessKey: { UserName: u.name, AccessKeyId: k.accessKeyId, Status: k.status, SecretAccessKey: k.secretAccessKey, CreateDate: k.createDate } };
};

const ListAccessKeys: Handler = async (ctx) => {
  const u = userOrCaller(ctx);
  await ctx.authorize("iam:ListAccessKeys", u.arn);
  const { page, IsTruncated, Marker } = paginate(u.accessKeys, ctx.params);
  return { AccessKeyMetadata: xmlList("member", page.map(keyMetadata)), IsTruncated, Marker };
};

const UpdateAccessKey: Handler = async (ctx) => {
  const u = userOrCaller(ctx);
  await ctx.authorize("iam:UpdateAccessKey", u.arn);
  const k = accessKey(u, ctx.params.required("AccessKeyId"));
  const status = ctx.params.required("Status");
  if (status !== "Active" && status !== "Inactive") {
    throw validationError(`1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`);
  }
  if (status === "Active" && k.status === "Inactive") k.effectiveAt = ctx.effectiveAt;
  k.status = status;
  return undefined;
};

const DeleteAccessKey: Handler = async (ctx) => {
  const u = userOrCaller(ctx);
  await ctx.authorize("iam:DeleteAccessKey", u.arn);
  const k = accessKey(u, ctx.params.required("AccessKeyId"));
  u.accessKeys = u.accessKeys.filter((x) => x !== k);
  ctx.state.accessKeys.delete(k.accessKeyId);
  return undefined;
};

const GetAccessKeyLastUsed: Handler = async (ctx) => {
  const id = ctx.params.required("AccessKeyId");
  const k = ctx.state.accessKeys.get(id);
  const owner = k && k.accountId === ctx.account.id ? ctx.account.users.get(k.userName.toLowerCase()) : undefined;
  await ctx.authorize("iam:GetAccessKeyLastUsed", owner?.arn ?? userArn(ctx.account, "/", "*"));
  if (!k || !owner) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
  return {
    UserName: k.userName,
    AccessKeyLastUsed: k.lastUsed
      ? { LastUsedDate: k.lastUsed.date, ServiceName: k.lastUsed.service, Region: k.lastUsed.region }
      : { ServiceName: "N/A", Region: "N/A" },
  };
};

// ---- account aliases -----------------------------------------------------------------------

const CreateAccountAlias: Handler = async (ctx) => {
  const alias = ctx.params.required("AccountAlias");
  await ctx.authorize("iam:CreateAccountAlias", "*");
  if (!ALIAS_RE.test(alias)) {
    throw validationError(`1 validation error detected: Value '${alias}' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`);
  }
  for (const a of ctx.state.accounts.values()) {
    if (a.aliases.includes(alias)) {
      if (a === ctx.account) return undefined;
      throw entityAlreadyExists(`The account alias ${alias} already exists.`);
    }
  }
  // An account has at most one alias: a new one replaces it.
  ctx.account.aliases = [alias];
  return undefined;
};

const ListAccountAliases: Handler = async (ctx) => {
  await ctx.authorize("iam:ListAccountAliases", "*");
  const { page, IsTruncated, Marker } = paginate(ctx.account.aliases, ctx.params);
  return { AccountAliases: xmlList("member", page), IsTruncated, Marker };
};

const DeleteAccountAlias: Handler = async (ctx) => {
  const alias = ctx.params.required("AccountAlias");
  await ctx.authorize("iam:DeleteAccountAlias", "*");
  if (!ctx.account.aliases.includes(alias)) throw noSuchEntity(`The account alias ${alias} cannot be found.`);
  ctx.account.aliases = ctx.account.aliases.filter((a) => a !== alias);
  return undefined;
};

// ---- policy simulation ---------------------------------------------------------------------

const SimulatePrincipalPolicy: Handler = async (ctx) => {
  const source = ctx.params.required("PolicySourceArn");
  await ctx.authorize("iam:SimulatePrincipalPolicy", source);
  const m = /^arn:aws:iam::(\d{12}):(user|group|role)(\/.*\/|\/)([^/]+)$/.exec(source);
  if (!m || m[1] !== ctx.account.id) throw invalidInput(`Invalid ARN: ${source}`);
  const kind = m[2] as Kind;
  const e = entity(ctx, kind, m[4]!);
  const policies =
    kind === "user" ? ctx.state.userPolicies(ctx.account, e as IamUser, ctx.now)
      : kind === "group" ? ctx.state.groupPolicies(e as IamGroup, ctx.now)
        : ctx.state.rolePolicies(e as IamRole, ctx.now);
  for (const extra of ctx.params.list("PolicyInputList.member")) {
    checkDocument(ctx, extra, "managed");
    policies.push({ name: `input-${policies.length}`, text: extra });
  }
  const actions = ctx.params.list("ActionNames.member");
  if (actions.length === 0) throw validationError("1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
  const resources = ctx.params.list("ResourceArns.member");
  const context: Record<string, string | string[]> = {};
  for (const entry of ctx.params.structs("ContextEntries.member")) {
    const values = entry.list("ContextKeyValues.member");
    const type = entry.get("ContextKeyType") ?? "string";
    context[entry.required("ContextKeyName")] = type.endsWith("List") ? values : (values[0] ?? "");
  }
  const results: XmlValue[] = [];
  for (const action of actions) {
    for (const resource of resources.length ? resources : ["*"]) {
      const decision = await authorize({
        principalArn: e.arn,
        principalAccount: ctx.account.id,
        action,
        resourceArn: resource,
        // Like IAM's simulator without ResourcePolicy: identity policies only, even for other accounts' ARNs.
        resourceAccount: ctx.account.id,
        identityPolicies: policies,
        context,
      });
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision === "Allowed" ? "allowed" : decision === "ExplicitlyDenied" ? "explicitDeny" : "implicitDeny",
        MatchedStatements: xmlList("member", []),
        MissingContextValues: xmlList("member", []),
      });
    }
  }
  const { page, IsTruncated, Marker } = paginate(results, ctx.params);
  return { EvaluationResults: xmlList("member", page), IsTruncated, Marker };
};

export const iamHandlers: Record<string, Handler> = {
  CreateUser, GetUser, ListUsers, DeleteUser,
  CreateGroup, GetGroup, ListGroups, DeleteGroup, AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser,
  CreateRole, GetRole, ListRoles, UpdateAssumeRolePolicy, UpdateRole, DeleteRole,
  CreatePolicy, GetPolicy, ListPolicies, DeletePolicy, GetPolicyVersion, ListPolicyVersions,
  CreatePolicyVersion, DeletePolicyVersion, SetDefaultPolicyVersion, ListEntitiesForPolicy,
  AttachUserPolicy: attach("user"), DetachUserPolicy: detach("user"), ListAttachedUserPolicies: listAttached("user"),
  AttachGroupPolicy: attach("group"), DetachGroupPolicy: detach("group"), ListAttachedGroupPolicies: listAttached("group"),
  AttachRolePolicy: attach("role"), DetachRolePolicy: detach("role"), ListAttachedRolePolicies: listAttached("role"),
  PutUserPolicy: putInline("user"), GetUserPolicy: getInline("user"), ListUserPolicies: listInline("user"), DeleteUserPolicy: deleteInline("user"),
  PutGroupPolicy: putInline("group"), GetGroupPolicy: getInline("group"), ListGroupPolicies: listInline("group"), DeleteGroupPolicy: deleteInline("group"),
  PutRolePolicy: putInline("role"), GetRolePolicy: getInline("role"), ListRolePolicies: listInline("role"), DeleteRolePolicy: deleteInline("role"),
  ...tagHandlers("user"), ...tagHandlers("role"), ...tagHandlers("policy"),
  CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed,
  CreateAccountAlias, ListAccountAliases, DeleteAccountAlias,
  SimulatePrincipalPolicy,
};
