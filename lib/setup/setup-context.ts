import type { RunView } from "@/lib/runs/types";
import type { StepStatusInfo } from "./step-states";
import type { SetupStepKey } from "./steps";

/** What the wizard page knows beyond the connection: held credentials (never their values) and the latest runs. */
export interface SetupContext {
  credentials: { held: boolean; expiresAt: string | null; principalArn: string | null };
  runs: { plan: RunView | null; rollout: RunView | null; verify: RunView | null };
  states: Record<SetupStepKey, StepStatusInfo>;
}
