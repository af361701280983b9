import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireSession } from "@/lib/auth/session";

export const metadata = { title: "New connection" };

const STEPS = [
  "Sign in to the IAM console of the home account.",
  "Create the inventory policy (EC2, IAM, RDS read access) in each target account.",
  "Create the read-roles policy in the home account, naming each role ARN exactly.",
  "Create the role in each target account, trusting the home account (optional external ID).",
  "Repeat steps 2 and 4 for every target account.",
  "Create the collector user in the home account and attach the read-roles policy.",
  "Confirm the beacon's AWS import schedule (every 30 minutes recommended).",
  "Configure and test the connection in FlexNet Beacon (Direct adapter, optional proxy).",
];

export default async function NewConnectionPage() {
  await requireSession("admin");
  return (
    <>
      <PageHeader title="New connection" description="The guided setup follows the eight steps of the IAM-roles procedure." />
      <Card>
        <CardHeader title="What the guided setup will do" description="Each step is planned, applied and verified against AWS; you review every change first." />
        <ol className="divide-y divide-slate-100" data-testid="procedure-steps">
          {STEPS.map((step, i) => (
            <li key={step} className="flex gap-4 px-5 py-3 text-sm">
              <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700">{i + 1}</span>
              <span className="text-slate-700">{step}</span>
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}
