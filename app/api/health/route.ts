import { getDb } from "@/lib/db";

// Public liveness check for start scripts and load balancers: says nothing about users or data.
export async function GET() {
  try {
    await getDb().installation.count();
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "database unavailable" }, { status: 503 });
  }
}
