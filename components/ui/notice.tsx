import { cn } from "./cn";

const TONES = {
  error: "bg-red-50 text-red-800 ring-red-200",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  info: "bg-brand-50 text-brand-700 ring-brand-100",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
} as const;

/** A message box. Not role="alert": Next's route announcer already has that role (tests use test ids). */
export function Notice({ tone, title, children, testId }: { tone: keyof typeof TONES; title?: string; children?: React.ReactNode; testId?: string }) {
  return (
    <div data-testid={testId} role="status" className={cn("rounded-lg px-4 py-3 text-sm ring-1 ring-inset", TONES[tone])}>
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? <div className={title ? "mt-1" : undefined}>{children}</div> : null}
    </div>
  );
}
