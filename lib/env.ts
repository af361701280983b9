/**
 * The only reader of `process.env` in the application (scripts/ and sandbox/ CLIs read their own flags).
 * Parsed lazily, so `next build` and modules that merely import this file need no configuration, and
 * validated with zod so a wrong value fails with the variable's name instead of deep inside a library.
 *
 * Not `server-only`: the start and test scripts use it too. Never import it from a client component.
 */
import net from "node:net";
import path from "node:path";
import { z } from "zod";
import { endpointsFromEnv, type EndpointOverride } from "./aws/endpoints";
import { classifyHostLiteral, normalizeHostForAllowList } from "./net/address-class";

const positiveNumber = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `must be a positive number, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const positiveInt = (fallback: number) =>
  positiveNumber(fallback).refine((n) => Number.isInteger(n), { message: "must be a whole number" });

const booleanFlag = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "" || /^(false|0|no|off)$/i.test(v)) return false;
    if (/^(true|1|yes|on)$/i.test(v)) return true;
    ctx.addIssue({ code: "custom", message: `must be true or false, got "${v.slice(0, 20)}"` });
    return z.NEVER;
  });

const originSchema = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    const origin = parsePublicOrigin(v);
    if (typeof origin === "string") {
      ctx.addIssue({ code: "custom", message: origin });
      return z.NEVER;
    }
    return origin;
  });

/** A comma-separated list of group names (names may hold spaces, e.g. Entra display names). */
const groupList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(",").map((g) => g.trim()).filter((g) => g !== ""));

/**
 * The issuer as its discovery document names it: https, or http on a loopback address only (a test or
 * development provider on this machine); no query, fragment or user info.
 */
export function parseIssuer(value: string): string | { url: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute URL such as https://login.example.com/realms/main, got "${value.slice(0, 100)}"`;
  }
  if (url.username || url.password || url.search || url.hash) return "must not contain a user name, password, query or fragment";
  const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) return "must start with https:// (http:// only for a provider on this machine's loopback address)";
  // Discovery appends /.well-known/openid-configuration to the issuer exactly as given, minus a trailing slash.
  return { url: value.replace(/\/+$/, "") };
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** `file:/abs/path.db` (SQLite, the default) or `postgresql://...`. */
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || /^(file:|postgres(ql)?:\/\/)/.test(v), {
      message: 'must start with "file:" (SQLite) or "postgresql://" (PostgreSQL)',
    }),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: positiveInt(3000).refine((n) => n < 65536, { message: "must be a port number (1-65535)" }),
  /** Signs and encrypts session cookies. When unset, scripts/start.ts generates one into the data dir. */
  AUTH_SECRET: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || v.length >= 32, { message: "must be at least 32 characters" }),
  BEACONPORT_DATA_DIR: z.string().trim().default("./data"),
  /** 32 bytes as 64 hex characters or base64. When unset, generated into the data dir on first start. */
  BEACONPORT_ENCRYPTION_KEY: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || decodeKey(v) !== null, {
      message: "must be 32 bytes, as 64 hex characters or base64",
    }),
  BEACONPORT_SESSION_IDLE_HOURS: positiveNumber(8),
  /** Absolute session lifetime from sign-in, however active the session is. */
  BEACONPORT_SESSION_MAX_AGE_HOURS: positiveNumber(7 * 24),
  /** Which peers may tell us the client address in X-Forwarded-For: a hop count or a CIDR list; unset: none. */
  BEACONPORT_TRUSTED_PROXIES: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const parsed = parseTrustedProxies(v);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  BEACONPORT_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  BEACONPORT_LOGIN_MAX_FAILURES: positiveInt(5),
  BEACONPORT_LOGIN_MAX_FAILURES_PER_ADDRESS: positiveInt(20),
  BEACONPORT_LOGIN_WINDOW_MINUTES: positiveNumber(15),
  /** AWS (lib/aws): per-request timeout, and a PEM file of extra CA certificates for the AWS endpoint or a TLS-inspecting proxy. */
  BEACONPORT_AWS_TIMEOUT_MS: positiveInt(30_000),
  BEACONPORT_AWS_CA_FILE: z.string().trim().optional(),
  /** How long pasted AWS credentials stay usable in the guided setup (sealed session cookie). */
  BEACONPORT_AWS_CREDENTIALS_TTL_MINUTES: positiveNumber(15),
  /** How often the scheduler looks for a due "AWS imports" run (lib/schedule); "0" or "off" disables it in this process. */
  BEACONPORT_SCHEDULER_TICK_SECONDS: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return 30;
      if (v === "off" || v === "0") return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) {
        ctx.addIssue({ code: "custom", message: `must be a positive number of seconds, 0 or "off", got "${v}"` });
        return z.NEVER;
      }
      return n;
    }),
  /** Timeout of one webhook delivery (lib/notify). */
  BEACONPORT_WEBHOOK_TIMEOUT_MS: positiveInt(5_000),
  /**
   * Hosts (names or IP addresses, separated by commas or spaces) a webhook may reach although they
   * resolve to a private or loopback address (lib/net). Never opens link-local or metadata addresses.
   */
  BEACONPORT_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const hosts = (v ?? "").split(/[\s,]+/).filter((h) => h !== "");
      for (const h of hosts) {
        const cls = classifyHostLiteral(h);
        if (/[/@]/.test(h) || /^[^:[\]]+:\d+$/.test(h) || /^\[.*\]:\d+$/.test(h)) {
          ctx.addIssue({ code: "custom", message: `lists host names or IP addresses only (no scheme, port or path), got "${h.slice(0, 100)}"` });
          return z.NEVER;
        }
        if (cls === "metadata" || cls === "link-local" || cls === "unspecified" || cls === "reserved") {
          ctx.addIssue({ code: "custom", message: `must not list a ${cls} address ("${h.slice(0, 100)}"): those are never reachable` });
          return z.NEVER;
        }
      }
      return hosts.map(normalizeHostForAllowList);
    }),
  /**
   * The portal's public origin (scheme, host, port) as browsers reach it, e.g. behind a TLS proxy. next-auth's
   * URLs, the server actions' allowed origin, the Host check and Secure cookies all follow from it.
   */
  BEACONPORT_URL: originSchema,
  /** next-auth's own name for it; accepted when BEACONPORT_URL is unset, and must agree with it when both are. */
  AUTH_URL: originSchema,
  /**
   * Bearer token Prometheus presents at GET /api/metrics (lib/metrics); unset: the endpoint answers 404.
   * Never echoed in a message, not even when it is refused.
   */
  BEACONPORT_METRICS_TOKEN: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.trim() === "" || /^[\x21-\x7e]{32,512}$/.test(v.trim()), {
      message: "must be 32 to 512 printable characters without spaces (e.g. `openssl rand -hex 32`)",
    }),
  /** Opt-in: connection names, account IDs and account names as metric label values (cardinality, disclosure). */
  BEACONPORT_METRICS_ACCOUNT_LABELS: booleanFlag,
  /**
   * Passphrase that seals the data-encryption key into a backup (`npm run backup -- --with-key`) and
   * opens it at restore. Read by the backup scripts only; never logged.
   */
  BEACONPORT_BACKUP_PASSPHRASE: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || v.length >= 12, { message: "must be at least 12 characters" }),
  /**
   * OpenID Connect single sign-on (lib/auth/sso-sign-in.ts). Issuer, client ID and client secret come
   * together or not at all; the secret is never logged (its key names a secret, lib/log/redact.ts).
   */
  BEACONPORT_OIDC_ISSUER: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      const issuer = parseIssuer(v);
      if (typeof issuer === "string") {
        ctx.addIssue({ code: "custom", message: issuer });
        return z.NEVER;
      }
      return issuer;
    }),
  BEACONPORT_OIDC_CLIENT_ID: z.string().trim().max(500).optional(),
  BEACONPORT_OIDC_CLIENT_SECRET: z.string().trim().max(2000).optional(),
  /** Shown on the login page: "Sign in with <name>". */
  BEACONPORT_OIDC_NAME: z.string().trim().max(60).optional(),
  BEACONPORT_OIDC_SCOPES: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || v === "" || v.split(/\s+/).every((scope) => /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(scope)), { message: "must be scope names separated by spaces" })
    .refine((v) => v === undefined || v === "" || v.split(/\s+/).includes("openid"), { message: 'must include "openid"' }),
  /** The ID-token claim holding the user's groups (a list of strings, or one string). */
  BEACONPORT_OIDC_GROUPS_CLAIM: z.string().trim().max(200).optional(),
  BEACONPORT_OIDC_ADMIN_GROUPS: groupList,
  BEACONPORT_OIDC_REVIEWER_GROUPS: groupList,
  /** "off": password sign-in refused for everyone but BEACONPORT_BREAK_GLASS_ADMIN (needs SSO configured). */
  BEACONPORT_LOCAL_LOGIN: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "" || /^(on|true|1|yes)$/i.test(v)) return true;
      if (/^(off|false|0|no)$/i.test(v)) return false;
      ctx.addIssue({ code: "custom", message: `must be on or off, got "${v.slice(0, 20)}"` });
      return z.NEVER;
    }),
  /** The one administrator (email) who may still sign in with a password while BEACONPORT_LOCAL_LOGIN=off. */
  BEACONPORT_BREAK_GLASS_ADMIN: z.string().trim().toLowerCase().email("must be the email address of an administrator").max(254).optional().or(z.literal("")),
});

