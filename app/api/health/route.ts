import { withApiHeaders } from "@/lib/actions/api-headers";
import { servedDeploymentId } from "@/lib/build-info";
import { getDb } from "@/lib/db";
import { deploymentWarnings } from "@/lib/request-origin";

// Public liveness check for start scripts and load balancers: says nothing about users or data. `build`
// tells an operator rolling out a new version which build each instance serves; `warnings` names proxy
// misconfigurations seen at run time (e.g. a missing X-Forwarded-Proto).
export const GET = withApiHeaders(async () => {
  const build = servedDeploymentId();
  const warnings = deploymentWarnings();
  try {
    await getDb().installation.count();
    return Response.json({ status: "ok", build, warnings }, { headers: { "cache-control": "no-store" } });
  } catch {
    return Response.json({ status: "database unavailable", build, warnings }, { status: 503, headers: { "cache-control": "no-store" } });
  }
});
