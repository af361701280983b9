import "server-only";
import { createHmac, hkdfSync } from "node:crypto";
import { dataEncryptionKey } from "@/lib/crypto/keys";
import { seal, unseal } from "@/lib/crypto";
import { getDb, isUniqueViolation } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { DEFAULT_NAMES, DEFAULT_REGIONS, DEFAULT_ROLE_PATH, safeParseAccessModel } from "@/lib/model";
import type { AccessModel, ProxySettings } from "@/lib/model/types";
import { COLLECTOR_SECRET_PURPOSE, PROXY_PASSWORD_PURPOSE, type ConnectionSettings } from "./settings";

/** Everything the beacon's connection dialog holds, secrets unsealed: lives only in server memory. */
export interface StoredConnectionSettings {
  connectionId: string;
  status: string;
  name: string;
  accessKeyId: string | null;
  secretAccessKey: string | null;
  externalId: string | undefined;
  proxy: ProxySettings | undefined;
  /** The model as stored (possibly incomplete while the draft is being set up). */
  model: Partial<AccessModel> & Pick<AccessModel, "names" | "regions" | "rolePath" | "targetAccountIds">;
  lastTestStatus: string | null;
  lastTestRunId: string | null;
}

/** The stored model, with the procedure's defaults for what a draft has not decided yet. */
export function readModel(text: string): StoredConnectionSettings["model"] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = {};
  }
  const parsed = safeParseAccessModel(raw);
  if (parsed.ok) return parsed.model;
  const m = (raw && typeof raw === "object" ? raw : {}) as Partial<AccessModel>;
  return {
    ...m,
    names: { ...DEFAULT_NAMES, ...(m.names ?? {}) },
    regions: Array.isArray(m.regions) && m.regions.length ? m.regions : [...DEFAULT_REGIONS],
    rolePath: typeof m.rolePath === "string" ? m.rolePath : DEFAULT_ROLE_PATH,
    targetAccountIds: Array.isArray(m.targetAccountIds) ? m.targetAccountIds : [],
  };
}

export async function loadConnectionSettings(connectionId: string): Promise<StoredConnectionSettings> {
  const row = await getDb().connection.findUnique({
    where: { id: connectionId },
    omit: { secretAccessKeySealed: false, proxyPasswordSealed: false },
  });
  if (!row) throw new AppError("NOT_FOUND", "That connection does not exist.");
  const model = readModel(row.model);
  const password = row.proxyPasswordSealed ? unseal(row.proxyPasswordSealed, PROXY_PASSWORD_PURPOSE) : undefined;
  return {
    connectionId: row.id,
    status: row.status,
    name: row.name,
    accessKeyId: row.accessKeyId,
    secretAccessKey: row.secretAccessKeySealed ? unseal(row.secretAccessKeySealed, COLLECTOR_SECRET_PURPOSE) : null,
    externalId: model.externalId,
    proxy: model.proxy ? { server: model.proxy.server, ...(model.proxy.username ? { username: model.proxy.username } : {}), ...(password ? { password } : {}) } : undefined,
    model,
    lastTestStatus: row.lastTestStatus,
    lastTestRunId: row.lastTestRunId,
  };
}

/**
 * A keyed hash of every setting the connection test depends on (secrets included). Stored with the
 * test's result, it proves at save time that the test ran against exactly the settings being saved.
 * Keyed (HMAC) so the stored value reveals nothing about a weak proxy password.
 */
export function settingsFingerprint(s: StoredConnectionSettings): string {
  const key = Buffer.from(hkdfSync("sha256", dataEncryptionKey(), Buffer.alloc(0), "beaconport:settings-fingerprint", 32));
  const material = JSON.stringify([
    s.name,
    s.accessKeyId,
    s.secretAccessKey,
    s.externalId ?? null,
    s.proxy?.server ?? null,
    s.proxy?.username ?? null,
    s.proxy?.password ?? null,
    s.model.homeAccountId ?? null,
    [...s.model.targetAccountIds].sort(),
    [...s.model.regions].sort(),
    s.model.names.role,
    s.model.rolePath,
  ]);
  return createHmac("sha256", key).update(material).digest("hex");
}

/** What an audit event may say about the settings (no secret, not even its length). */
export function auditableSettings(s: StoredConnectionSettings): Record<string, unknown> {
  return {
    name: s.name,
    accessKeyId: s.accessKeyId,
    hasCollectorSecret: s.secretAccessKey !== null,
    externalId: s.externalId ?? null,
    useProxy: s.proxy !== undefined,
    proxyServer: s.proxy?.server ?? null,
    proxyUsername: s.proxy?.username ?? null,
    hasProxyPassword: Boolean(s.proxy?.password),
  };
}

