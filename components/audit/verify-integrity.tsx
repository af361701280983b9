"use client";
import Link from "next/link";
import { useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

type Verdict = { ok: true; count: number } | { ok: false; brokenAt: { id: string; seq: number }; reason: string };
type State = { kind: "idle" } | { kind: "checking" } | { kind: "done"; verdict: Verdict; at: string } | { kind: "error"; message: string };

/** Re-computes the whole hash chain on demand (it reads every event, so not on every page view). */
const noopSubscribe = () => () => {};

export function VerifyIntegrity() {
  const [state, setState] = useState<State>({ kind: "idle" });
  // False in the server render, true once hydrated (tests wait for it before clicking).
  const hydrated = useSyncExternalStore(noopSubscribe, () => true, () => false);
  async function verify() {
    setState({ kind: "checking" });
    try {
      const res = await fetch("/api/audit/verify", { cache: "no-store" });
      if (!res.ok) throw new Error(`The check could not run (HTTP ${res.status}).`);
      setState({ kind: "done", verdict: (await res.json()) as Verdict, at: new Date().toISOString() });
    } catch (error) {
      setState({ kind: "error", message: error instanceof Error ? error.message : "The check could not run." });
    }
  }
  return (
    <div className="space-y-3">
      <Button type="button" variant="secondary" onClick={verify} disabled={state.kind === "checking"} data-hydrated={hydrated} data-testid="audit-verify">
        {state.kind === "checking" ? "Verifying…" : "Verify integrity"}
      </Button>
      {state.kind === "done" && state.verdict.ok ? (
        <Notice tone="success" title="The chain is intact" testId="audit-verify-ok">
          All <span data-testid="audit-verify-count">{state.verdict.count}</span> events link to the one before them and match their hashes.
        </Notice>
      ) : null}
      {state.kind === "done" && !state.verdict.ok ? (
        <Notice tone="error" title="The chain is broken" testId="audit-verify-broken">
          <p>
            First broken link: event <span className="font-mono" data-testid="audit-broken-seq">#{state.verdict.brokenAt.seq}</span> (id{" "}
            <span className="font-mono" data-testid="audit-broken-id">{state.verdict.brokenAt.id}</span>): <span data-testid="audit-broken-reason">{state.verdict.reason}</span>.
          </p>
          <p className="mt-1">
            Events from there on can no longer be trusted. <Link href={`/audit?seq=${state.verdict.brokenAt.seq}`} className="font-medium underline" data-testid="audit-broken-link">Show that event</Link>
          </p>
        </Notice>
      ) : null}
      {state.kind === "error" ? <Notice tone="error" testId="audit-verify-error">{state.message}</Notice> : null}
    </div>
  );
}
