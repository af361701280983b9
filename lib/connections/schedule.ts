import "server-only";
import { recordAudit } from "@/lib/audit";
import { getDb, isUniqueViolation, type DbOrTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { AWS_IMPORTS_SCHEDULE_NAME, DEFAULT_INTERVAL_MINUTES, nextRunAfter } from "./schedule-rules";

/**
 * A fixed primary key lets us find the schedule even after someone renamed it in the database, so the
 * name can be put back (procedure step 7: "the default schedule is automatically restored with the
 * default name at the next policy check").
 */
export const AWS_IMPORTS_SCHEDULE_ID = "aws-imports";

export interface ScheduleView {
  id: string;
  name: string;
  intervalMinutes: number;
  enabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  updatedAt: string;
}

type ScheduleRow = { id: string; name: string; intervalMinutes: number; enabled: boolean; nextRunAt: Date | null; lastRunAt: Date | null; updatedAt: Date };

function toView(row: ScheduleRow): ScheduleView {
  return {
    id: row.id,
    name: row.name,
    intervalMinutes: row.intervalMinutes,
    enabled: row.enabled,
    nextRunAt: row.nextRunAt?.toISOString() ?? null,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The "AWS imports" schedule: created on first use (every 30 minutes), and renamed back when its name
 * was changed behind the portal's back (audited as `schedule.restore`).
 */
export async function ensureAwsImportsSchedule(options: { db?: DbOrTx } = {}): Promise<ScheduleView> {
  const db = options.db ?? getDb();
  let row = (await db.schedule.findUnique({ where: { id: AWS_IMPORTS_SCHEDULE_ID } })) ?? (await db.schedule.findUnique({ where: { name: AWS_IMPORTS_SCHEDULE_NAME } }));
  if (!row) {
    try {
      row = await db.schedule.create({ data: { id: AWS_IMPORTS_SCHEDULE_ID, name: AWS_IMPORTS_SCHEDULE_NAME, intervalMinutes: DEFAULT_INTERVAL_MINUTES } });
      await recordAudit({ action: "schedule.create", entityType: "Schedule", entityId: row.id, after: { name: row.name, intervalMinutes: row.intervalMinutes } }, { db });
    } catch (error) {
      // Two first requests raced; the other one created it.
      if (!isUniqueViolation(error)) throw error;
      row = await db.schedule.findUniqueOrThrow({ where: { id: AWS_IMPORTS_SCHEDULE_ID } });
    }
  }
  if (row.name !== AWS_IMPORTS_SCHEDULE_NAME) {
    const before = { name: row.name };
    // Conditional update: of several readers noticing the rename at once (two step cards render in
    // parallel), exactly one restores it and writes the audit event.
    const { count } = await db.schedule.updateMany({ where: { id: row.id, name: row.name }, data: { name: AWS_IMPORTS_SCHEDULE_NAME } });
    row = await db.schedule.findUniqueOrThrow({ where: { id: row.id } });
    if (count === 1) {
      await recordAudit({ action: "schedule.restore", entityType: "Schedule", entityId: row.id, before, after: { name: row.name, reason: "The beacon links AWS connections to the schedule by this name." } }, { db });
    }
  }
  return toView(row);
}

/** Changes how often AWS is imported. Only while the connection is a draft (step 7 comes before step 8). */
export async function updateAwsImportsInterval(input: { connectionId: string; intervalMinutes: number; now?: Date }): Promise<{ before: ScheduleView; after: ScheduleView }> {
  const db = getDb();
  const connection = await db.connection.findUnique({ where: { id: input.connectionId }, select: { status: true } });
  if (!connection) throw new AppError("NOT_FOUND", "That connection does not exist.");
  if (connection.status === "saved") {
    throw new AppError("CONFLICT", "This connection is already saved; the schedule is confirmed before the connection is saved (step 7).", {
      hint: "The schedule is shared by every AWS connection; change it from a connection that is still being set up.",
    });
  }
  return db.$transaction(async (tx) => {
    const before = await ensureAwsImportsSchedule({ db: tx });
    const now = input.now ?? new Date();
    const row = await tx.schedule.update({
      where: { id: before.id },
      data: {
        intervalMinutes: input.intervalMinutes,
        // Only a schedule with linked connections is due at all; keep "not due" as it is.
        nextRunAt: before.nextRunAt === null ? null : nextRunAfter({ intervalMinutes: input.intervalMinutes, lastRunAt: before.lastRunAt ? new Date(before.lastRunAt) : null, now }),
      },
    });
    return { before, after: toView(row) };
  });
}

/** Links a saved connection to the schedule and makes the schedule due, if it was not already. */
export async function linkConnectionToSchedule(input: { connectionId: string; db: DbOrTx; now?: Date }): Promise<ScheduleView> {
  const schedule = await ensureAwsImportsSchedule({ db: input.db });
  const now = input.now ?? new Date();
  await input.db.connection.update({ where: { id: input.connectionId }, data: { scheduleId: schedule.id } });
  if (schedule.nextRunAt !== null && new Date(schedule.nextRunAt).getTime() > now.getTime()) return schedule;
  const row = await input.db.schedule.update({
    where: { id: schedule.id },
    data: { nextRunAt: nextRunAfter({ intervalMinutes: schedule.intervalMinutes, lastRunAt: schedule.lastRunAt ? new Date(schedule.lastRunAt) : null, now }) },
  });
  return toView(row);
}
