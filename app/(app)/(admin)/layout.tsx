import { requireSession } from "@/lib/auth/session";

/**
 * Administrator-only pages live in this group. The check sits in a layout above the loading boundary,
 * so a reviewer gets a real 403 status (a check inside a streamed page can no longer change it).
 * Each page still calls requireSession("admin") itself.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requireSession("admin");
  return children;
}