/** BEACONPORT_URL (or AUTH_URL) alone, for next.config.ts; undefined when unset or invalid (the start refuses an invalid one). */
export function publicOriginOf(source: Record<string, string | undefined> = process.env): URL | undefined {
  const value = source.BEACONPORT_URL?.trim() || source.AUTH_URL?.trim();
  const origin = value ? parsePublicOrigin(value) : undefined;
  return origin instanceof URL ? origin : undefined;
}

/** An origin (`https://host[:port]`, no path, query, fragment or user info), or why it is not one. */
export function parsePublicOrigin(value: string): URL | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute URL such as https://beaconport.example.com, got "${value.slice(0, 100)}"`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `must start with https:// (or http://), got "${url.protocol}"`;
  if (url.username || url.password) return "must not contain a user name or password";
  if ((url.pathname !== "/" && url.pathname !== "") || url.search || url.hash) return `must be an origin only (scheme, host and port: no path, query or fragment), e.g. ${url.origin}`;
  return new URL(url.origin);
}

/**
 * Proxies whose X-Forwarded-For the portal believes. `none`: the socket's peer is the client. `hops`: that
 * many proxies stand in front (each overwrites or appends one entry). `cidrs`: peers in these networks are
 * proxies, walked from the right until the first address outside them.
 */
