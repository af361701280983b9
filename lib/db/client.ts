/**
 * Creates a Prisma client for a database URL. Both generated clients come from the same models file,
 * so they have the same API; we type everything as the SQLite client and pick the class at run time.
 *
 * Not `server-only` so DB tests and CLIs can build clients for their own databases; the app goes
 * through lib/db/index.ts.
 */
import { PrismaClient as PgClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { appAdapter, providerOf } from "./adapters";

/** Secret columns hidden from every query unless a query asks with `omit: { column: false }`. */
export const SECRET_COLUMNS = {
  user: { passwordHash: true },
  passwordToken: { tokenHash: true },
  connection: { secretAccessKeySealed: true, proxyPasswordSealed: true, webhookSecretSealed: true },
} as const;

function create(url: string) {
  const adapter = appAdapter(url);
  if (providerOf(url) === "sqlite") return new SqliteClient({ adapter, omit: SECRET_COLUMNS });
  // Same models, same generated API: the cast only reconciles two structurally identical class types.
  return new PgClient({ adapter, omit: SECRET_COLUMNS }) as unknown as SqliteClient<never, typeof SECRET_COLUMNS>;
}

export type Db = ReturnType<typeof create>;
/** The client inside `db.$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/** Either the client or a transaction: domain functions accept both so callers can compose them. */
export type DbOrTx = Db | Tx;

export function createDbClient(url: string): Db {
  return create(url);
}
