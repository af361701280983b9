import type { NextRequest } from "next/server";
import { withApiHeaders } from "@/lib/actions/api-headers";
import { handlers } from "@/lib/auth/next-auth";
import { env } from "@/lib/env";
import { urlAsAddressed } from "@/lib/request-origin";

/**
 * next-auth sees the origin the browser used (lib/request-origin.ts): the SSO redirect_uri of the token
 * request must equal the sign-in action's. A plain Request, because NextRequest turns 127.0.0.1 back into
 * "localhost".
 */
async function asAddressed(request: NextRequest): Promise<NextRequest> {
  const url = urlAsAddressed(request.url, request.headers, env().publicOrigin);
  if (url === request.url) return request;
  const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return new Request(url, { method: request.method, headers: request.headers, body }) as NextRequest;
}

export const GET = withApiHeaders(async (request: NextRequest) => handlers.GET(await asAddressed(request)));
export const POST = withApiHeaders(async (request: NextRequest) => handlers.POST(await asAddressed(request)));
