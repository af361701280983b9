"use client";

export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: 40 }}>
        <h1>Beaconport hit an unexpected error.</h1>
        <p>{error.digest ? `Reference ${error.digest}. ` : ""}Reload the page; if it keeps failing, check the server log for the reference.</p>
      </body>
    </html>
  );
}
