import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { verifySession, type SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { AppError, httpStatusOf, toPublicError } from "@/lib/errors";
import { logUnexpected } from "@/lib/log";
import { admit } from "./admit";

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
  options: { role: Role; body?: z.ZodType },
  handler: (request: Request, ctx: RouteContext<P>) => Promise<Response>,
): (request: Request, context: { params: Promise<P> }) => Promise<Response> {
  return async (request, context) => {
    try {
      const ip = clientIpFrom(request.headers);
      const user = await admit(await verifySession(), {
        role: options.role,
        attempted: `${request.method} ${new URL(request.url).pathname}`,
        ip,
        unauthenticated: () => new AppError("UNAUTHENTICATED", "Sign in first."),
      });
      return await handler(request, { user, ip, params: await context.params });
    } catch (error) {
      unstable_rethrow(error);
      const pub = toPublicError(error, logUnexpected);
      return Response.json({ error: pub }, { status: httpStatusOf(pub.code) });
    }
  };
}
