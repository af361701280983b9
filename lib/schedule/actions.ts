"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { runNow } from "./scheduler";

/** "Run now": the same database claim as the timer's tick, so it never doubles a scheduled run. */
export const runScheduleNowAction = action(
  { schema: z.object({}).passthrough(), role: "admin", audit: { action: "schedule.run-now", entityType: "Schedule" } },
  async (_input, ctx) => {
    const claim = await runNow(ctx.user.userId);
    ctx.audit({ entityId: claim.scheduleId, after: { tickId: claim.tickId, trigger: "manual" } });
    revalidatePath("/schedule");
    return { tickId: claim.tickId, runId: claim.runId };
  },
);
