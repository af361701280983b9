"use client";
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef, useState } from "react";
import { useRun, type RunState } from "@/components/runs/use-run";
import { isActive, type RunView } from "@/lib/runs/types";

interface SetupRunsValue {
  plan: RunState;
  rollout: RunState;
  verify: RunState;
}

const Ctx = createContext<SetupRunsValue | null>(null);

/** Follows the plan, rollout and verify runs once for the whole page; every step card reads from here. */
const EMPTY: RunState = { run: null, events: [], pollError: null };

function stateOf(initial: RunView | null): RunState {
  return initial ? { run: initial, events: initial.events, pollError: null } : EMPTY;
}

/**
 * Follows one run. Mounted once per run id (by key): useRun keeps its position in the event stream
 * across renders, so a new run must start with a fresh follower.
 */
function Follow({ initial, onState }: { initial: RunView | null; onState: (s: RunState) => void }) {
  const { run, events, pollError } = useRun(initial?.id ?? null, initial);
  // Keyed on the parts, not the wrapper: a hook may hand out a fresh wrapper object on every render,
  // and passing that up would re-render the provider, and this, for ever.
  useEffect(() => onState({ run, events, pollError }), [run, events, pollError, onState]);
  return null;
}

export function SetupRunsProvider({ initial, children }: { initial: { plan: RunView | null; rollout: RunView | null; verify: RunView | null }; children: React.ReactNode }) {
  const [plan, setPlan] = useState<RunState>(() => stateOf(initial.plan));
  const [rollout, setRollout] = useState<RunState>(() => stateOf(initial.rollout));
  const [verify, setVerify] = useState<RunState>(() => stateOf(initial.verify));
  // A newer run rendered by the server replaces the followed one at once (before its first poll).
  const current = (s: RunState, server: RunView | null): RunState => (server && s.run?.id !== server.id ? stateOf(server) : s);
  const value = { plan: current(plan, initial.plan), rollout: current(rollout, initial.rollout), verify: current(verify, initial.verify) };
  useRefreshWhenFinished([initial.plan, initial.rollout, initial.verify], [value.plan.run, value.rollout.run, value.verify.run]);
  return (
    <Ctx.Provider value={value}>
      <Follow key={`plan-${initial.plan?.id ?? "none"}`} initial={initial.plan} onState={setPlan} />
      <Follow key={`rollout-${initial.rollout?.id ?? "none"}`} initial={initial.rollout} onState={setRollout} />
      <Follow key={`verify-${initial.verify?.id ?? "none"}`} initial={initial.verify} onState={setVerify} />
      {children}
    </Ctx.Provider>
  );
}

export function useSetupRuns(): SetupRunsValue {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSetupRuns outside SetupRunsProvider");
  return v;
}

/**
 * When a run the server rendered as active has finished, the server's view of the steps changed:
 * re-render it (once per run; a short run may finish before the first poll, so compare with what
 * the server showed rather than with what this browser saw).
 */
function useRefreshWhenFinished(rendered: (RunView | null)[], live: (RunView | null)[]) {
  const router = useRouter();
  const refreshed = useRef(new Set<string>());
  useEffect(() => {
    let refresh = false;
    rendered.forEach((server, i) => {
      const client = live[i];
      if (!server || !client || server.id !== client.id) return;
      if (isActive(server.status) && !isActive(client.status) && !refreshed.current.has(client.id)) {
        refreshed.current.add(client.id);
        refresh = true;
      }
    });
    if (refresh) router.refresh();
  });
}
