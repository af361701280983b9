"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { action } from "@/lib/actions/action";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit";
import { env } from "@/lib/env";
import { authenticate, loginSchema } from "@/lib/auth/authenticate";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, DEVICE_COOKIE_NAME } from "@/lib/auth/device-cookie";
import { OIDC_PROVIDER_ID, signIn, signOut } from "@/lib/auth/next-auth";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { isInstalled, readSessionToken } from "@/lib/auth/session";
import { endSession } from "@/lib/auth/sessions";
import { forgetSessionCredentials } from "@/lib/connections/session-credentials";

export const loginAction = action(
  { schema: loginSchema.extend({ callbackUrl: z.string().optional() }), role: "public" },
  async (input, ctx) => {
    if (!(await isInstalled())) redirect("/setup");
    const jar = await cookies();
    const user = await authenticate({ email: input.email, password: input.password, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent, deviceToken: jar.get(DEVICE_COOKIE_NAME)?.value });
    jar.set(DEVICE_COOKIE_NAME, user.deviceToken, { httpOnly: true, sameSite: "lax", path: "/", maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS, secure: env().publicOrigin?.protocol === "https:" });
    await signIn("credentials", { sessionToken: user.sessionToken, redirect: false });
    redirect(safeCallbackPath(input.callbackUrl));
  },
);

/** "Sign in with <provider>": next-auth sets the PKCE, state and nonce cookies and sends the browser to the provider. */
export const ssoSignInAction = action({ schema: z.object({ callbackUrl: z.string().optional() }), role: "public" }, async (input) => {
  if (!env().oidc) throw new AppError("NOT_FOUND", "Single sign-on is not configured.");
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackPath(input.callbackUrl) });
});

export const signOutAction = action({ schema: z.object({}), role: "public" }, async (_input, ctx) => {
  await endSession(await readSessionToken());
  // AWS credentials pasted in the guided setup die with the portal session.
  await forgetSessionCredentials();
  if (ctx.user) await recordAudit({ action: "auth.logout", actor: { id: ctx.user.userId, email: ctx.user.email }, entityType: "User", entityId: ctx.user.userId, ip: ctx.meta.ip });
  await signOut({ redirect: false });
  // The query only picks the login page's message; the page reads nothing else from it.
  redirect("/login?signedOut=1");
});
