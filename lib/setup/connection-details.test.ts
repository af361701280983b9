import { describe, expect, it } from "vitest";
import { buildConnectionDetails, CONNECTION_DETAILS_FORMAT, formatConnectionDetailsHtml, formatConnectionDetailsText, maskValue, type ConnectionDetailsInput } from "./connection-details";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const input: ConnectionDetailsInput = {
  connectionName: "Prod <AWS> & co",
  status: "saved",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: SECRET,
  secretAccessKeyStored: true,
  externalId: "fnms-ext-0123456789",
  maskExternalId: false,
  proxy: { server: "http://proxy.corp:3128", username: "beacon", password: "proxy-pw-1", passwordStored: true },
  schedule: { name: "AWS imports", intervalMinutes: 30, nextRunAt: "2026-01-01T12:30:00.000Z" },
  lastTest: { status: "passed", at: "2026-01-01T12:00:00.000Z" },
  accounts: [{ accountId: "222222222222", roleArn: "arn:aws:iam::222222222222:role/ListEC2ForFNMSRole" }],
  includeSecrets: true,
  generatedAt: new Date("2026-01-01T12:01:00Z"),
  generatedBy: "admin@example.com",
};

describe("connection details", () => {
  it("carries every field of the beacon dialog, with secrets only when asked", () => {
    const d = buildConnectionDetails(input);
    expect(d.format).toBe(CONNECTION_DETAILS_FORMAT);
    expect(d.secretsIncluded).toBe(true);
    expect(d.connection).toMatchObject({ connectionName: "Prod <AWS> & co", sourceType: "Amazon Web Services", adapterType: "Direct", accessKey: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: SECRET, externalId: "fnms-ext-0123456789" });
    expect(d.proxy).toEqual({ useProxy: true, proxyServer: "http://proxy.corp:3128", username: "beacon", password: "proxy-pw-1", passwordStored: true });
    expect(d.schedule?.name).toBe("AWS imports");

    const without = buildConnectionDetails({ ...input, includeSecrets: false });
    expect(without.secretsIncluded).toBe(false);
    expect(JSON.stringify(without)).not.toContain(SECRET);
    expect(JSON.stringify(without)).not.toContain("proxy-pw-1");
    expect(without.connection.secretAccessKeyStored).toBe(true);
    expect(formatConnectionDetailsText(without)).toMatch(/Secret Access Key: +\(stored in Beaconport; not included/);
  });

  it("masks the external ID for reviewers", () => {
    const d = buildConnectionDetails({ ...input, includeSecrets: false, maskExternalId: true });
    expect(d.connection.externalId).not.toContain("0123456789");
    expect(d.connection.externalId).toBe(maskValue("fnms-ext-0123456789"));
    expect(d.connection.externalIdMasked).toBe(true);
  });

  it("prints the dialog's labels in text and escapes HTML", () => {
    const d = buildConnectionDetails(input);
    const text = formatConnectionDetailsText(d);
    for (const label of ["Connection Name:", "Source Type:", "Adapter Type:", "Access Key:", "Secret Access Key:", "External ID:", "Use Proxy:", "Proxy Server:", "Username:", "Password:", "Schedule:"]) expect(text).toContain(label);
    expect(text).toContain(`Secret Access Key: ${SECRET}`);
    expect(text).toMatch(/CONTAINS SECRETS/);
    const html = formatConnectionDetailsHtml(d);
    expect(html).toContain("Prod &lt;AWS&gt; &amp; co");
    expect(html).not.toContain("Prod <AWS>");
    expect(html).toContain("@media print");
  });

  it("says 'none' for an absent proxy and external ID", () => {
    const d = buildConnectionDetails({ ...input, proxy: null, externalId: null });
    expect(d.proxy.useProxy).toBe(false);
    const text = formatConnectionDetailsText(d);
    expect(text).toMatch(/Use Proxy: +No/);
    expect(text).toMatch(/External ID: +\(none\)/);
  });
});