export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "cidrs"; cidrs: { address: string; prefix: number; family: "ipv4" | "ipv6" }[] };

/** BEACONPORT_TRUSTED_PROXIES: "" / "none" / "0", a hop count ("1"), or CIDRs ("127.0.0.1/32, 10.0.0.0/8, ::1"); or why not. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies | string {
  const v = value?.trim() ?? "";
  if (v === "" || v === "none" || v === "0") return { kind: "none" };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) return `must be a small hop count (1-10) or a comma-separated CIDR list, got "${v}"`;
    return { kind: "hops", hops };
  }
  const cidrs: { address: string; prefix: number; family: "ipv4" | "ipv6" }[] = [];
  for (const part of v.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [rawAddress = "", rawPrefix, extra] = part.split("/");
    const address = rawAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
    const version = net.isIP(address);
    if (extra !== undefined || version === 0) return `must be a hop count (e.g. 1) or a comma-separated list of IP addresses or CIDRs (e.g. 127.0.0.1/32, 10.0.0.0/8, ::1/128), got "${part.slice(0, 100)}"`;
    const max = version === 4 ? 32 : 128;
    const prefix = rawPrefix === undefined ? max : /^\d+$/.test(rawPrefix) ? Number(rawPrefix) : NaN;
    if (!(prefix >= 0 && prefix <= max)) return `has a prefix length outside 0-${max} in "${part.slice(0, 100)}"`;
    cidrs.push({ address, prefix, family: version === 4 ? "ipv4" : "ipv6" });
  }
  if (cidrs.length === 0) return `must be a hop count or a CIDR list, got "${v.slice(0, 100)}"`;
  return { kind: "cidrs", cidrs };
}

export interface Env {
  nodeEnv: "development" | "production" | "test";
  databaseUrl: string;
  databaseProvider: "sqlite" | "postgresql";
  host: string;
  port: number;
  authSecret: string | undefined;
  dataDir: string;
  encryptionKey: Buffer | undefined;
  sessionIdleMs: number;
  /** Absolute lifetime of a session from sign-in (BEACONPORT_SESSION_MAX_AGE_HOURS). */
  sessionMaxAgeMs: number;
  /** Whose X-Forwarded-For to believe (lib/auth/client-ip.ts). */
  trustedProxies: TrustedProxies;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowMs: number };
  /** `endpoint` follows the SDK's AWS_ENDPOINT_URL[_SERVICE] conventions (e.g. the sandbox). */
  aws: { endpoint: EndpointOverride | undefined; requestTimeoutMs: number; caFile: string | undefined; credentialsTtlMs: number };
  /** `tickMs` null: this process runs no scheduled job (another instance, or tests, do). */
  scheduler: { tickMs: number | null };
  /** `allowedHosts`: normalized (lower case, no brackets or trailing dot, IP literals canonical). */
  notify: { webhookTimeoutMs: number; allowedHosts: string[] };
  /** BEACONPORT_URL: undefined serves loopback names only (the quick start). */
  publicOrigin: URL | undefined;
  /** GET /api/metrics: `token` undefined disables it; `accountLabels` opts in to names and account IDs in labels. */
  metrics: { token: string | undefined; accountLabels: boolean };
  /** `npm run backup` / `npm run restore`: the passphrase sealing the data-encryption key, when given. */
  backup: { passphrase: string | undefined };
  /** OpenID Connect single sign-on; undefined when not configured. */
  oidc: OidcConfig | undefined;
  /** Password sign-in: `enabled` false refuses everyone but `breakGlassAdmin`. */
  localLogin: { enabled: boolean; breakGlassAdmin: string | undefined };
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The provider's display name ("Sign in with <name>"). */
  name: string;
  scopes: string;
  groupsClaim: string;
  adminGroups: string[];
  reviewerGroups: string[];
}

