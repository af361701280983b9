export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4" data-testid="loading">
      <div className="h-7 w-48 rounded bg-slate-200" />
      <div className="h-4 w-96 max-w-full rounded bg-slate-200" />
      <div className="h-40 rounded-xl bg-slate-200/70" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
