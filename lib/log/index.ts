/**
 * Structured logger: one JSON line per event on stdout (errors on stderr), secrets redacted. Every line
 * has `time`, `level`, `event` (a name from ./events.ts), `instanceId` (this process), and `requestId`
 * and/or `runId` when written while serving a request or running a run (./context.ts).
 * Not `server-only` so scripts can log the same way; it holds no secret itself.
 */
import { env } from "@/lib/env";
import { INSTANCE_ID } from "@/lib/instance";
import { currentLogContext } from "./context";
import type { LogEvent } from "./events";
import { redact } from "./redact";

export { withLogContext, requestIdFrom } from "./context";
export { LOG_EVENTS, alertEvents, type LogEvent } from "./events";

export { redact, redactString, REDACTED } from "./redact";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
export type LogLevel = Exclude<keyof typeof LEVELS, "silent">;

function threshold(): number {
  try {
    return LEVELS[env().logLevel];
  } catch {
    // A broken configuration must not silence the logger that reports it.
    return LEVELS.info;
  }
}

export type LogSink = (line: string, level: LogLevel) => void;

let sink: LogSink = (line, level) => {
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
};

/** Tests capture log lines to prove secrets never reach them. */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

function write(level: LogLevel, event: LogEvent, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < threshold()) return;
  // The envelope comes last: a field named like it (a run's own `runId`, say) cannot replace it.
  const { requestId, runId } = currentLogContext();
  const record = {
    ...(redact(fields ?? {}) as object),
    time: new Date().toISOString(),
    level,
    event,
    instanceId: INSTANCE_ID,
    ...(requestId ? { requestId } : {}),
    ...(runId ? { runId } : {}),
  };
  sink(JSON.stringify(record), level);
}

export const log = {
  debug: (event: LogEvent, fields?: Record<string, unknown>) => write("debug", event, fields),
  info: (event: LogEvent, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: LogEvent, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: LogEvent, fields?: Record<string, unknown>) => write("error", event, fields),
};

/** Logs an unexpected error under its reference, with stack (redacted), for toPublicError. */
export function logUnexpected(reference: string, error: unknown): void {
  const detail = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  log.error("error.unexpected", { reference, error: detail });
}
