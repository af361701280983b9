export default function Loading() {
  return (
    <div className="space-y-3" aria-busy="true" data-testid="setup-loading">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-20 animate-pulse rounded-xl bg-white ring-1 ring-slate-200" />
      ))}
    </div>
  );
}
