import { z } from "zod";
import { AppError } from "@/lib/errors";
import { MAX_EVENT_SEQ } from "./types";

const schema = z.object({ after: z.coerce.number().int().min(0).max(MAX_EVENT_SEQ).default(0) });

/** `?after=N` of `GET /api/runs/[id]`: a position outside RunEvent.seq's range is a 400, never a database error. */
export function runPollQuery(params: URLSearchParams): { after: number } {
  const parsed = schema.safeParse(Object.fromEntries(params));
  if (!parsed.success) {
    throw new AppError("VALIDATION", `"after" must be a whole number from 0 to ${MAX_EVENT_SEQ}.`, { fieldErrors: { after: [`A whole number from 0 to ${MAX_EVENT_SEQ}.`] } });
  }
  return parsed.data;
}
