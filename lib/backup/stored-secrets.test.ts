import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SECRET_COLUMNS } from "@/lib/db/client";
import { describeUnusableSecret, STORED_SECRETS } from "./stored-secrets";

const ROOT = path.resolve(import.meta.dirname, "../..");

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated" && entry.name !== "backup") yield* sources(full);
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) yield full;
  }
}

describe("the backup's list of sealed secrets", () => {
  it("covers every sealed column the database hides", () => {
    const sealed = Object.keys(SECRET_COLUMNS.connection).filter((c) => c.endsWith("Sealed")).sort();
    expect(STORED_SECRETS.map((s) => s.column).sort()).toEqual(sealed);
  });

  it("uses the purposes the portal seals them with (a renamed purpose would make every restore report them unusable)", () => {
    const text = [...sources(path.join(ROOT, "lib"))].map((f) => fs.readFileSync(f, "utf8")).join("\n");
    for (const s of STORED_SECRETS) expect(text, s.purpose).toMatch(new RegExp(`_PURPOSE = "${s.purpose}"`));
  });

  it("says which connection, which secret and where to enter it again, with the connection's id filled in", () => {
    expect(describeUnusableSecret({ connectionId: "c1", connectionName: "Prod", column: "proxyPasswordSealed" })).toBe(
      'connection "Prod" (id c1): the proxy password — open /connections/c1/setup, step 8 → Use Proxy → Proxy Password: type it again, then Test connection and Save',
    );
  });
});
