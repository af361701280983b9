/** An AWS error or finding as the portal shows it everywhere: "Cause: …" then, when there is one, "Fix: …". */
export function CauseAndFix({ cause, fix, className }: { cause: React.ReactNode; fix?: React.ReactNode; className?: string }) {
  return (
    <>
      <p className={className}>
        <span className="font-semibold">Cause: </span>
        {cause}
      </p>
      {fix ? (
        <p className="mt-0.5">
          <span className="font-semibold">Fix: </span>
          {fix}
        </p>
      ) : null}
    </>
  );
}
