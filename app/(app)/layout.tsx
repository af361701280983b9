import { StatusBanner } from "@/components/notify/status-banner";
import { AppShell } from "@/components/shell/app-shell";
import { requireSession } from "@/lib/auth/session";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // Layouts are not re-run on every client navigation: each page checks its own role as well.
  const user = await requireSession("reviewer", { allowPasswordChangeDue: true });
  return (
    <AppShell user={{ name: user.name, email: user.email, role: user.role }}>
      <StatusBanner />
      {children}
    </AppShell>
  );
}
