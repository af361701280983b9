"use client";
import { isStaleBuildError } from "@/components/shell/stale-build";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: 40 }}>
        {isStaleBuildError(error) ? (
          <div data-testid="stale-build">
            <h1>Beaconport was updated — reload</h1>
            <p>This page comes from the previous version. Reload to continue; nothing you saved is lost.</p>
          </div>
        ) : (
          <>
            <h1>Beaconport hit an unexpected error.</h1>
            <p>{error.digest ? `Reference ${error.digest}. ` : ""}Reload the page; if it keeps failing, check the server log for the reference.</p>
          </>
        )}
      </body>
    </html>
  );
}
