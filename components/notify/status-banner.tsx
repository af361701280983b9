import Link from "next/link";
import { loadBanner } from "@/lib/notify/load-banner";

/**
 * The app-wide alert for scheduled re-verification: shown on every page while a saved connection's
 * latest scheduled test failed or found drift, linking to the details.
 */
export async function StatusBanner() {
  let state;
  try {
    state = await loadBanner();
  } catch {
    // A banner must never take the page down (e.g. before the database is migrated).
    return null;
  }
  if (state.total === 0) return null;
  const failing = state.failing.length > 0;
  const list = [...state.failing, ...state.drifting];
  return (
    <div
      data-testid="status-banner"
      role="status"
      className={`mb-6 rounded-lg px-4 py-3 text-sm ring-1 ring-inset ${failing ? "bg-red-50 text-red-800 ring-red-200" : "bg-amber-50 text-amber-900 ring-amber-200"}`}
    >
      <p className="font-medium">
        {failing ? "The latest scheduled connection test failed" : "Drift found by the latest scheduled check"}
        {state.total > 1 ? ` (${state.total} connections)` : ""}
      </p>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {list.map((c) => (
          <li key={c.id}>
            <Link className="underline underline-offset-2" href={`/schedule?connection=${c.id}`} data-testid={`status-banner-link-${c.id}`}>
              {c.name}: {state.failing.some((f) => f.id === c.id) ? "test failed" : "drift"}
            </Link>
          </li>
        ))}
        <li>
          <Link className="underline underline-offset-2" href="/schedule">
            Schedule and past runs
          </Link>
        </li>
      </ul>
    </div>
  );
}
