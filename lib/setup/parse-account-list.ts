/**
 * A pasted list of AWS account IDs (one per line, or separated by commas, semicolons or spaces; the
 * console's 1234-5678-9012 form accepted) split into valid IDs and the entries that are not. Pure.
 *
 * Bounded before any work: the size in bytes is checked first, then the entries are counted while they
 * are cut out (one pass, stopping at the limit), and only then checked; duplicates are found with a set.
 * A hostile megabyte costs one length check.
 */
import { AppError } from "@/lib/errors";
import { accountIdSchema } from "@/lib/model";

export interface ParsedAccountList {
  valid: string[];
  /** The first few entries that are not account IDs (long ones shortened); `invalidCount` counts them all. */
  invalid: { entry: string; message: string }[];
  invalidCount: number;
  duplicates: string[];
}

/** As many accounts as a connection may hold (steps 2 and 5). */
export const MAX_ACCOUNT_LIST_ENTRIES = 2000;
/** 2,000 IDs in the widest accepted form ("1234-5678-9012" and a separator) fit in 32 KiB; 64 KiB leaves room for stray spaces. */
export const MAX_ACCOUNT_LIST_BYTES = 64 * 1024;
/** At most this many bad entries are named back (the rest are counted). */
const MAX_NAMED_INVALID = 20;

const SEPARATOR = /[\s,;]/;

function tooLarge(message: string): AppError {
  return new AppError("VALIDATION", message, { fieldErrors: { accounts: [message] } });
}

export function parseAccountList(text: string): ParsedAccountList {
  // UTF-16 length ≤ UTF-8 bytes, so the cheap check first; the exact one only when it can matter.
  if (text.length > MAX_ACCOUNT_LIST_BYTES || Buffer.byteLength(text, "utf8") > MAX_ACCOUNT_LIST_BYTES) {
    throw tooLarge(`An account list is at most ${MAX_ACCOUNT_LIST_BYTES / 1024} KiB (${MAX_ACCOUNT_LIST_ENTRIES} accounts); split it over several connections.`);
  }
  // Hyphens inside an ID are fine (1234-5678-9012); only whitespace, commas and semicolons separate.
  const entries: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const separator = i === text.length || SEPARATOR.test(text[i]!);
    if (!separator && start < 0) start = i;
    else if (separator && start >= 0) {
      if (entries.length === MAX_ACCOUNT_LIST_ENTRIES) throw tooLarge(`At most ${MAX_ACCOUNT_LIST_ENTRIES} accounts per list; split them over several connections.`);
      entries.push(text.slice(start, i));
      start = -1;
    }
  }
  const valid: string[] = [];
  const seen = new Set<string>();
  const invalid: { entry: string; message: string }[] = [];
  let invalidCount = 0;
  const duplicates: string[] = [];
  for (const entry of entries) {
    // The same rule as accountIdSchema (hyphens dropped, 12 digits), without building a zod error per
    // bad entry: only the few named back get the schema's message.
    const id = entry.replace(/-/g, "");
    if (!/^\d{12}$/.test(id)) {
      invalidCount++;
      if (invalid.length < MAX_NAMED_INVALID) {
        const r = accountIdSchema.safeParse(entry);
        invalid.push({ entry: entry.length > 40 ? `${entry.slice(0, 40)}…` : entry, message: (!r.success && r.error.issues[0]?.message) || "not an account ID" });
      }
      continue;
    }
    if (seen.has(id)) duplicates.push(id);
    else {
      seen.add(id);
      valid.push(id);
    }
  }
  return { valid, invalid, invalidCount, duplicates };
}
