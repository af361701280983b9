import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getDb, isUniqueViolation, type DbOrTx, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { releaseAttempt, reserveAttempt } from "./login-limiter";

/**
 * The first-run setup token (as Jenkins' initialAdminPassword and Grafana's first-run secret): a fresh
 * install answers on the network before anyone has an account, and "whoever comes first becomes admin"
 * would hand the portal to whoever finds it first. Creating the first administrator needs this token,
 * which only someone who can read the server's console or data directory has.
 *
 * Generated at server start (lib/server-start.ts, so `npm start`, `next start` and every instance get it)
 * only while no user exists. The database holds its SHA-256 (an InstallationFact), so every instance
 * sharing the database accepts the same token and the first administrator's creation deletes it in the
 * same transaction: it works exactly once. The token itself is written to `<data dir>/setup-token`
 * (mode 0600) and printed on the console; nothing else (logs, audit) ever sees it.
 */
export const SETUP_TOKEN_FILE_NAME = "setup-token";
export const SETUP_TOKEN_FACT = "setup-token-sha256";
/** Wrong tokens per client address within the sign-in window (the token has 256 bits: this bounds noise, not guessing). */
export const SETUP_TOKEN_MAX_FAILURES = 10;
const FAILURE_KEY_PREFIX = "setup-token:";

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

function tokenFile(dataDir: string): string {
  return path.join(dataDir, SETUP_TOKEN_FILE_NAME);
}

function readTokenFile(file: string): string | null {
  try {
    const token = fs.readFileSync(file, "utf8").trim();
    return /^[A-Za-z0-9_-]{32,128}$/.test(token) ? token : null;
  } catch {
    return null;
  }
}

function writeTokenFile(file: string, token: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${token}\n`, { mode: 0o600 });
  // mode on create is subject to the umask; make sure, then move into place atomically.
  fs.chmodSync(temp, 0o600);
  fs.renameSync(temp, file);
}

function removeTokenFile(dataDir: string): void {
  fs.rmSync(tokenFile(dataDir), { force: true });
}

async function isInstalled(db: DbOrTx): Promise<boolean> {
  return (await db.installation.findUnique({ where: { id: 1 } })) !== null || (await db.user.count()) > 0;
}

export type SetupTokenState =
  | { state: "installed" }
  /** This process holds the token (new, or kept from an earlier start of this data dir). */
  | { state: "ready"; token: string; file: string; created: boolean }
  /** Another instance sharing the database generated it; its console and data dir have it. */
  | { state: "elsewhere" };

/** At server start: make sure a fresh install has a setup token, and that an installed one has none. */
export async function prepareSetupToken(options: { db?: DbOrTx; dataDir?: string } = {}): Promise<SetupTokenState> {
  const db = options.db ?? getDb();
  const dataDir = options.dataDir ?? env().dataDir;
  const file = tokenFile(dataDir);
  if (await isInstalled(db)) {
    removeTokenFile(dataDir);
    await db.installationFact.deleteMany({ where: { name: SETUP_TOKEN_FACT } });
    return { state: "installed" };
  }
  const kept = readTokenFile(file);
  const fact = await db.installationFact.findUnique({ where: { name: SETUP_TOKEN_FACT } });
  if (fact) {
    if (kept && sha256(kept).toString("hex") === fact.value) return { state: "ready", token: kept, file, created: false };
    // A stale file from another database would only mislead whoever reads it.
    if (kept) removeTokenFile(dataDir);
    return { state: "elsewhere" };
  }
  const token = kept ?? randomBytes(32).toString("base64url");
  try {
    await db.installationFact.create({ data: { name: SETUP_TOKEN_FACT, value: sha256(token).toString("hex") } });
  } catch (error) {
    // Another instance started at the same moment and won: its token is the one.
    if (isUniqueViolation(error)) return prepareSetupToken({ db, dataDir });
    throw error;
  }
  writeTokenFile(file, token);
  return { state: "ready", token, file, created: kept === null };
}

/** Constant-time: the comparison takes as long whatever the given value shares with the token. */
function tokenMatches(given: string, storedHex: string): boolean {
  const stored = Buffer.from(storedHex, "hex");
  const hashed = sha256(given);
  return stored.length === hashed.length && timingSafeEqual(stored, hashed);
}

const WRONG = "That is not the setup token. Copy it from the console where Beaconport was started, or from the setup-token file in its data directory.";

function wrongToken(active: boolean): AppError {
  const message = active ? WRONG : "No setup token is active: restart Beaconport to print a new one.";
  return new AppError("FORBIDDEN", message, { fieldErrors: { setupToken: [message] } });
}

/**
 * Before any work: the caller's address is not limited and the token matches (in constant time). A wrong
 * token counts against the address.
 */
export async function verifySetupToken(given: string, ip: string | null): Promise<void> {
  // Reserved before the comparison, like a password attempt (lib/auth/login-limiter.ts): a burst from one
  // address compares at most SETUP_TOKEN_MAX_FAILURES tokens per window; a right token gives its slot back.
  const reserved = await reserveAttempt([{ key: `${FAILURE_KEY_PREFIX}${ip ?? "unknown"}`, scope: "address", max: SETUP_TOKEN_MAX_FAILURES }]);
  if (!reserved.ok) throw new AppError("RATE_LIMITED", "Too many wrong setup tokens from your address; try again later.");
  const fact = await getDb().installationFact.findUnique({ where: { name: SETUP_TOKEN_FACT } });
  if (!fact || !tokenMatches(given, fact.value)) throw wrongToken(Boolean(fact));
  await releaseAttempt(reserved.reservation);
}

/**
 * Inside the transaction that creates the first administrator: spends the token (a conditional delete,
 * so of two requests racing with it only one proceeds, on whichever instance). The file goes too.
 */
export async function spendSetupToken(tx: Tx, given: string, dataDir = env().dataDir): Promise<void> {
  const spent = await tx.installationFact.deleteMany({ where: { name: SETUP_TOKEN_FACT, value: sha256(given).toString("hex") } });
  // verifySetupToken passed a moment ago: a request racing with the same token spent it first.
  if (spent.count !== 1) throw new AppError("CONFLICT", "Beaconport is already set up. Sign in instead.");
  removeTokenFile(dataDir);
}
