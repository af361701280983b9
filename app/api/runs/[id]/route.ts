import { z } from "zod";
import { route } from "@/lib/actions/route";
import { externalIdMasker } from "@/lib/dashboard/mask-for-viewer";
import { getRun } from "@/lib/runs";

const query = z.object({ after: z.coerce.number().int().min(0).default(0) });

/**
 * Live status of a run, polled by `useRun`. Any signed-in user may follow a run: events hold no secrets,
 * and reviewers get external IDs masked (a plan's trust policy names it).
 */
export const GET = route<{ id: string }>({ role: "reviewer" }, async (request, { params, user }) => {
  const { after } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const view = (await externalIdMasker(user))(await getRun(params.id, { afterSeq: after }));
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});
