/** Shared formatting for server-rendered dates: UTC, so the server's output is the same for everyone. */
const DATE = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function formatUtc(iso: string | null): string {
  return iso ? `${DATE.format(new Date(iso))} UTC` : "—";
}
