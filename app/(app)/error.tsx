"use client";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { isStaleBuildError, StaleBuildNotice } from "@/components/shell/stale-build";

// Only the digest reaches the browser; the server log has the details under the same id.
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  if (isStaleBuildError(error)) {
    return (
      <div className="mx-auto max-w-xl py-10">
        <StaleBuildNotice />
      </div>
    );
  }
  return (
    <div className="mx-auto max-w-xl space-y-4 py-10" data-testid="error-page">
      <Notice tone="error" title="Something failed while loading this page.">
        {error.digest ? <span>Reference {error.digest}. </span> : null}Try again; if it keeps failing, tell an administrator the reference.
      </Notice>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
