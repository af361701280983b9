/** The scheduler's run kind: its id and the result it stores (the tick it recorded). Pure (client-safe). */
import { z } from "zod";

export const SCHEDULE_RUN = {
  id: "schedule-run",
  result: z.object({ tickId: z.string(), connections: z.number() }),
} as const;

/** A schedule run's stored result, or null when there is none or it does not read as one. */
export function scheduleRunResult(value: unknown): z.output<typeof SCHEDULE_RUN.result> | null {
  const parsed = SCHEDULE_RUN.result.safeParse(value);
  return parsed.success ? parsed.data : null;
}