export class EnvError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Configuration error: ${variable} ${detail}`);
    this.name = "EnvError";
  }
}

/** Parses a 32-byte key given as hex or base64; null when it is neither. */
export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) {
    const buf = Buffer.from(value, "base64");
    if (buf.length === 32) return buf;
  }
  return null;
}

/** Parses a given environment (pure: used by tests and by `env()`). */
export function parseEnv(source: Record<string, string | undefined>, cwd = process.cwd()): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new EnvError(variable, issue?.message ?? "is invalid");
  }
  const e = result.data;
  if (e.BEACONPORT_URL && e.AUTH_URL && e.BEACONPORT_URL.origin !== e.AUTH_URL.origin) {
    throw new EnvError("AUTH_URL", `(${e.AUTH_URL.origin}) differs from BEACONPORT_URL (${e.BEACONPORT_URL.origin}); set BEACONPORT_URL only`);
  }
  const oidc = oidcConfig(e);
  if (!e.BEACONPORT_LOCAL_LOGIN && !oidc) throw new EnvError("BEACONPORT_LOCAL_LOGIN", "is off but single sign-on is not configured (BEACONPORT_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET): nobody could sign in");
  const dataDir = path.resolve(cwd, e.BEACONPORT_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ? e.DATABASE_URL : `file:${path.join(dataDir, "beaconport.db")}`;
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl,
    databaseProvider: databaseUrl.startsWith("file:") ? "sqlite" : "postgresql",
    host: e.HOST,
    port: e.PORT,
    authSecret: e.AUTH_SECRET ? e.AUTH_SECRET : undefined,
    dataDir,
    encryptionKey: e.BEACONPORT_ENCRYPTION_KEY ? (decodeKey(e.BEACONPORT_ENCRYPTION_KEY) ?? undefined) : undefined,
    sessionIdleMs: e.BEACONPORT_SESSION_IDLE_HOURS * 3_600_000,
    sessionMaxAgeMs: e.BEACONPORT_SESSION_MAX_AGE_HOURS * 3_600_000,
    trustedProxies: e.BEACONPORT_TRUSTED_PROXIES,
    logLevel: e.BEACONPORT_LOG_LEVEL,
    login: {
      maxFailuresPerAccount: e.BEACONPORT_LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: e.BEACONPORT_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: e.BEACONPORT_LOGIN_WINDOW_MINUTES * 60_000,
    },
    aws: {
      endpoint: endpointsFromEnv(source),
      requestTimeoutMs: e.BEACONPORT_AWS_TIMEOUT_MS,
      caFile: e.BEACONPORT_AWS_CA_FILE ? path.resolve(cwd, e.BEACONPORT_AWS_CA_FILE) : undefined,
      credentialsTtlMs: e.BEACONPORT_AWS_CREDENTIALS_TTL_MINUTES * 60_000,
    },
    scheduler: { tickMs: e.BEACONPORT_SCHEDULER_TICK_SECONDS === null ? null : Math.round(e.BEACONPORT_SCHEDULER_TICK_SECONDS * 1000) },
    notify: { webhookTimeoutMs: e.BEACONPORT_WEBHOOK_TIMEOUT_MS, allowedHosts: e.BEACONPORT_WEBHOOK_ALLOWED_HOSTS },
    publicOrigin: e.BEACONPORT_URL ?? e.AUTH_URL,
    metrics: { token: e.BEACONPORT_METRICS_TOKEN?.trim() || undefined, accountLabels: e.BEACONPORT_METRICS_ACCOUNT_LABELS },
    backup: { passphrase: e.BEACONPORT_BACKUP_PASSPHRASE || undefined },
    oidc,
    localLogin: { enabled: e.BEACONPORT_LOCAL_LOGIN, breakGlassAdmin: e.BEACONPORT_BREAK_GLASS_ADMIN || undefined },
  };
}

function oidcConfig(e: z.infer<typeof envSchema>): OidcConfig | undefined {
  const issuer = e.BEACONPORT_OIDC_ISSUER?.url;
  const clientId = e.BEACONPORT_OIDC_CLIENT_ID || undefined;
  const clientSecret = e.BEACONPORT_OIDC_CLIENT_SECRET || undefined;
  if (!issuer && !clientId && !clientSecret) return undefined;
  // Never the secret's value in a message: only which variable is missing.
  for (const [name, value] of [["BEACONPORT_OIDC_ISSUER", issuer], ["BEACONPORT_OIDC_CLIENT_ID", clientId], ["BEACONPORT_OIDC_CLIENT_SECRET", clientSecret]] as const) {
    if (!value) throw new EnvError(name, "is required when single sign-on is configured (issuer, client ID and client secret go together)");
  }
  if (e.BEACONPORT_OIDC_ADMIN_GROUPS.length === 0 && e.BEACONPORT_OIDC_REVIEWER_GROUPS.length === 0) {
    throw new EnvError("BEACONPORT_OIDC_ADMIN_GROUPS", "or BEACONPORT_OIDC_REVIEWER_GROUPS must name at least one group: without a group nobody could sign in with single sign-on");
  }
  return {
    issuer: issuer!,
    clientId: clientId!,
    clientSecret: clientSecret!,
    name: e.BEACONPORT_OIDC_NAME || "single sign-on",
    scopes: (e.BEACONPORT_OIDC_SCOPES || "openid email profile").split(/\s+/).join(" "),
    groupsClaim: e.BEACONPORT_OIDC_GROUPS_CLAIM || "groups",
    adminGroups: e.BEACONPORT_OIDC_ADMIN_GROUPS,
    reviewerGroups: e.BEACONPORT_OIDC_REVIEWER_GROUPS,
  };
}

let cached: Env | undefined;

/** The validated configuration of this process (parsed on first use). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * next-auth builds its URLs (callback, redirects) from `AUTH_URL`, which it reads from the environment
 * itself: derive it from BEACONPORT_URL at server start, so the operator sets one variable. Called from
 * instrumentation.ts before the first request.
 */
export function applyPublicOriginToAuth(): void {
  const origin = env().publicOrigin;
  if (origin) process.env.AUTH_URL = origin.origin;
}

/** Tests change `process.env` between cases; production never calls this. */
export function resetEnvCache(): void {
  cached = undefined;
}
