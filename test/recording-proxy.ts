import http from "node:http";
import type { AddressInfo } from "node:net";
import { createProxy } from "proxy";

/** `Proxy-Authorization: Basic …` for a user and password, as a client sends it. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/**
 * A forwarding proxy that records every Proxy-Authorization it is sent (the secret-destination tests
 * prove a password stored for one proxy never reaches another). `required`: the one authorization it
 * accepts; null: it takes anyone.
 */
export function recordingProxy(required: string | null) {
  const seen: (string | undefined)[] = [];
  const server = createProxy(http.createServer());
  server.authenticate = (req) => {
    seen.push(req.headers["proxy-authorization"]);
    return required === null || req.headers["proxy-authorization"] === required;
  };
  return { server, seen, address: () => `127.0.0.1:${(server.address() as AddressInfo).port}` };
}
