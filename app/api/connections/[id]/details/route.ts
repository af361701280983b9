import { z } from "zod";
import { route } from "@/lib/actions/route";
import { recordAudit } from "@/lib/audit";
import { roleAllows } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { formatConnectionDetailsHtml, formatConnectionDetailsText, type ConnectionDetails } from "@/lib/setup/connection-details";
import { consumeDetailsGrant } from "@/lib/setup/connection-details-grant";
import { loadConnectionDetails } from "@/lib/setup/connection-details-load";

const formatSchema = z.enum(["json", "text", "html"]).catch("json");

function fileName(d: ConnectionDetails, ext: string): string {
  const slug = d.connection.connectionName.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "connection";
  return `beacon-connection-${slug}${d.secretsIncluded ? "-with-secrets" : ""}.${ext}`;
}

function respond(d: ConnectionDetails, format: "json" | "text" | "html"): Response {
  // Never cached anywhere: the file may hold secrets, and it must reflect the current settings.
  const headers: Record<string, string> = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer" };
  if (format === "html") {
    return new Response(formatConnectionDetailsHtml(d), { headers: { ...headers, "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'" } });
  }
  if (format === "text") {
    return new Response(formatConnectionDetailsText(d), { headers: { ...headers, "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName(d, "txt")}"` } });
  }
  return new Response(JSON.stringify(d, null, 2) + "\n", { headers: { ...headers, "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName(d, "json")}"` } });
}

async function audit(input: { userId: string; email: string; ip: string | null; connectionId: string; format: string; secretsIncluded: boolean }): Promise<void> {
  await recordAudit({
    action: "connection.details.download",
    actor: { id: input.userId, email: input.email },
    entityType: "Connection",
    entityId: input.connectionId,
    ip: input.ip,
    after: { format: input.format, secretsIncluded: input.secretsIncluded },
  });
}

/** The connection details without secrets (admins and reviewers; reviewers see the external ID masked). */
export const GET = route<{ id: string }>({ role: "reviewer" }, async (request, ctx) => {
  const format = formatSchema.parse(new URL(request.url).searchParams.get("format") ?? "json");
  const isAdmin = roleAllows(ctx.user.role, "admin");
  const details = await loadConnectionDetails({ connectionId: ctx.params.id, includeSecrets: false, maskExternalId: !isAdmin, generatedBy: ctx.user.email });
  await audit({ userId: ctx.user.userId, email: ctx.user.email, ip: ctx.ip, connectionId: ctx.params.id, format, secretsIncluded: false });
  return respond(details, format);
});

/** With secrets: administrators only, with a one-time grant obtained by re-entering their password. */
export const POST = route<{ id: string }>({ role: "admin" }, async (request, ctx) => {
  const form = await request.formData().catch(() => null);
  const grant = typeof form?.get("grant") === "string" ? String(form?.get("grant")) : "";
  const format = formatSchema.parse(form?.get("format") ?? "json");
  if (!grant || !(await consumeDetailsGrant(grant, { userId: ctx.user.userId, sessionId: ctx.user.sessionId, connectionId: ctx.params.id }))) {
    await recordAudit({ action: "connection.details.download.refused", actor: { id: ctx.user.userId, email: ctx.user.email }, entityType: "Connection", entityId: ctx.params.id, ip: ctx.ip, after: { format, reason: "missing, expired or used grant" } });
    throw new AppError("FORBIDDEN", "Re-enter your password to download the details with secrets (the permission lasts one minute and one download).");
  }
  const details = await loadConnectionDetails({ connectionId: ctx.params.id, includeSecrets: true, maskExternalId: false, generatedBy: ctx.user.email });
  await audit({ userId: ctx.user.userId, email: ctx.user.email, ip: ctx.ip, connectionId: ctx.params.id, format, secretsIncluded: details.secretsIncluded });
  return respond(details, format);
});
