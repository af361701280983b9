/** A lint finding (`Finding`) as a zod schema, for results that store findings (verify, scheduled test). Pure. */
import { z } from "zod";
import type { Finding } from "./types";

export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  step: z.number(),
  accountId: z.string().optional(),
  message: z.string(),
  fix: z.string(),
}) satisfies z.ZodType<Finding>;
