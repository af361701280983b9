/**
 * The wire protocols the sandbox speaks, and the service-specific spelling of the errors every
 * service shares (authentication, throttling, access denied), as AWS answers them.
 */
import { AwsError } from "./errors";
import { xmlDocument, type XmlValue } from "./xml";

export type ServiceName = "iam" | "sts" | "ec2" | "rds" | "organizations";
export type ProtocolFamily = "query" | "ec2" | "json";

export const SERVICES: Record<ServiceName, { family: ProtocolFamily; xmlns?: string; version?: string; jsonTarget?: string }> = {
  iam: { family: "query", xmlns: "https://iam.amazonaws.com/doc/2010-05-08/", version: "2010-05-08" },
  sts: { family: "query", xmlns: "https://sts.amazonaws.com/doc/2011-06-15/", version: "2011-06-15" },
  rds: { family: "query", xmlns: "http://rds.amazonaws.com/doc/2014-10-31/", version: "2014-10-31" },
  ec2: { family: "ec2", xmlns: "http://ec2.amazonaws.com/doc/2016-11-15/", version: "2016-11-15" },
  organizations: { family: "json", jsonTarget: "AWSOrganizationsV20161128" },
};

export function isServiceName(value: string): value is ServiceName {
  return Object.hasOwn(SERVICES, value);
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function successResponse(service: ServiceName, action: string, result: unknown, requestId: string): WireResponse {
  const spec = SERVICES[service];
  if (spec.family === "json") {
    return {
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
      body: JSON.stringify(result ?? {}),
    };
  }
  if (spec.family === "ec2") {
    return {
      status: 200,
      headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId },
      body: xmlDocument(`${action}Response`, spec.xmlns, { requestId, ...(result as Record<string, XmlValue>) }),
    };
  }
  const children: Record<string, XmlValue> = {};
  if (result !== undefined) children[`${action}Result`] = result as XmlValue;
  children.ResponseMetadata = { RequestId: requestId };
  return {
    status: 200,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: xmlDocument(`${action}Response`, spec.xmlns, children),
  };
}

export function errorResponse(family: ProtocolFamily, error: AwsError, requestId: string, xmlns?: string): WireResponse {
  if (family === "json") {
    return {
      status: error.status,
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-requestid": requestId,
        "x-amzn-errortype": error.code,
      },
      body: JSON.stringify({ __type: error.code, message: error.message }),
    };
  }
  if (family === "ec2") {
    return {
      status: error.status,
      headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId },
      body: xmlDocument("Response", undefined, {
        Errors: { Error: { Code: error.code, Message: error.message } },
        RequestID: requestId,
      }),
    };
  }
  return {
    status: error.status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body: xmlDocument("ErrorResponse", xmlns, {
      Error: { Type: error.type, Code: error.code, Message: error.message },
      RequestId: requestId,
    }),
  };
}

const INVALID_TOKEN = "The security token included in the request is invalid.";
const BAD_SIGNATURE =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** Errors every service raises, in each protocol family's own codes and statuses. */
export const commonErrors = {
  missingAuthentication(family: ProtocolFamily): AwsError {
    if (family === "ec2") return new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
    if (family === "json") return new AwsError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
    return new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
  },
  unknownKey(family: ProtocolFamily): AwsError {
    if (family === "ec2") return new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
    if (family === "json") return new AwsError("UnrecognizedClientException", INVALID_TOKEN, 403);
    return new AwsError("InvalidClientTokenId", INVALID_TOKEN, 403);
  },
  badSignature(family: ProtocolFamily): AwsError {
    if (family === "ec2") return new AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401);
    if (family === "json") return new AwsError("InvalidSignatureException", BAD_SIGNATURE, 400);
    return new AwsError("SignatureDoesNotMatch", BAD_SIGNATURE, 403);
  },
  expiredToken(family: ProtocolFamily): AwsError {
    if (family === "ec2") return new AwsError("RequestExpired", "Request has expired.", 400);
    if (family === "json") return new AwsError("ExpiredTokenException", "The security token included in the request is expired", 400);
    return new AwsError("ExpiredToken", "The security token included in the request is expired", 400);
  },
  clockSkew(family: ProtocolFamily, message: string): AwsError {
    if (family === "ec2") return new AwsError("RequestExpired", "Request has expired.", 400);
    if (family === "json") return new AwsError("InvalidSignatureException", message, 400);
    return new AwsError("SignatureDoesNotMatch", message, 403);
  },
  throttling(family: ProtocolFamily): AwsError {
    if (family === "ec2") return new AwsError("RequestLimitExceeded", "Request limit exceeded.", 503);
    if (family === "json") return new AwsError("TooManyRequestsException", "Rate exceeded", 429);
    return new AwsError("Throttling", "Rate exceeded", 400);
  },
  unknownAction(family: ProtocolFamily, action: string, version?: string): AwsError {
    if (family === "json") return new AwsError("UnknownOperationException", `Unknown operation ${action}`, 400);
    if (family === "ec2") return new AwsError("InvalidAction", `The action ${action} is not valid for this web service.`, 400);
    return new AwsError("InvalidAction", `Could not find operation ${action} for version ${version ?? "?"}`, 400);
  },
  accessDenied(
    service: ServiceName,
    principalArn: string,
    action: string,
    resourceArn: string,
    explicit: boolean,
    resourcePolicy = false,
  ): AwsError {
    const reason = explicit
      ? "with an explicit deny in an identity-based policy"
      : `because no identity-based policy allows the ${action} action`;
    const onResource = resourceArn === "*" ? "" : ` on resource: ${resourceArn}`;
    if (service === "ec2") {
      return new AwsError("UnauthorizedOperation", `You are not authorized to perform this operation. User: ${principalArn} is not authorized to perform: ${action}${onResource} ${reason}`, 403);
    }
    if (service === "organizations") return new AwsError("AccessDeniedException", "You don't have permissions to access this resource.", 403);
    // AssumeRole failures (trust, external ID, permission) all read alike: AWS does not say which.
    if (resourcePolicy) return new AwsError("AccessDenied", `User: ${principalArn} is not authorized to perform: ${action}${onResource}`, 403);
    return new AwsError("AccessDenied", `User: ${principalArn} is not authorized to perform: ${action}${onResource} ${reason}`, 403);
  },
};
