import { route } from "@/lib/actions/route";
import { getRun, runPollQuery } from "@/lib/runs";

/**
 * Live status of a run, polled by `useRun`. Any signed-in user may follow a run: events and results hold
 * no secrets and, by construction, no external ID (plans describe trust changes without the value).
 */
export const GET = route<{ id: string }>({ role: "reviewer" }, async (request, { params }) => {
  const { after } = runPollQuery(new URL(request.url).searchParams);
  const view = await getRun(params.id, { afterSeq: after });
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});
