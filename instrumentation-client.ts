import { z } from "zod";

/**
 * Runs in the browser before the app's code (https://nextjs.org/docs/app/api-reference/file-conventions/instrumentation-client).
 * zod compiles object parsers with `new Function` when eval is allowed, and probes for it when a schema
 * is defined: under the CSP (no 'unsafe-eval', lib/security-headers.ts) that probe is a reported
 * violation even though zod catches it. Jitless mode never probes.
 */
z.config({ jitless: true });
