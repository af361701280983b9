import "server-only";
import fs from "node:fs";
import path from "node:path";

let cached: string | null | undefined;

/** The deployment id of the build this process serves (`npm run build` records it), for the health probe. */
export function servedDeploymentId(): string | null {
  if (cached !== undefined) return cached;
  try {
    const info = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next", "beaconport-build.json"), "utf8")) as { deploymentId?: unknown };
    cached = typeof info.deploymentId === "string" ? info.deploymentId : null;
  } catch {
    cached = null;
  }
  return cached;
}
