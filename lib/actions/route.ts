import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { verifySession, type SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { AppError, httpStatusOf, toPublicError } from "@/lib/errors";
import { logUnexpected, requestIdFrom, withLogContext } from "@/lib/log";
import { admit, isAuditedDenial } from "./admit";
import { withApiSecurityHeaders } from "./api-headers";
import { auditOutcome } from "./audit-outcome";

export interface RouteContext<P> {
  user: SessionUser;
  ip: string | null;
  params: P;
}

/**
 * The route-handler twin of `action()`: the same session rules (lib/actions/admit.ts: role, and no API
 * while an initial password is still to be changed), JSON errors with the right
 * HTTP status (401, 403, 400, ...), and never an unknown error's message.
 *
 *   export const GET = route({ role: "reviewer" }, async (req, ctx) => Response.json(...));
 */
export function route<P = Record<string, string>>(
  options: {
    role: Role;
    body?: z.ZodType;
    /** For routes that change something: refusals and failures are audited as `<name>.refused` / `.failed`. */
    name?: string;
  },
  handler: (request: Request, ctx: RouteContext<P>) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return (request, context) => withLogContext({ requestId: requestIdFrom(request.headers) }, () => handle(request, context));
  async function handle(request: Request, context: { params: Promise<P> }): Promise<Response> {
    let user: SessionUser | null = null;
    let params: P | undefined;
    const ip = clientIpFrom(request.headers);
    try {
      user = await verifySession();
      const admitted = await admit(user, {
        role: options.role,
        attempted: `${request.method} ${new URL(request.url).pathname}`,
        ip,
        unauthenticated: () => new AppError("UNAUTHENTICATED", "Sign in first."),
      });
      params = await context.params;
      return withApiSecurityHeaders(request, await handler(request, { user: admitted, ip, params }));
    } catch (error) {
      unstable_rethrow(error);
      const pub = toPublicError(error, logUnexpected);
      if (options.name && !isAuditedDenial(error)) {
        await auditOutcome({ verb: options.name, actor: user ? { id: user.userId, email: user.email } : null, ip, input: params, error, shown: pub });
      }
      return withApiSecurityHeaders(request, Response.json({ error: pub }, { status: httpStatusOf(pub.code) }));
    }
  }
}
