import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { clientIpFrom } from "@/lib/auth/client-ip";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { ip: clientIpFrom(h), userAgent: h.get("user-agent") };
}

/** The request's headers, or null outside a request (a script or test calling an action directly). */
export async function requestHeaders(): Promise<Headers | null> {
  try {
    return await headers();
  } catch (error) {
    unstable_rethrow(error);
    return null;
  }
}
