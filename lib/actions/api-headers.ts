import "server-only";
import { env } from "@/lib/env";
import { isSecureRequest } from "@/lib/request-origin";
import { apiSecurityHeaders, withDefaultHeaders } from "@/lib/security-headers";

/** The security headers an API response lacks (its own win): every route handler's answer passes here. */
export function withApiSecurityHeaders(request: Request, response: Response): Response {
  return withDefaultHeaders(response, apiSecurityHeaders(isSecureRequest(request.headers, env().publicOrigin)));
}

/** For handlers outside `route()` (health, next-auth's endpoints). */
export function withApiHeaders<Q extends Request, A extends unknown[]>(handler: (request: Q, ...rest: A) => Promise<Response> | Response) {
  return async (request: Q, ...rest: A): Promise<Response> => withApiSecurityHeaders(request, await handler(request, ...rest));
}
