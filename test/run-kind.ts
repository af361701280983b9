/**
 * A run kind for tests of the run machinery (exclusivity, events, interruption) that store no result
 * of a feature's shape: the id is what those tests are about.
 */
import { z } from "zod";
import { defineRunKind, type RunKind } from "@/lib/runs/run-kind";

export function testRunKind(id: string): RunKind<z.ZodUnknown> {
  return defineRunKind(id, z.unknown());
}
