/**
 * Maps lib/aws's errors to the portal's `AppError` (lib/errors.ts): the cause is the message shown
 * to the user, the fix its hint. Anything else is left for the caller's "unexpected" path.
 */
import { AppError, type ErrorCode, type FieldErrors } from "@/lib/errors";
import { AwsOperationError, type AwsErrorCode } from "./errors";

const CODE: Record<AwsErrorCode, ErrorCode> = {
  AWS_ACCESS_DENIED: "AWS_ACCESS_DENIED",
  AWS_THROTTLED: "AWS_THROTTLED",
  AWS_NOT_FOUND: "AWS_NOT_FOUND",
  AWS_INVALID_CREDENTIALS: "AWS_INVALID_CREDENTIALS",
  AWS_NETWORK: "AWS_NETWORK",
  AWS_PROXY_AUTH: "AWS_PROXY_AUTH",
  AWS_CONFLICT: "CONFLICT",
  AWS_LIMIT_EXCEEDED: "CONFLICT",
  AWS_VALIDATION: "AWS_ERROR",
  AWS_ERROR: "AWS_ERROR",
};

/** `fieldErrors`: what to show under the form's fields for an AWS error code (e.g. refused credentials). */
export function awsErrorToAppError(err: unknown, fieldErrors: Partial<Record<AwsErrorCode, FieldErrors>> = {}): AppError | undefined {
  if (!(err instanceof AwsOperationError)) return undefined;
  return new AppError(CODE[err.code], `${err.cause} (${err.awsCode}${err.action ? ` on ${err.action}` : ""})`, { hint: err.fix, fieldErrors: fieldErrors[err.code] });
}
