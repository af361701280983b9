/**
 * The beacon connection details file: every field of FlexNet Beacon's connection dialog (procedure
 * step 8.3 and 8.4) plus the schedule (step 7), as documented JSON (docs/connection-details.md) and
 * as printable text / HTML. Pure: builds documents from plain values, no database, no secrets of its
 * own (the caller decides whether secrets are included).
 */
import { maskExternalId } from "@/lib/model/mask-external-id";

export const CONNECTION_DETAILS_FORMAT = "beaconport.connection-details/v1";

export interface ConnectionDetailsInput {
  connectionName: string;
  status: string;
  accessKeyId: string | null;
  /** Plaintext only when the caller may include it; otherwise null. */
  secretAccessKey: string | null;
  secretAccessKeyStored: boolean;
  externalId: string | null;
  /** Show the external ID only partly (reviewers). */
  maskExternalId: boolean;
  proxy: { server: string; username: string | null; password: string | null; passwordStored: boolean } | null;
  schedule: { name: string; intervalMinutes: number; nextRunAt: string | null } | null;
  lastTest: { status: string | null; at: string | null };
  accounts: { accountId: string; roleArn: string }[];
  includeSecrets: boolean;
  generatedAt: Date;
  generatedBy: string;
}

export interface ConnectionDetails {
  format: typeof CONNECTION_DETAILS_FORMAT;
  generatedAt: string;
  generatedBy: string;
  /** True when `secretAccessKey` and `proxy.password` carry the real values. */
  secretsIncluded: boolean;
  connection: {
    connectionName: string;
    sourceType: "Amazon Web Services";
    adapterType: "Direct";
    accessKey: string | null;
    secretAccessKey: string | null;
    secretAccessKeyStored: boolean;
    externalId: string | null;
    externalIdMasked: boolean;
  };
  proxy: {
    useProxy: boolean;
    proxyServer: string | null;
    username: string | null;
    password: string | null;
    passwordStored: boolean;
  };
  schedule: { name: string; intervalMinutes: number; nextRunAt: string | null } | null;
  status: { connection: string; lastTest: string | null; lastTestAt: string | null };
  accounts: { accountId: string; roleArn: string }[];
}

/**
 * The reviewers' mask of an external ID, the same as everywhere else (`ab••••yz`, at most four characters
 * shown): enough to compare with what is typed in the beacon, not enough to reuse.
 */
export function maskValue(value: string): string {
  return maskExternalId(value) ?? "••••";
}

export function buildConnectionDetails(input: ConnectionDetailsInput): ConnectionDetails {
  const secrets = input.includeSecrets;
  return {
    format: CONNECTION_DETAILS_FORMAT,
    generatedAt: input.generatedAt.toISOString(),
    generatedBy: input.generatedBy,
    secretsIncluded: secrets && (input.secretAccessKey !== null || input.proxy?.password != null),
    connection: {
      connectionName: input.connectionName,
      sourceType: "Amazon Web Services",
      adapterType: "Direct",
      accessKey: input.accessKeyId,
      secretAccessKey: secrets ? input.secretAccessKey : null,
      secretAccessKeyStored: input.secretAccessKeyStored,
      externalId: input.externalId === null ? null : input.maskExternalId ? maskValue(input.externalId) : input.externalId,
      externalIdMasked: input.externalId !== null && input.maskExternalId,
    },
    proxy: {
      useProxy: input.proxy !== null,
      proxyServer: input.proxy?.server ?? null,
      username: input.proxy?.username ?? null,
      password: secrets ? (input.proxy?.password ?? null) : null,
      passwordStored: input.proxy?.passwordStored ?? false,
    },
    schedule: input.schedule,
    status: { connection: input.status, lastTest: input.lastTest.status, lastTestAt: input.lastTest.at },
    accounts: input.accounts,
  };
}

function secretLine(value: string | null, stored: boolean): string {
  if (value !== null) return value;
  return stored ? "(stored in Beaconport; not included: an administrator re-enters their password to include it)" : "(not set)";
}

