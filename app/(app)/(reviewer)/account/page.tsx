import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/users/change-password-form";
import { ROLE_LABEL } from "@/lib/auth/roles";
import { requireSession } from "@/lib/auth/session";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireSession("reviewer", { allowPasswordChangeDue: true });
  return (
    <>
      <PageHeader title="Account" description="Your profile and password." />
      <div className="grid gap-6 lg:grid-cols-[1fr_1.4fr]">
        <Card>
          <CardHeader title="Profile" />
          <dl className="space-y-3 p-5 text-sm">
            <div><dt className="text-slate-500">Name</dt><dd className="font-medium text-slate-900">{user.name}</dd></div>
            <div><dt className="text-slate-500">Email</dt><dd className="font-medium text-slate-900" data-testid="account-email">{user.email}</dd></div>
            <div><dt className="text-slate-500">Role</dt><dd className="mt-0.5"><Badge tone={user.role === "admin" ? "blue" : "slate"}>{ROLE_LABEL[user.role]}</Badge></dd></div>
          </dl>
        </Card>
        <Card>
          <CardHeader title="Change password" />
          {user.mustChangePassword ? (
            <div className="px-5 pt-5">
              <Notice tone="warning" testId="password-change-required" title="Choose your own password to continue.">
                You signed in with a one-time password; other pages open once you have changed it.
              </Notice>
            </div>
          ) : null}
          <ChangePasswordForm />
        </Card>
      </div>
    </>
  );
}
