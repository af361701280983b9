/**
 * Step 8's form (the beacon's connection dialog) as a zod schema, shared by the server actions and the
 * form. Pure: no `server-only`, no database.
 */
import { z } from "zod";
import { LONG_TERM_ACCESS_KEY_ID_PATTERN } from "./credentials-schema";
import { checkProxyServer, connectionNameSchema, externalIdSchema } from "@/lib/model";

/** `seal()` purposes: a value sealed for one cannot be unsealed as the other. */
export const COLLECTOR_SECRET_PURPOSE = "connection-secret";
export const PROXY_PASSWORD_PURPOSE = "proxy-password";

const ACCESS_KEY_RULE = "An access key ID starts with AKIA followed by capital letters and digits (from the credentials .csv of step 6), e.g. AKIAIOSFODNN7EXAMPLE.";

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const checkbox = z
  .union([z.boolean(), z.string()])
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");

export const connectionSettingsSchema = z
  .object({
    connectionId: z.string().min(1),
    connectionName: connectionNameSchema,
    accessKeyId: z.string({ error: ACCESS_KEY_RULE }).trim().pipe(z.string().regex(LONG_TERM_ACCESS_KEY_ID_PATTERN, { error: ACCESS_KEY_RULE })),
    /** Empty: keep the stored (sealed) secret. */
    secretAccessKey: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()))
      .pipe(z.string().regex(/^[A-Za-z0-9/+=]{40}$/, { error: "A secret access key is 40 characters of letters, digits, / and +." }).optional()),
    externalId: optionalText.pipe(externalIdSchema.optional()),
    useProxy: checkbox,
    proxyServer: optionalText,
    proxyUsername: optionalText.pipe(z.string().max(256).regex(/^[^\s:]*$/, { error: "A proxy username must not contain spaces or colons." }).optional()),
    /** Empty: keep the stored (sealed) password, unless `clearProxyPassword`. */
    proxyPassword: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v === "" ? undefined : v))
      .pipe(z.string().max(256, { error: "A proxy password is at most 256 characters." }).optional()),
    clearProxyPassword: checkbox,
  })
  .superRefine((s, ctx) => {
    if (!s.useProxy) return;
    if (!s.proxyServer) {
      ctx.addIssue({ code: "custom", path: ["proxyServer"], message: "Enter the proxy server (Use proxy is ticked), e.g. http://proxy.example.com:3128 or 10.0.0.5:3128." });
      return;
    }
    const checked = checkProxyServer(s.proxyServer);
    if (!checked.ok) ctx.addIssue({ code: "custom", path: ["proxyServer"], message: checked.message });
    if (s.proxyPassword !== undefined && s.proxyUsername === undefined) {
      ctx.addIssue({ code: "custom", path: ["proxyUsername"], message: "A proxy password needs a username; fill in both or neither." });
    }
  })
  .transform((s) => ({
    ...s,
    // The procedure's normalization (no scheme: http; no port: 80 or 443), shown back to the admin.
    proxyServer: s.useProxy && s.proxyServer ? (checkProxyServer(s.proxyServer) as { ok: true; value: string }).value : undefined,
  }));

export type ConnectionSettingsInput = z.input<typeof connectionSettingsSchema>;
export type ConnectionSettings = z.output<typeof connectionSettingsSchema>;
