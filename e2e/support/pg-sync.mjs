// Runs SQL statements against PostgreSQL for e2e/support/db.ts, which calls it with spawnSync so specs
// keep a synchronous database API on both providers. stdin: {"url", "statements": [{"sql", "params"}],
// "transaction": bool}; stdout: [{"rows", "rowCount"}] as JSON. `?` placeholders were already turned
// into `$n`. Values come back as SQLite gives them to the specs: int8 (COUNT) as numbers, booleans as
// 0/1, timestamps (Prisma's `timestamp(3)`, UTC without a zone) as ISO strings.
import pg from "pg";

pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(16, (v) => (v === "t" ? 1 : 0));
pg.types.setTypeParser(1114, (v) => new Date(`${v.replace(" ", "T")}Z`).toISOString());

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { url, statements, transaction } = JSON.parse(input);
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
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
  process.stdout.write(JSON.stringify(out));
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
} finally {
  await client.end();
}