/** Whether the submitted form would change what is stored (blank secret fields mean "keep"). */
export function settingsDiffer(stored: StoredConnectionSettings, input: ConnectionSettings): boolean {
  return fingerprintOfMerged(stored, input) !== settingsFingerprint(stored);
}

export function mergeSettings(stored: StoredConnectionSettings, input: ConnectionSettings): StoredConnectionSettings {
  // A stored password belongs to the proxy server and username it was entered for: a blank password
  // keeps it only while both stay the same, so a changed server never receives the old one.
  const sameDestination = input.useProxy && stored.proxy !== undefined && input.proxyServer === stored.proxy.server && input.proxyUsername !== undefined && input.proxyUsername === stored.proxy.username;
  const keepPassword = !input.clearProxyPassword && input.proxyPassword === undefined && stored.proxy?.password !== undefined && sameDestination;
  const password = input.clearProxyPassword ? undefined : (input.proxyPassword ?? (keepPassword ? stored.proxy?.password : undefined));
  return {
    ...stored,
    name: input.connectionName,
    accessKeyId: input.accessKeyId,
    // A different key id with a blank secret would pair the new id with the old key's secret.
    secretAccessKey: input.secretAccessKey ?? (input.accessKeyId === stored.accessKeyId ? stored.secretAccessKey : null),
    externalId: input.externalId,
    proxy: input.useProxy && input.proxyServer ? { server: input.proxyServer, ...(input.proxyUsername ? { username: input.proxyUsername } : {}), ...(password ? { password } : {}) } : undefined,
  };
}

function fingerprintOfMerged(stored: StoredConnectionSettings, input: ConnectionSettings): string {
  return settingsFingerprint(mergeSettings(stored, input));
}

/**
 * Stores step 8's fields (secrets sealed). Any change forgets the last test result: the beacon lets
 * you save only after a test of exactly these settings passed.
 */
export async function updateConnectionSettings(input: ConnectionSettings): Promise<{ before: StoredConnectionSettings; after: StoredConnectionSettings; changed: boolean }> {
  const before = await loadConnectionSettings(input.connectionId);
  const after = mergeSettings(before, input);
  if (after.secretAccessKey === null) {
    throw new AppError("VALIDATION", "Please correct the highlighted fields.", {
      fieldErrors: { secretAccessKey: ["Paste the secret access key that belongs to this access key ID (from the credentials .csv of step 6)."] },
    });
  }
  const changed = settingsFingerprint(after) !== settingsFingerprint(before);
  if (!changed) return { before, after, changed };
  const stored = await getDb().connection.findUniqueOrThrow({ where: { id: input.connectionId }, select: { model: true } });
  let model: Record<string, unknown>;
  try {
    model = JSON.parse(stored.model) as Record<string, unknown>;
  } catch {
    model = {};
  }
  model.connectionName = after.name;
  if (after.externalId) model.externalId = after.externalId;
  else delete model.externalId;
  // The model never holds the proxy password: it is sealed in its own column.
  if (after.proxy) model.proxy = { server: after.proxy.server, ...(after.proxy.username ? { username: after.proxy.username } : {}) };
  else delete model.proxy;
  try {
    await getDb().connection.update({
      where: { id: input.connectionId },
      data: {
        name: after.name,
        model: JSON.stringify(model),
        accessKeyId: after.accessKeyId,
        secretAccessKeySealed: after.secretAccessKey === before.secretAccessKey && before.secretAccessKey !== null ? undefined : seal(after.secretAccessKey, COLLECTOR_SECRET_PURPOSE),
        proxyPasswordSealed: after.proxy?.password ? (after.proxy.password === before.proxy?.password ? undefined : seal(after.proxy.password, PROXY_PASSWORD_PURPOSE)) : null,
        lastTestStatus: null,
        // A saved connection with untested details is no longer what the beacon would accept: it goes
        // back to draft until a test of the new details passes and it is saved again (step 8.5).
        ...(before.status === "saved" ? { status: "draft" } : {}),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("VALIDATION", "Please correct the highlighted fields.", { fieldErrors: { connectionName: ["Another connection already has this name; choose a unique one."] } });
    }
    throw error;
  }
  return { before, after, changed };
}
