"use client";
import { useRouter } from "next/navigation";
import { createContext, useContext, useEffect, useRef } from "react";
import { useRun, type RunState } from "@/components/runs/use-run";
import { isActive, type RunView } from "@/lib/runs/types";

interface SetupRunsValue {
  plan: RunState;
  rollout: RunState;
  verify: RunState;
}

const Ctx = createContext<SetupRunsValue | null>(null);

/** Follows the plan, rollout and verify runs once for the whole page; every step card reads from here. */
export function SetupRunsProvider({ initial, children }: { initial: { plan: RunView | null; rollout: RunView | null; verify: RunView | null }; children: React.ReactNode }) {
  const plan = useRun(initial.plan?.id ?? null, initial.plan);
  const rollout = useRun(initial.rollout?.id ?? null, initial.rollout);
  const verify = useRun(initial.verify?.id ?? null, initial.verify);
  useRefreshWhenFinished([plan.run, rollout.run, verify.run]);
  return <Ctx.Provider value={{ plan, rollout, verify }}>{children}</Ctx.Provider>;
}

export function useSetupRuns(): SetupRunsValue {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSetupRuns outside SetupRunsProvider");
  return v;
}

/** When a run goes from active to finished, the server's view of the steps changed: re-render it. */
function useRefreshWhenFinished(runs: (RunView | null)[]) {
  const router = useRouter();
  const seen = useRef(new Map<string, boolean>());
  useEffect(() => {
    let refresh = false;
    for (const run of runs) {
      if (!run) continue;
      const wasActive = seen.current.get(run.id);
      const active = isActive(run.status);
      if (wasActive === true && !active) refresh = true;
      seen.current.set(run.id, active);
    }
    if (refresh) router.refresh();
  });
}
