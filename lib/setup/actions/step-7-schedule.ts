"use server";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ensureAwsImportsSchedule, updateAwsImportsInterval } from "@/lib/connections/schedule";
import { intervalMinutesSchema, scheduleNameGuard } from "@/lib/connections/schedule-rules";

/**
 * Step 7: confirm (and optionally change the interval of) the "AWS imports" schedule, and link this
 * draft connection to it. A `name` other than "AWS imports" is refused: the beacon finds the
 * schedule by that name.
 */
export const confirmScheduleAction = action(
  {
    schema: z.object({ connectionId: z.string().min(1), intervalMinutes: intervalMinutesSchema, name: scheduleNameGuard }),
    role: "admin",
    audit: { action: "schedule.update", entityType: "Schedule" },
  },
  async (input, ctx) => {
    const db = getDb();
    const connection = await db.connection.findUnique({ where: { id: input.connectionId }, select: { id: true, scheduleId: true, status: true } });
    if (!connection) throw new AppError("NOT_FOUND", "That connection does not exist.");
    const current = await ensureAwsImportsSchedule();
    let schedule = current;
    if (current.intervalMinutes !== input.intervalMinutes) {
      const { before, after } = await updateAwsImportsInterval({ connectionId: input.connectionId, intervalMinutes: input.intervalMinutes });
      schedule = after;
      ctx.audit({ entityType: "Schedule", entityId: after.id, before: { name: before.name, intervalMinutes: before.intervalMinutes, nextRunAt: before.nextRunAt }, after: { name: after.name, intervalMinutes: after.intervalMinutes, nextRunAt: after.nextRunAt, viaConnection: input.connectionId } });
    }
    if (connection.scheduleId !== schedule.id) {
      await db.connection.update({ where: { id: connection.id }, data: { scheduleId: schedule.id } });
      ctx.audit({ entityType: "Connection", entityId: connection.id, before: { scheduleId: connection.scheduleId }, after: { scheduleId: schedule.id, schedule: schedule.name } });
    }
    return { intervalMinutes: schedule.intervalMinutes, name: schedule.name, changed: current.intervalMinutes !== input.intervalMinutes, nextRunAt: schedule.nextRunAt };
  },
);
