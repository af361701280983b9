import { describe, expect, it } from "vitest";
import { connectionSettingsSchema } from "./settings";

const base = { connectionId: "c1", connectionName: "AWS inventory (Direct)", accessKeyId: "AKIAABCDEFGHIJKLMNOP" };

function errors(input: Record<string, unknown>): Record<string, string[]> {
  const r = connectionSettingsSchema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[String(i.path[0])] ??= []).push(i.message);
  return out;
}

describe("connectionSettingsSchema", () => {
  it("normalizes the proxy server as the procedure says and keeps blanks as 'unchanged'", () => {
    const s = connectionSettingsSchema.parse({ ...base, useProxy: "on", proxyServer: "10.0.0.5:3128", proxyUsername: "", proxyPassword: "", secretAccessKey: "" });
    expect(s.proxyServer).toBe("http://10.0.0.5:3128");
    expect(s.secretAccessKey).toBeUndefined();
    expect(s.proxyPassword).toBeUndefined();
    expect(connectionSettingsSchema.parse({ ...base, useProxy: "on", proxyServer: "https://proxy.corp" }).proxyServer).toBe("https://proxy.corp:443");
  });

  it("ignores the proxy fields when Use proxy is not ticked", () => {
    const s = connectionSettingsSchema.parse({ ...base, proxyServer: "ftp://nope" });
    expect(s.useProxy).toBe(false);
    expect(s.proxyServer).toBeUndefined();
  });

  it("puts each problem on its own field", () => {
    const e = errors({ ...base, accessKeyId: "abc", secretAccessKey: "short", externalId: "has space", useProxy: "on", proxyServer: "socks5://x:1" });
    expect(e.accessKeyId?.[0]).toMatch(/AKIA/);
    expect(e.secretAccessKey?.[0]).toMatch(/40 characters/);
    expect(e.externalId?.[0]).toMatch(/external ID/);
    expect(e.proxyServer?.[0]).toMatch(/socks5/);
  });

  it("asks for a proxy server when Use proxy is ticked, and a username with a password", () => {
    expect(errors({ ...base, useProxy: "on" }).proxyServer?.[0]).toMatch(/Enter the proxy server/);
    expect(errors({ ...base, useProxy: "on", proxyServer: "proxy:8080", proxyPassword: "pw" }).proxyUsername?.[0]).toMatch(/needs a username/);
  });
});
