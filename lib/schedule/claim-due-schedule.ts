import "server-only";
import { isUniqueViolation, type DbOrTx } from "@/lib/db";
import { INSTANCE_ID } from "@/lib/instance";
import { AWS_IMPORTS_SCHEDULE_ID } from "@/lib/connections/schedule";
import { nextRunAfter } from "@/lib/connections/schedule-rules";

/** This portal process, as named in ScheduleTick.instanceId (several instances may share one database). */
export { INSTANCE_ID };

export interface ClaimedTick {
  tickId: string;
  scheduleId: string;
  dueAt: Date;
  trigger: "schedule" | "manual";
}

/**
 * Claims the "AWS imports" schedule for one execution, atomically in the database, so that with several
 * portal instances on one database exactly one of them runs each due time.
 *
 * A compare-and-set: the UPDATE matches only while `nextRunAt` and `lastRunAt` still hold the values this
 * instance read, and it moves both forward. Two instances that read the same due row race on the same
 * row: PostgreSQL makes the second UPDATE wait for the first and then re-checks its WHERE against the
 * committed row (0 rows); SQLite serializes writers. The instance whose update count is 1 owns the run
 * and records it as a ScheduleTick, whose unique (scheduleId, dueAt) is a second lock on the same fact.
 *
 * `manual` ("Run now") goes through the same compare-and-set, so it can never overlap a scheduled claim
 * of the same state; it does not require the schedule to be due.
 */
export async function claimDueSchedule(options: {
  db: DbOrTx;
  trigger: "schedule" | "manual";
  now?: Date;
  instanceId?: string;
  actorId?: string;
}): Promise<ClaimedTick | null> {
  const { db, trigger } = options;
  const now = options.now ?? new Date();
  const row = await db.schedule.findUnique({ where: { id: AWS_IMPORTS_SCHEDULE_ID } });
  if (!row) return null;
  if (trigger === "schedule" && (!row.enabled || row.nextRunAt === null || row.nextRunAt.getTime() > now.getTime())) return null;
  const dueAt = trigger === "schedule" && row.nextRunAt ? row.nextRunAt : now;
  const next = row.nextRunAt === null && trigger === "manual" ? null : nextRunAfter({ intervalMinutes: row.intervalMinutes, lastRunAt: dueAt, now });
  const claimed = await db.schedule.updateMany({
    where: { id: row.id, nextRunAt: row.nextRunAt, lastRunAt: row.lastRunAt },
    data: { lastRunAt: now, nextRunAt: next },
  });
  if (claimed.count !== 1) return null;
  try {
    const tick = await db.scheduleTick.create({
      data: { scheduleId: row.id, dueAt, trigger, instanceId: options.instanceId ?? INSTANCE_ID, actorId: options.actorId ?? null, startedAt: now },
      select: { id: true },
    });
    return { tickId: tick.id, scheduleId: row.id, dueAt, trigger };
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}