/** The beacon dialog's fields, in its order, as label/value rows (text and HTML forms share them). */
export function detailsRows(d: ConnectionDetails): { section: string; rows: [string, string][] }[] {
  return [
    {
      section: "Connection (Inventory Systems > New > PowerShell)",
      rows: [
        ["Connection Name", d.connection.connectionName],
        ["Source Type", d.connection.sourceType],
        ["Adapter Type", d.connection.adapterType],
        ["Access Key", d.connection.accessKey ?? "(not set)"],
        ["Secret Access Key", secretLine(d.connection.secretAccessKey, d.connection.secretAccessKeyStored)],
        ["External ID", d.connection.externalId ?? "(none)"],
      ],
    },
    {
      section: "Proxy",
      rows: [
        ["Use Proxy", d.proxy.useProxy ? "Yes" : "No"],
        ["Proxy Server", d.proxy.proxyServer ?? "(none)"],
        ["Username", d.proxy.username ?? "(none)"],
        ["Password", d.proxy.useProxy ? secretLine(d.proxy.password, d.proxy.passwordStored) : "(none)"],
      ],
    },
    {
      section: "Schedule (Data collection > Scheduling)",
      rows: d.schedule
        ? [
            ["Schedule", d.schedule.name],
            ["Interval", `every ${d.schedule.intervalMinutes} minutes`],
            ["Next run", d.schedule.nextRunAt ?? "(not due until the connection is saved)"],
          ]
        : [["Schedule", "(none)"]],
    },
    {
      section: "Status",
      rows: [
        ["Connection", d.status.connection],
        ["Last test", d.status.lastTest ? `${d.status.lastTest}${d.status.lastTestAt ? ` at ${d.status.lastTestAt}` : ""}` : "(never tested)"],
        ["Accounts", d.accounts.length ? d.accounts.map((a) => `${a.accountId} (${a.roleArn})`).join("; ") : "(none)"],
      ],
    },
  ];
}

export function formatConnectionDetailsText(d: ConnectionDetails): string {
  const width = 18;
  const lines = [`FlexNet Beacon connection details: ${d.connection.connectionName}`, `Generated ${d.generatedAt} by ${d.generatedBy}${d.secretsIncluded ? " (CONTAINS SECRETS: store securely, delete after use)" : ""}`, ""];
  for (const s of detailsRows(d)) {
    lines.push(s.section, "-".repeat(s.section.length));
    for (const [label, value] of s.rows) lines.push(`${`${label}:`.padEnd(width)} ${value}`);
    lines.push("");
  }
  lines.push("Enter these in FlexNet Beacon, click Test Connection, then Save (procedure step 8).");
  return lines.join("\n") + "\n";
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** A standalone page that prints well (no app chrome, black on white, one table per section). */
export function formatConnectionDetailsHtml(d: ConnectionDetails): string {
  const sections = detailsRows(d)
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.section)}</h2><table>${s.rows.map(([l, v]) => `<tr><th scope="row">${escapeHtml(l)}</th><td>${escapeHtml(v)}</td></tr>`).join("")}</table></section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Connection details: ${escapeHtml(d.connection.connectionName)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#0f172a;margin:2rem auto;max-width:48rem;padding:0 1rem}
h1{font-size:1.35rem;margin:0 0 .25rem}p.meta{color:#475569;margin:0 0 1.5rem}
h2{font-size:1rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #cbd5e1;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%}th{text-align:left;width:11rem;font-weight:600;vertical-align:top;padding:.3rem .75rem .3rem 0}
td{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all;padding:.3rem 0}
.warn{border:1px solid #b45309;background:#fffbeb;padding:.5rem .75rem;border-radius:.375rem}
.noprint{margin-top:2rem}@media print{.noprint{display:none}body{margin:0}}
</style></head><body>
<h1>FlexNet Beacon connection details</h1>
<p class="meta">${escapeHtml(d.connection.connectionName)} · generated ${escapeHtml(d.generatedAt)} by ${escapeHtml(d.generatedBy)}</p>
${d.secretsIncluded ? '<p class="warn">This page contains secrets. Print or copy them into the beacon, then close it; do not save it unencrypted.</p>' : ""}
${sections}
<p>Enter these in FlexNet Beacon, click <strong>Test Connection</strong>, then <strong>Save</strong> (procedure step 8).</p>
<p class="noprint"><button onclick="window.print()">Print</button></p>
</body></html>
`;
}
