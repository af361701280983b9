/**
 * The secrets the database keeps sealed with the data-encryption key (lib/crypto), with the purpose each
 * was sealed for and what an operator does to enter it again when the key is lost. Pure data: the backup
 * scripts read it, and backup-secrets.test.ts keeps it in step with lib/db's SECRET_COLUMNS.
 */
export interface StoredSecretKind {
  /** The Connection column holding the sealed value. */
  column: "secretAccessKeySealed" | "proxyPasswordSealed" | "webhookSecretSealed";
  /** The purpose it was sealed for (lib/connections/settings.ts, lib/notify/deliver-webhook.ts). */
  purpose: string;
  /** What it is, for people. */
  label: string;
  /** How to enter it again; `<id>` is the connection's id. */
  reenter: string;
}

export const STORED_SECRETS: readonly StoredSecretKind[] = [
  {
    column: "secretAccessKeySealed",
    purpose: "connection-secret",
    label: "the collector's secret access key",
    reenter:
      "Connections → the connection → Manage → \"Rotate the collector's access key\" (creates and stores a new key; needs temporary administrator credentials of the home account), " +
      "or paste the existing secret from the collector's credentials .csv in step 8 of /connections/<id>/setup, then Test connection and Save",
  },
  {
    column: "proxyPasswordSealed",
    purpose: "proxy-password",
    label: "the proxy password",
    reenter: "open /connections/<id>/setup, step 8 → Use Proxy → Proxy Password: type it again, then Test connection and Save",
  },
  {
    column: "webhookSecretSealed",
    purpose: "webhook-secret",
    label: "the webhook signing secret",
    reenter: "Connections → the connection → Manage → Notifications: enter the signing secret again (the receiver must check the same one) and Save",
  },
];

/** One sealed value in a database: which connection, which secret. Never the value. */
export interface StoredSecretRef {
  connectionId: string;
  connectionName: string;
  column: StoredSecretKind["column"];
}

export function secretKindOf(column: StoredSecretRef["column"]): StoredSecretKind {
  return STORED_SECRETS.find((k) => k.column === column)!;
}

/** "Connection "Prod" (id abc): the proxy password — open /connections/abc/setup, ..." */
export function describeUnusableSecret(ref: StoredSecretRef): string {
  const kind = secretKindOf(ref.column);
  return `connection "${ref.connectionName}" (id ${ref.connectionId}): ${kind.label} — ${kind.reenter.replaceAll("<id>", ref.connectionId)}`;
}
