/** The console clicks for a step, numbered like the procedure's sub-steps. */
export function ConsoleSteps({ step, lines }: { step: number; lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <div data-testid={`console-steps-${step}`}>
      <h3 className="text-sm font-semibold text-slate-900">In the AWS console</h3>
      <ol className="mt-2 space-y-1.5 text-sm text-slate-700">
        {lines.map((line, i) => (
          <li key={i} className="flex gap-2">
            <span className="w-8 shrink-0 font-mono text-xs leading-5 text-slate-500">
              {step}.{i + 1}
            </span>
            <span className="min-w-0 [overflow-wrap:anywhere]">{line}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
