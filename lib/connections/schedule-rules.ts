/**
 * The beacon's "AWS imports" schedule (procedure step 7), as pure rules shared by the server, the
 * step-7 form and tests. Not `server-only`: the form validates with the same schema.
 */
import { z } from "zod";

/** The beacon links AWS connections to the schedule by this exact name. */
export const AWS_IMPORTS_SCHEDULE_NAME = "AWS imports";
export const DEFAULT_INTERVAL_MINUTES = 30;
export const MIN_INTERVAL_MINUTES = 5;
export const MAX_INTERVAL_MINUTES = 24 * 60;
/** Peak-consumption licences (IBM PVU) need samples at most this far apart. */
export const PEAK_SAMPLING_LIMIT_MINUTES = 30;

export const intervalMinutesSchema = z.coerce
  .number({ error: "Enter the interval in whole minutes, e.g. 30." })
  .int({ error: "Enter the interval in whole minutes, e.g. 30." })
  .min(MIN_INTERVAL_MINUTES, { error: `The interval is at least ${MIN_INTERVAL_MINUTES} minutes.` })
  .max(MAX_INTERVAL_MINUTES, { error: `The interval is at most ${MAX_INTERVAL_MINUTES} minutes (one day).` });

/**
 * The schedule's name is not an input: a request that tries to set one to anything else is refused,
 * because the beacon would no longer link the connection to it (procedure step 7's tip).
 */
export const scheduleNameGuard = z
  .string()
  .optional()
  .refine((name) => name === undefined || name === "" || name === AWS_IMPORTS_SCHEDULE_NAME, {
    error: `The schedule's name cannot be changed: it must stay "${AWS_IMPORTS_SCHEDULE_NAME}" so the beacon links AWS connections to it.`,
  });

/** A warning to show next to an interval that breaks the procedure's recommendation; null when fine. */
export function intervalWarning(minutes: number): string | null {
  if (minutes <= PEAK_SAMPLING_LIMIT_MINUTES) return null;
  return `Every ${minutes} minutes is less often than the recommended ${PEAK_SAMPLING_LIMIT_MINUTES}: instances that live less than that may be missed, and peak-consumption licences such as IBM PVU need samples at most ${PEAK_SAMPLING_LIMIT_MINUTES} minutes apart.`;
}

/**
 * When the next import is due: one interval after the last run, or after `now` when it never ran
 * (or the last due time has already passed while nothing ran).
 */
export function nextRunAfter(input: { intervalMinutes: number; lastRunAt: Date | null; now: Date }): Date {
  const step = input.intervalMinutes * 60_000;
  const base = input.lastRunAt ?? input.now;
  const due = new Date(base.getTime() + step);
  return due.getTime() > input.now.getTime() ? due : new Date(input.now.getTime() + step);
}

/** "every 30 minutes", "every hour", "every 2 hours 15 minutes". */
export function describeInterval(minutes: number): string {
  if (minutes === 60) return "every hour";
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `every ${minutes} minutes`;
  const h = `${hours} hour${hours === 1 ? "" : "s"}`;
  return rest === 0 ? `every ${h}` : `every ${h} ${rest} minute${rest === 1 ? "" : "s"}`;
}
