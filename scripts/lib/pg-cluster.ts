/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp folder, listen on a free loopback port
 * (and a socket in the same folder), hand back a superuser URL, and remove everything on stop.
 * Installs Debian's postgresql with apt when initdb/pg_ctl are missing (CI machines start without it).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface PgCluster {
  url: string;
  stop(): void;
}

export function findPgBin(): string | null {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && fs.existsSync(path.join(dir, "pg_ctl")) && fs.existsSync(path.join(dir, "initdb"))) return dir;
  }
  const base = "/usr/lib/postgresql";
  if (fs.existsSync(base)) {
    const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const dir = path.join(base, v, "bin");
      if (fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
    }
  }
  return null;
}

export function ensurePostgresInstalled(log: (line: string) => void): string {
  const found = findPgBin();
  if (found) return found;
  log("PostgreSQL (initdb/pg_ctl) not found: installing Debian's postgresql with apt-get (needs root) ...");
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "postgresql"]]) {
    const r = spawnSync("apt-get", args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed; install postgresql by hand and retry`);
  }
  const dir = findPgBin();
  if (!dir) throw new Error("postgresql installed but pg_ctl was not found under /usr/lib/postgresql");
  return dir;
}

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPgCluster(log: (line: string) => void): Promise<PgCluster> {
  const bin = ensurePostgresInstalled(log);
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-pg-"));
  fs.chmodSync(dir, 0o755);
  const dataDir = path.join(dir, "data");
  fs.mkdirSync(dataDir, { mode: 0o700 });
  // PostgreSQL refuses to run as root: as root, run its tools as the `postgres` user apt created.
  const asPg = (cmd: string, args: string[]) => {
    if (isRoot) {
      execFileSync("chown", ["-R", "postgres:postgres", dir]);
      return spawnSync("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { encoding: "utf8" });
    }
    return spawnSync(path.join(bin, cmd), args, { encoding: "utf8" });
  };
  const stop = () => {
    asPg("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const init = asPg("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const port = await freePort();
    const start = asPg("pg_ctl", [
      "-D", dataDir, "-l", path.join(dir, "server.log"), "-w", "-t", "60",
      "-o", `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`,
      "start",
    ]);
    if (start.status !== 0) {
      const serverLog = fs.existsSync(path.join(dir, "server.log")) ? fs.readFileSync(path.join(dir, "server.log"), "utf8") : "";
      throw new Error(`pg_ctl start failed: ${start.stderr}\n${serverLog}`);
    }
    return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A new, empty database `<prefix>_<random>` in the cluster at `clusterUrl`; answers its URL. */
export async function createPgDatabase(clusterUrl: string, prefix: string): Promise<string> {
  if (!/^[a-z][a-z0-9_]*$/.test(prefix)) throw new Error(`invalid database name prefix: ${prefix}`);
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const { default: pg } = await import("pg");
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(clusterUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
