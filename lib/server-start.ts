import "server-only";
import { applyPublicOriginToAuth } from "@/lib/env";
import { EncryptionKeyMismatchError, ensureEncryptionKeyMatches } from "@/lib/crypto/key-fingerprint";
import { log } from "@/lib/log";
import { announceSetupToken } from "@/lib/auth/announce-setup-token";
import { startRunSweeper } from "@/lib/runs/mark-interrupted-runs";
import { startScheduler } from "@/lib/schedule/scheduler";

/** What every portal process does once before serving (instrumentation.ts). */
export async function startServerProcess(): Promise<void> {
  applyPublicOriginToAuth();
  // Several instances share one database: one started with another encryption key must not serve (it
  // could read no stored secret and would write secrets the others cannot read).
  try {
    const { fingerprint, recorded } = await ensureEncryptionKeyMatches();
    log.info("deploy.encryption_key", { fingerprint, recorded });
  } catch (error) {
    if (error instanceof EncryptionKeyMismatchError) {
      log.error("deploy.encryption_key_mismatch", { detail: error.message });
      console.error(`[beaconport] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  await announceSetupToken();
  await startRunSweeper();
  // The "AWS imports" re-verification (lib/schedule): every instance ticks; the database claim makes
  // each due run happen in exactly one of them.
  try {
    startScheduler();
  } catch (error) {
    log.error("schedule.start_failed", { error: error instanceof Error ? error.name : "unknown" });
  }
}
