/**
 * A pasted list of AWS account IDs (one per line, or separated by commas, semicolons or spaces; the
 * console's 1234-5678-9012 form accepted) split into valid IDs and the entries that are not. Pure.
 */
import { accountIdSchema } from "@/lib/model";

export interface ParsedAccountList {
  valid: string[];
  invalid: { entry: string; message: string }[];
  duplicates: string[];
}

export function parseAccountList(text: string): ParsedAccountList {
  // Hyphens inside an ID are fine (1234-5678-9012); only whitespace, commas and semicolons separate.
  const entries = text.split(/[\s,;]+/).filter((e) => e !== "");
  const valid: string[] = [];
  const invalid: { entry: string; message: string }[] = [];
  const duplicates: string[] = [];
  for (const entry of entries) {
    const r = accountIdSchema.safeParse(entry);
    if (!r.success) {
      invalid.push({ entry, message: r.error.issues[0]?.message ?? "not an account ID" });
      continue;
    }
    if (valid.includes(r.data)) duplicates.push(r.data);
    else valid.push(r.data);
  }
  return { valid, invalid, duplicates };
}
