import { SetPasswordForm } from "@/components/auth/set-password-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { findSetPasswordToken } from "@/lib/users/set-password-with-token";

export const metadata = { title: "Set your password", referrer: "no-referrer" };

export default async function SetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const target = await findSetPasswordToken(token);
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold text-slate-900">Set your password</h1>
      {target ? (
        <>
          <p className="mt-1 text-sm text-slate-500">
            For <span className="font-medium text-slate-700" data-testid="set-password-email">{target.email}</span>. The link works once.
          </p>
          <div className="mt-6">
            <SetPasswordForm token={token} email={target.email} />
          </div>
        </>
      ) : (
        <div className="mt-4">
          <Notice tone="error" testId="set-password-invalid" title="This link is invalid, expired or already used.">
            Ask an administrator for a new one.
          </Notice>
        </div>
      )}
    </Card>
  );
}
