/**
 * Structured logger: one JSON line per event on stdout (errors on stderr), secrets redacted.
 * Not `server-only` so scripts can log the same way; it holds no secret itself.
 */
import { env } from "@/lib/env";
import { redact } from "./redact";

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

function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < threshold()) return;
  const record = { time: new Date().toISOString(), level, msg: message, ...(redact(fields ?? {}) as object) };
  sink(JSON.stringify(record), level);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};

/** Logs an unexpected error under its reference, with stack (redacted), for toPublicError. */
export function logUnexpected(reference: string, error: unknown): void {
  const detail = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  log.error("unexpected error", { reference, error: detail });
}
