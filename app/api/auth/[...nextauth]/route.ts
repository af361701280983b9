import { withApiHeaders } from "@/lib/actions/api-headers";
import { handlers } from "@/lib/auth/next-auth";

export const GET = withApiHeaders(handlers.GET);
export const POST = withApiHeaders(handlers.POST);
