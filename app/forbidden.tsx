import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <div className="flex min-h-[60vh] flex-col items-center justify-center px-6 text-center" data-testid="forbidden">
      <p className="text-sm font-semibold text-red-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not allowed</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">Your role does not allow this page. Reviewers can see connections, health and the audit trail; an administrator can change things.</p>
      <Link href="/" className={buttonClass("secondary") + " mt-6"}>
        Back to the dashboard
      </Link>
    </div>
  );
}
