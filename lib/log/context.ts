/**
 * Which request or run a log line belongs to. The action and route wrappers (lib/actions) open a request
 * context, startRun (lib/runs) a run context; lib/log adds the ids to every line written inside.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

export interface LogContext {
  requestId?: string;
  runId?: string;
}

// Next bundles a module more than once per process (lib/instance.ts explains); one store for all copies.
const KEY = Symbol.for("beaconport.logContext");
const holder = globalThis as { [KEY]?: AsyncLocalStorage<LogContext> };
const storage: AsyncLocalStorage<LogContext> = (holder[KEY] ??= new AsyncLocalStorage<LogContext>());

/** Runs `fn` with these ids added to the surrounding context (a run started by a request keeps both). */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * The request's id: the reverse proxy's `X-Request-Id` when it looks like one (so the portal's lines join
 * the proxy's access log), otherwise a new one. Anything else a client sends there is not trusted.
 */
export function requestIdFrom(headers: Headers | null): string {
  const given = headers?.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomBytes(8).toString("hex");
}
