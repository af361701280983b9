// A worker thread relaying e2e/support/seed.ts's synchronous requests to the long-lived seed server
// (seed-server.ts, a child process): the spec side posts a request and blocks on Atomics.wait; the reply
// is queued on the port before the spec side is woken. The child ends when its stdin closes, i.e. when
// this process does.
import { spawn } from "node:child_process";
import readline from "node:readline";
import { workerData } from "node:worker_threads";

const { command, args, cwd, env, signal, port, prefix } = workerData;
const child = spawn(command, args, { cwd, env, stdio: ["pipe", "pipe", "inherit"] });

function reply(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

readline.createInterface({ input: child.stdout }).on("line", (line) => {
  if (line.startsWith(prefix)) reply(JSON.parse(line.slice(prefix.length)));
});
child.on("exit", (code, sig) => reply({ id: -1, ok: false, error: `the seed server ended (${sig ?? code})` }));
port.on("message", (request) => child.stdin.write(`${JSON.stringify(request)}\n`));
