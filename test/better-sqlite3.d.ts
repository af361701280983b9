// The slice of better-sqlite3's API that tests and e2e helpers use (the package ships no types and
// @types/better-sqlite3 would be one more dependency for three calls).
declare module "better-sqlite3" {
  interface Statement {
    run(...params: unknown[]): { changes: number };
    get(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
  }
  class Database {
    constructor(filename: string, options?: { readonly?: boolean; timeout?: number });
    exec(sql: string): this;
    prepare(sql: string): Statement;
    close(): void;
  }
  export default Database;
}
