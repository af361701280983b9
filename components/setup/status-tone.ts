import type { BadgeTone } from "@/components/ui/badge";

/**
 * One colour per status wherever the wizard shows one as a badge: a rollout step's or a connection
 * test's event status, and a target account's stored setup status (pending, done, failed). Unknown
 * statuses are neutral.
 */
const TONE: Record<string, BadgeTone> = {
  pending: "slate",
  waiting: "slate",
  running: "blue",
  propagating: "amber",
  done: "green",
  failed: "red",
  skipped: "slate",
  interrupted: "amber",
};

export function statusTone(status: string): BadgeTone {
  return TONE[status] ?? "slate";
}
