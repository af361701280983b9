import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { NewConnectionForm } from "@/components/setup/new-connection-form";
import { requireSession } from "@/lib/auth/session";
import { SETUP_STEPS } from "@/lib/setup/steps";

export const metadata = { title: "New AWS connection" };

export default async function NewConnectionPage() {
  await requireSession("admin");
  return (
    <>
      <PageHeader title="New AWS connection" description="The guided setup follows the eight numbered steps of the IAM-roles procedure of the FlexNet Beacon documentation." />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Start" description="A draft connection is created; nothing changes in AWS until you have seen the plan." />
          <NewConnectionForm />
        </Card>
        <Card>
          <CardHeader title="What the guided setup will do" />
          <ol className="divide-y divide-slate-100" data-testid="procedure-steps">
            {SETUP_STEPS.map((step) => (
              <li key={step.key} className="flex gap-4 px-5 py-3 text-sm">
                <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700">{step.number}</span>
                <span>
                  <span className="font-medium text-slate-900">{step.title}</span>
                  <span className="mt-0.5 block text-slate-600">{step.what}</span>
                </span>
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
