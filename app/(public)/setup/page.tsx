import { notFound } from "next/navigation";
import { SetupForm } from "@/components/auth/setup-form";
import { Card } from "@/components/ui/card";
import { isInstalled } from "@/lib/auth/session";

export const metadata = { title: "Create the first administrator" };

export default async function SetupPage() {
  // One-time screen: gone for good once the first administrator exists (the action refuses too).
  if (await isInstalled()) notFound();
  return (
    <Card className="p-6 sm:p-8">
      <h1 className="text-xl font-semibold text-slate-900">Create the first administrator</h1>
      <p className="mt-1 text-sm text-slate-500">Beaconport has no users yet. This account can add other administrators and reviewers. This screen is shown only once.</p>
      <div className="mt-6">
        <SetupForm />
      </div>
    </Card>
  );
}
