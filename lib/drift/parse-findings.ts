/**
 * Drift findings as stored in `Connection.driftFindings` and `TargetAccount.driftFindings` (JSON text,
 * written only by saveDriftFindings). Lenient: a value that does not parse reads as "no findings",
 * never as an error page. Pure.
 */
import { z } from "zod";
import { findingSchema as storedFindingSchema } from "@/lib/model/finding-schema";
import type { Finding } from "@/lib/model/types";
import type { PinpointedFinding } from "./pinpoint-findings";

// The one Finding schema (lib/model/finding-schema.ts), read leniently: a damaged severity, step or fix
// falls back instead of dropping the finding.
const findingSchema = storedFindingSchema.extend({
  severity: storedFindingSchema.shape.severity.catch("warning"),
  step: z.coerce.number().int().catch(0),
  fix: storedFindingSchema.shape.fix.catch(""),
});

const pinpointedSchema = findingSchema.extend({ source: z.literal("administrator"), pinpointedAt: z.string() });

function storedEntries(text: string | null | undefined): unknown[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** Every readable finding; unreadable entries are skipped. */
export function parseFindings(text: string | null | undefined): Finding[] {
  return storedEntries(text).flatMap((item) => {
    const parsed = findingSchema.safeParse(item);
    return parsed.success ? [parsed.data as Finding] : [];
  });
}

/**
 * The findings an administrator's pinpoint wrote (source "administrator"), and how many entries were
 * stored in all: a list is "all pinpointed" only when the two agree.
 */
export function parsePinpointedFindings(text: string | null | undefined): { pinpointed: PinpointedFinding[]; stored: number } {
  const entries = storedEntries(text);
  const pinpointed = entries.flatMap((item) => {
    const parsed = pinpointedSchema.safeParse(item);
    return parsed.success ? [parsed.data as PinpointedFinding] : [];
  });
  return { pinpointed, stored: entries.length };
}
