/**
 * A throwaway CA and a server certificate for localhost/127.0.0.1, made at start. The CA goes
 * to a temp file so clients can trust it (`NODE_EXTRA_CA_CERTS`, an https.Agent `ca`).
 * EC keys: generating them takes milliseconds, which keeps start-up well under a second.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generate } from "selfsigned";

export interface SandboxTls {
  key: string;
  cert: string;
  caCert: string;
  caFile: string;
}

export async function createTls(): Promise<SandboxTls> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const notAfterDate = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: "commonName", value: "Beaconport AWS Sandbox CA" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
        ],
      },
    ],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "beaconport-sandbox-"));
  const caFile = path.join(dir, "ca.pem");
  writeFileSync(caFile, ca.cert, { mode: 0o644 });
  return { key: server.private, cert: server.cert, caCert: ca.cert, caFile };
}
