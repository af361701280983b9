/**
 * Why an account failed its connection test, in one line for the dashboard, the schedule page and the
 * test results: the failing call (the check) by name, how often it failed (one region or many) and its
 * cause, with a fix that fits a failure that repeats. Pure (client-safe).
 */
import { repeatedServerErrorFix, TRANSIENT_SERVER_ERROR_FIX } from "../errors";
import type { ConnectionCheck } from "./types";

export interface FailureSummary {
  /** The failing check (an API action such as `ec2:DescribeReservedInstances`, or a derived check). */
  check: string;
  reason: string;
  fix: string | null;
}

/** At most this many region names in the line; the rest are counted. */
const REGIONS_NAMED = 3;

function regionList(regions: string[]): string {
  const named = regions.slice(0, REGIONS_NAMED).join(", ");
  return regions.length > REGIONS_NAMED ? `${named} and ${regions.length - REGIONS_NAMED} more` : named;
}

/**
 * The first failed check, with every other failure of the same call and code folded into it
 * ("ec2:DescribeReservedInstances failed in 17 regions (us-east-1, …): …"). `previous` is what the last
 * test stored for this account: the same check failing again is a repeating failure too.
 */
export function summarizeAccountFailure(checks: readonly ConnectionCheck[], previous?: { check: string | null; status: string | null }): FailureSummary | null {
  const failed = checks.filter((c) => c.status === "failed");
  const first = failed[0];
  if (!first) return null;
  const same = failed.filter((c) => c.check === first.check && c.code === first.code);
  // Sorted: the calls run in parallel, and the line should not change between runs for that alone.
  const regions = [...new Set(same.flatMap((c) => (c.region ? [c.region] : [])))].sort();
  const where = regions.length > 1 ? ` in ${regions.length} regions (${regionList(regions)})` : regions.length === 1 ? ` in ${regions[0]}` : "";
  const code = first.code ? ` (${first.code})` : "";
  const others = new Set(failed.filter((c) => !same.includes(c)).map((c) => c.check));
  const also = others.size ? ` Also failing: ${[...others].join(", ")}.` : "";
  const reason = `${first.check} failed${where}${code}: ${first.cause ?? "no cause was given"}${also}`;
  const repeated = same.length > 1 || (previous?.status === "failed" && previous.check === first.check);
  const fix = repeated && first.fix === TRANSIENT_SERVER_ERROR_FIX ? repeatedServerErrorFix(first.check) : (first.fix ?? null);
  return { check: first.check, reason, fix };
}
