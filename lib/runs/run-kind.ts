/**
 * A run kind, as documenso's job definitions: an id (the Run's `kind` column) and a zod schema for
 * the result the run stores. `startRun` takes a kind, so the work's result is checked against the
 * schema's input type when it is written, and readers parse it with `read` instead of casting; a
 * stored result that does not parse (an older or foreign shape) reads as null, "no result".
 * Pure (client-safe): the features declare their kinds beside their code, the browser reads with them.
 */
import type { z } from "zod";

export interface RunKind<S extends z.ZodType = z.ZodType> {
  readonly id: string;
  readonly result: S;
  /** A stored result of this kind, or null when there is none or it does not read as one. */
  read(value: unknown): z.output<S> | null;
}

export function defineRunKind<S extends z.ZodType>(id: string, result: S): RunKind<S> {
  return {
    id,
    result,
    read(value: unknown) {
      if (value === null || value === undefined) return null;
      const parsed = result.safeParse(value);
      return parsed.success ? parsed.data : null;
    },
  };
}
