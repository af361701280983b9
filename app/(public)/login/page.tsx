import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { isInstalled, verifySession } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await isInstalled())) redirect("/setup");
  const params = await searchParams;
  const callback = typeof params.callbackUrl === "string" ? safeCallbackPath(params.callbackUrl) : undefined;
  if (await verifySession()) redirect(callback ?? "/");
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-500">Use the account an administrator created for you.</p>
      <div className="mt-6 space-y-4">
        {params.signedOut === "1" ? (
          <Notice tone="success" testId="signed-out-notice">
            You are signed out.
          </Notice>
        ) : null}
        {params.password === "set" ? <Notice tone="success" testId="password-set-notice">Your password is set. Sign in with it now.</Notice> : null}
        <LoginForm callbackUrl={callback} />
      </div>
    </Card>
  );
}
