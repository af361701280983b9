import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { SsoSignInForm } from "@/components/auth/sso-sign-in-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { isInstalled, verifySession } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { signInOptions } from "@/lib/auth/sign-in-options";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await isInstalled())) redirect("/setup");
  const params = await searchParams;
  const callback = typeof params.callbackUrl === "string" ? safeCallbackPath(params.callbackUrl) : undefined;
  if (await verifySession()) redirect(callback ?? "/");
  const options = signInOptions();
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-500">{options.sso ? `Use your ${options.sso.name} account${options.password === "everyone" ? ", or the account an administrator created for you" : ""}.` : "Use the account an administrator created for you."}</p>
      <div className="mt-6 space-y-4">
        {params.signedOut === "1" ? (
          <Notice tone="success" testId="signed-out-notice">
            You are signed out.
          </Notice>
        ) : null}
        {params.session === "ended" ? (
          <Notice tone="info" testId="session-ended-notice">
            Your session has ended. Please sign in again.
          </Notice>
        ) : null}
        {params.password === "set" ? <Notice tone="success" testId="password-set-notice">Your password is set. Sign in with it now.</Notice> : null}
        {/* next-auth's error page is this one (?error=<code>): a failed provider round trip (a tampered state, an expired or invalid ID token, the provider unreachable). The code is next-auth's own, never request text. */}
        {typeof params.error === "string" && options.sso ? (
          <Notice tone="error" testId="sso-failed" title="Single sign-on did not complete.">
            Nothing was signed in. Try again; if it keeps failing, ask an administrator to check the server log (event next-auth).
          </Notice>
        ) : null}
        {options.sso ? <SsoSignInForm providerName={options.sso.name} callbackUrl={callback} /> : null}
        {options.sso && options.password !== "off" ? <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p> : null}
        {options.password === "break-glass" ? <p className="text-sm text-slate-500" data-testid="break-glass-note">Password sign-in is turned off; only the break-glass administrator may use it.</p> : null}
        {options.password !== "off" ? <LoginForm callbackUrl={callback} /> : null}
      </div>
    </Card>
  );
}
