import { NextRequest } from "next/server";
import { withApiHeaders } from "@/lib/actions/api-headers";
import { handlers } from "@/lib/auth/next-auth";
import { env } from "@/lib/env";
import { urlAsAddressed } from "@/lib/request-origin";

// next-auth sees the origin the browser used (lib/request-origin.ts: the SSO redirect_uri must match the sign-in action's).
const asAddressed = (request: NextRequest) => new NextRequest(urlAsAddressed(request.url, request.headers, env().publicOrigin), request);

export const GET = withApiHeaders((request: NextRequest) => handlers.GET(asAddressed(request)));
export const POST = withApiHeaders((request: NextRequest) => handlers.POST(asAddressed(request)));
