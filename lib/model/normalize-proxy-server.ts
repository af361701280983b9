import { ADDRESS_CLASS_WORDS, classAllowed, classifyHostLiteral } from "@/lib/net/address-class";

export type ProxyServerResult = { ok: true; value: string } | { ok: false; message: string };

const ALLOWED =
  "a proxy address like https://proxy.example.com:8443, http://proxy.example.com:3128, proxy.example.com or 10.0.0.5:3128";

/**
 * Normalizes the beacon's "Proxy Server" field exactly as procedure step 8.4 describes it:
 * no scheme means `http://`; no port means 80 for http and 443 for https; a bare
 * `IPAddress:PortNumber` is accepted. The result is always `scheme://host:port`.
 */
export function checkProxyServer(input: string): ProxyServerResult {
  const raw = input.trim();
  if (raw === "") return { ok: false, message: `Proxy server is empty; enter ${ALLOWED}.` };
  if (/\s/.test(raw)) return { ok: false, message: `Proxy server must not contain spaces; enter ${ALLOWED}.` };
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== "http" && scheme !== "https") {
    return { ok: false, message: `Proxy server scheme "${scheme}" is not supported; only http:// and https:// are (or none, meaning http://).` };
  }
  const explicitPort = /:(\d+)\/?$/.exec(raw)?.[1];
  if (explicitPort !== undefined && (Number(explicitPort) < 1 || Number(explicitPort) > 65535)) {
    return { ok: false, message: "Proxy server port must be between 1 and 65535." };
  }
  let url: URL;
  try {
    url = new URL(scheme === undefined ? `http://${raw}` : raw);
  } catch {
    return { ok: false, message: `Proxy server is not a valid address; enter ${ALLOWED}.` };
  }
  // Credentials typed into the address would end up in logs and screenshots; they have their own fields.
  if (url.username !== "" || url.password !== "") {
    return { ok: false, message: "Proxy server must not contain a user name or password; use the Username and Password fields." };
  }
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "") {
    return { ok: false, message: `Proxy server must be an address only, without a path, query or fragment; enter ${ALLOWED}.` };
  }
  if (url.hostname === "") return { ok: false, message: `Proxy server has no host name; enter ${ALLOWED}.` };
  // Private and loopback addresses are where proxies live; link-local, metadata and unspecified ones are
  // never a proxy (the portal would send AWS credentials to the instance metadata service).
  const cls = classifyHostLiteral(url.hostname);
  if (cls !== null && !classAllowed(cls, "proxy")) {
    return { ok: false, message: `Proxy server must not be a ${ADDRESS_CLASS_WORDS[cls]}; enter the proxy's own address, ${ALLOWED}.` };
  }
  // URL drops a port equal to the scheme's default, which is exactly the procedure's default.
  const port = url.port !== "" ? url.port : url.protocol === "https:" ? "443" : "80";
  return { ok: true, value: `${url.protocol}//${url.hostname}:${port}` };
}

/** Like `checkProxyServer`, throwing an `Error` whose message says what is allowed. */
export function normalizeProxyServer(input: string): string {
  const result = checkProxyServer(input);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}
