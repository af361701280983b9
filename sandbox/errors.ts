/** An error answered to the caller in the service's own wire shape. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    /** Query protocol `<Type>`: Sender for client faults, Receiver for ours. */
    readonly type: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
    this.name = code;
  }
}

export const noSuchEntity = (message: string) => new AwsError("NoSuchEntity", message, 404);
export const entityAlreadyExists = (message: string) => new AwsError("EntityAlreadyExists", message, 409);
export const limitExceeded = (message: string) => new AwsError("LimitExceeded", message, 409);
export const deleteConflict = (message: string) => new AwsError("DeleteConflict", message, 409);
export const malformedPolicy = (message: string) => new AwsError("MalformedPolicyDocument", message, 400);
export const validationError = (message: string) => new AwsError("ValidationError", message, 400);
export const invalidInput = (message: string) => new AwsError("InvalidInput", message, 400);
