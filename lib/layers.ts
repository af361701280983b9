/**
 * The layers of lib/, bottom-up: the one statement of who may import whom (lib/layers.test.ts keeps it
 * true; the README's "Layers" rule points here). A folder of lib/ (or a file at its root) may import
 * from its own layer and from any layer below, never from a layer above; and whatever the layers, the
 * folders never import each other in a circle. Tests may import anything (they set up whole journeys).
 * Pure data: nothing in the portal imports this file.
 */
export interface Layer {
  name: string;
  /** Folders of lib/, or files at its root without ".ts". */
  members: string[];
}

export const LAYERS: Layer[] = [
  { name: "foundation", members: ["env", "errors", "log", "crypto", "db", "net", "instance", "build-info", "request-origin", "security-headers"] },
  { name: "domain (pure)", members: ["model", "policies", "lint", "artefacts"] },
  { name: "aws", members: ["aws"] },
  { name: "platform", members: ["audit", "auth", "actions", "runs"] },
  { name: "shared features", members: ["connections", "drift"] },
  { name: "features", members: ["setup", "operate", "schedule", "dashboard", "users", "notify", "metrics", "backup"] },
  { name: "start-up", members: ["server-start"] },
];

/** Imports that break the layers on purpose, each with the reason. Keep this list short. */
export const LAYER_EXCEPTIONS: { from: string; to: string; why: string }[] = [
  { from: "lib/env.ts", to: "lib/aws/endpoints.ts", why: "the SDK's AWS_ENDPOINT_URL conventions as plain functions: the environment's schema reads them, the AWS door applies them" },
  { from: "lib/env.ts", to: "lib/net/address-class.ts", why: "pure host classification the allow-list variables are validated with; lib/net's request helper reads env in turn" },
  { from: "lib/aws/clients.ts", to: "lib/metrics/process-metrics.ts", why: "the AWS door counts its calls and throttles into the process's Prometheus counters (prom-client only; the metrics route reads them)" },
];

/** Portal code (app/, components/, lib/) never imports these. */
export const NEVER_IMPORTED_BY_THE_PORTAL = ["sandbox/", "e2e/", "bench/", "scripts/"];
