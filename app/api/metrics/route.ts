import { handleMetricsRequest } from "@/lib/metrics/handle-metrics-request";

// Prometheus scrape endpoint: a bearer token from configuration (BEACONPORT_METRICS_TOKEN), never a session;
// 404 while the token is unset. The checks live in lib/metrics/authorize-scrape.ts.
export const GET = handleMetricsRequest;
