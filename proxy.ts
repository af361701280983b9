import { NextResponse, type NextRequest } from "next/server";

/**
 * Optimistic only: sends visitors without a session cookie to the sign-in page before any rendering.
 * It proves nothing: every page, action and route handler re-checks the session against the database.
 */
const PUBLIC = [/^\/login(\/|$)/, /^\/setup(\/|$)/, /^\/set-password(\/|$)/, /^\/api\/auth(\/|$)/, /^\/api\/health$/];
const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((re) => re.test(pathname))) return NextResponse.next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401 });
  }
  const url = request.nextUrl.clone();
  url.pathname = "/login";
  url.search = "";
  if (pathname !== "/") url.searchParams.set("callbackUrl", pathname + search);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but static assets; server actions POST to page paths and are covered too.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
