/**
 * Waits until a portal answers `GET <baseUrl>/api/health` with 200 (and, if given, until `accept` likes
 * the health JSON, e.g. a given build id while rolling instances). The one poll loop behind the demo
 * (scripts/demo.ts), the deploy stage (e2e/deploy/serve.ts) and the e2e extra portal (e2e/support/portal.ts).
 */

/** What /api/health answers (app/api/health/route.ts). */
export interface HealthBody {
  status: string;
  build: string | null;
  warnings?: unknown;
}

export interface WaitForHealthOptions {
  /** e.g. `http://127.0.0.1:3000` (no trailing slash needed). */
  baseUrl: string;
  timeoutMs: number;
  /** Pause between attempts; 250 ms unless told. */
  intervalMs?: number;
  /** Names the server in errors, e.g. "the extra portal". */
  label?: string;
  /** The server's process: when it has exited there is nothing to wait for, so fail at once. */
  child?: { exitCode: number | null; signalCode: NodeJS.Signals | null };
  /** Accepts the health JSON of a 200 answer; any 200 is enough when absent. */
  accept?: (health: HealthBody) => boolean;
}

export async function waitForHealth(options: WaitForHealthOptions): Promise<HealthBody> {
  const { baseUrl, timeoutMs, intervalMs = 250, label = "the portal", child, accept } = options;
  const url = `${baseUrl.replace(/\/+$/, "")}/api/health`;
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`${label} exited (${child.exitCode !== null ? `code ${child.exitCode}` : `signal ${child.signalCode}`}) before answering /api/health`);
    }
    const health = await attempt(url, Math.max(end - Date.now(), 1));
    if (health && (!accept || accept(health))) return health;
    if (Date.now() >= end) throw new Error(`${label} did not answer /api/health at ${baseUrl} within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// One attempt, bounded: a server that accepts the connection but never answers must not outlast the timeout.
async function attempt(url: string, budgetMs: number): Promise<HealthBody | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(Math.min(budgetMs, 10_000)) });
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    return (await response.json()) as HealthBody;
  } catch {
    return null; // not listening yet, or not JSON yet
  }
}
