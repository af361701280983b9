/**
 * The portal's HTTP server: Next.js's documented custom server (`next({ dir, dev: false })` and its
 * request handler), so the app can learn the socket's peer address, which `next start` hides behind a
 * client-supplied X-Forwarded-For. Every request's `x-beaconport-peer` header is deleted and set from
 * the socket; lib/auth/client-ip.ts believes it only in a process this script marked.
 *
 *   node scripts/server.mjs <app dir> <host> <port>
 *
 * Plain JavaScript run by node (not tsx), so nothing but Next hooks module loading.
 */
import http from "node:http";
import next from "next";

const [dir = process.cwd(), hostname = "127.0.0.1", portText = "3000"] = process.argv.slice(2);
const port = Number(portText);
// `next start` sets this; the custom server must too, before Next loads the build.
process.env.NODE_ENV = "production";

const app = next({ dir, dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
globalThis[Symbol.for("beaconport.peer-header")] = true;

const server = http.createServer((req, res) => {
  // Node joins repeated headers into one value; deleting first means no client value survives.
  delete req.headers["x-beaconport-peer"];
  req.headers["x-beaconport-peer"] = req.socket.remoteAddress ?? "";
  handle(req, res).catch((error) => {
    console.error("[beaconport] request failed", error instanceof Error ? error.name : "error");
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.listen(port, hostname, () => console.log(`[beaconport] ready on http://${hostname}:${port}`));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
}
