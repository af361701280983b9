import { notFound } from "next/navigation";
import { SetupWizard } from "@/components/setup/setup-wizard";
import { requireSession } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { loadSetupPage } from "@/lib/setup/load-setup-page";

export const metadata = { title: "Guided setup" };
// Live state: never serve a cached render of a run in progress.
export const dynamic = "force-dynamic";

export default async function SetupPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireSession("admin");
  const { id } = await params;
  const data = await loadSetupPage(id, user).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  return <SetupWizard connection={data.connection} context={data.context} canEdit={user.role === "admin"} />;
}
