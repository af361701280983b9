/**
 * e2e helper (7B specs): marks a seeded connection "saved" and links it to the "AWS imports" schedule,
 * as step 8's Save does, without driving the wizard. Refuses any database outside the e2e temp dir.
 * Run: tsx --conditions=react-server scripts/e2e-save-connection.ts '{"databaseUrl","dataDir","connectionId"}'
 */
import { assertE2eDatabaseUrl } from "../e2e/support/e2e-database";

const job = JSON.parse(process.argv[2] ?? "{}") as { databaseUrl: string; dataDir: string; connectionId: string };
if (!job.dataDir?.includes("bp-e2e-")) throw new Error("e2e-save-connection refuses a data dir outside the e2e temp dir");
assertE2eDatabaseUrl(job.databaseUrl ?? "", job.dataDir);
process.env.BEACONPORT_DATA_DIR = job.dataDir;
process.env.DATABASE_URL = job.databaseUrl;
const { getDb } = await import("@/lib/db");
const { linkConnectionToSchedule } = await import("@/lib/setup/schedule");
const db = getDb();
await db.connection.update({ where: { id: job.connectionId }, data: { status: "saved", savedAt: new Date(), lastTestStatus: "passed", lastTestAt: new Date() } });
await linkConnectionToSchedule({ connectionId: job.connectionId, db });
await db.$disconnect();
process.stdout.write(JSON.stringify({ ok: true }) + "\n");
export {};
