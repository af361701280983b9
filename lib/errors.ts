/**
 * The one error type the app throws on purpose. `userMessage` (and `hint`) are safe to show; anything
 * that is not an AppError is an unexpected failure: it is logged with a short reference and the user
 * sees only "Something failed (reference abc123)". Never show `error.message` of an unknown error.
 */
export const ERROR_CODES = [
  "VALIDATION",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "RATE_LIMITED",
  "AWS_ACCESS_DENIED",
  "AWS_THROTTLED",
  "AWS_NOT_FOUND",
  "AWS_INVALID_CREDENTIALS",
  "AWS_NETWORK",
  "AWS_PROXY_AUTH",
  "AWS_ERROR",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  AWS_ACCESS_DENIED: 502,
  AWS_THROTTLED: 503,
  AWS_NOT_FOUND: 502,
  AWS_INVALID_CREDENTIALS: 502,
  AWS_NETWORK: 504,
  AWS_PROXY_AUTH: 502,
  AWS_ERROR: 502,
  INTERNAL: 500,
};

const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  VALIDATION: "Please correct the highlighted fields.",
  UNAUTHENTICATED: "Please sign in.",
  FORBIDDEN: "You are not allowed to do that.",
  NOT_FOUND: "Not found.",
  CONFLICT: "That conflicts with the current state; reload and try again.",
  RATE_LIMITED: "Too many attempts; try again later.",
  AWS_ACCESS_DENIED: "AWS denied access.",
  AWS_THROTTLED: "AWS is throttling requests; try again shortly.",
  AWS_NOT_FOUND: "The AWS resource does not exist.",
  AWS_INVALID_CREDENTIALS: "AWS rejected the credentials.",
  AWS_NETWORK: "AWS could not be reached.",
  AWS_PROXY_AUTH: "The proxy rejected its credentials.",
  AWS_ERROR: "AWS returned an error.",
  INTERNAL: "Something failed.",
};

export type FieldErrors = Record<string, string[]>;

export interface AppErrorOptions {
  hint?: string;
  fieldErrors?: FieldErrors;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly hint?: string;
  readonly fieldErrors?: FieldErrors;

  constructor(code: ErrorCode, userMessage?: string, options: AppErrorOptions = {}) {
    const message = userMessage ?? DEFAULT_MESSAGE[code];
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.userMessage = message;
    this.hint = options.hint;
    this.fieldErrors = options.fieldErrors;
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }
}

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** What a client may see of an error: plain, serializable, never an unknown error's message. */
export interface PublicError {
  code: ErrorCode;
  message: string;
  hint?: string;
  fieldErrors?: FieldErrors;
  reference?: string;
}

/** A short id that ties a user's report to a log line. */
export function newErrorReference(): string {
  return Math.random().toString(36).slice(2, 8).padEnd(6, "0");
}

/**
 * Maps any thrown value to what the client may see. Unknown errors are handed to `logUnexpected`
 * (with their reference) and reduced to a generic message.
 */
export function toPublicError(error: unknown, logUnexpected: (reference: string, error: unknown) => void): PublicError {
  if (isAppError(error)) {
    const pub: PublicError = { code: error.code, message: error.userMessage };
    if (error.hint) pub.hint = error.hint;
    if (error.fieldErrors) pub.fieldErrors = error.fieldErrors;
    return pub;
  }
  const reference = newErrorReference();
  logUnexpected(reference, error);
  return { code: "INTERNAL", message: `Something failed (reference ${reference}).`, reference };
}
