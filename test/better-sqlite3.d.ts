// The slice of better-sqlite3's API that tests, e2e helpers and lib/backup use (the package ships no types and
// @types/better-sqlite3 would be one more dependency for three calls).
declare module "better-sqlite3" {
  interface Statement {
    run(...params: unknown[]): { changes: number };
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  }
  class Database {
    constructor(filename: string, options?: { readonly?: boolean; timeout?: number; fileMustExist?: boolean });
    /** SQLite's online backup API (lib/backup): a consistent copy while others keep writing. */
    backup(destination: string): Promise<unknown>;
    exec(sql: string): this;
    prepare(sql: string): Statement;
    close(): void;
  }
  export default Database;
}
