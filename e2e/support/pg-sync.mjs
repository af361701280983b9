// The PostgreSQL side of e2e/support/db.ts: a worker thread holding one connection for the whole spec
// file, answered synchronously (the caller blocks on Atomics.wait until the reply is posted), so specs
// keep a synchronous database API on both providers without a child process per query.
// Message: {"statements": [{"sql", "params"}], "transaction": bool}; reply: {"ok": true, "out": [{"rows",
// "rowCount"}]} or {"ok": false, "error"}. `?` placeholders were already turned into `$n`. Values come
// back as SQLite gives them to the specs: int8 (COUNT) as numbers, booleans as 0/1, timestamps
// (Prisma's `timestamp(3)`, UTC without a zone) as ISO strings.
import { workerData } from "node:worker_threads";
import pg from "pg";

pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(16, (v) => (v === "t" ? 1 : 0));
pg.types.setTypeParser(1114, (v) => new Date(`${v.replace(" ", "T")}Z`).toISOString());

const { url, signal, port } = workerData;
const client = new pg.Client({ connectionString: url });
// A connection lost later (the harness stops the cluster after the run) fails the next query, not the process.
client.on("error", () => {});
const connected = client.connect();

async function run(statements, transaction) {
  await connected;
  const out = [];
  if (transaction) await client.query("BEGIN");
  try {
    for (const { sql, params } of statements) {
      const r = await client.query(sql, params);
      out.push({ rows: r.rows ?? [], rowCount: r.rowCount ?? 0 });
    }
    if (transaction) await client.query("COMMIT");
  } catch (error) {
    if (transaction) await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
  return out;
}

port.on("message", async ({ statements, transaction }) => {
  let reply;
  try {
    reply = { ok: true, out: await run(statements, transaction) };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  // The reply is queued on the port before the caller wakes and reads it with receiveMessageOnPort.
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
