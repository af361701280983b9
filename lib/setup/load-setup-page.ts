import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { getRun, latestRunId } from "@/lib/runs";
import type { RunView } from "@/lib/runs/types";
import type { SetupContext } from "./setup-context";
import { getConnectionView } from "@/lib/connections/repository";
import { sessionCredentialsStatus } from "@/lib/connections/session-credentials";
import { computeStepStates } from "./step-states";
import { SETUP_RUN_KINDS } from "./run-kinds";
import type { ConnectionView } from "@/lib/connections/types";

async function latest(connectionId: string, kind: string): Promise<RunView | null> {
  const id = await latestRunId(connectionId, kind);
  return id ? getRun(id) : null;
}

/** Everything the wizard page renders, as plain data. */
export async function loadSetupPage(connectionId: string, user: SessionUser): Promise<{ connection: ConnectionView; context: SetupContext }> {
  const connection = await getConnectionView(connectionId, user);
  const [plan, rollout, verify, credentials] = await Promise.all([
    latest(connectionId, SETUP_RUN_KINDS.plan.id),
    latest(connectionId, SETUP_RUN_KINDS.rollout.id),
    latest(connectionId, SETUP_RUN_KINDS.verify.id),
    sessionCredentialsStatus(user.sessionId, connectionId),
  ]);
  const runs = { plan, rollout, verify };
  return { connection, context: { credentials, runs, states: computeStepStates(connection, runs) } };
}
