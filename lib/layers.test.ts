import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LAYER_EXCEPTIONS, LAYERS, NEVER_IMPORTED_BY_THE_PORTAL } from "./layers";

const ROOT = path.resolve(import.meta.dirname, "..");
const SKIP = new Set(["generated", "node_modules", "__golden__", "test-support"]);

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith(".d.ts")) yield full;
  }
}

/** Repository-relative module paths (without extension) a file imports from the repository. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom|^import|\bimport\s*\()\s*["']([^"']+)["']/gm)) {
    const spec = m[1]!;
    if (spec.startsWith("@/")) out.push(spec.slice(2));
    else if (spec.startsWith(".")) out.push(path.relative(ROOT, path.resolve(path.dirname(file), spec)));
  }
  return out;
}

/** The layer member a lib/ module belongs to: its folder, or its file name at lib/'s root. */
function memberOf(modulePath: string): string | null {
  const parts = modulePath.split(/[\\/]/);
  if (parts[0] !== "lib" || parts.length < 2) return null;
  return parts.length === 2 ? parts[1]!.replace(/\.tsx?$/, "") : parts[1]!;
}

const rank = new Map(LAYERS.flatMap((layer, i) => layer.members.map((m) => [m, i] as const)));
const strip = (p: string) => p.replace(/\.tsx?$/, "");
const excepted = (from: string, to: string) => LAYER_EXCEPTIONS.some((e) => strip(e.from) === strip(from) && [strip(e.to), strip(e.to).replace(/\/index$/, "")].includes(strip(to)));

const libFiles = [...sourceFiles(path.join(ROOT, "lib"))].map((f) => ({ file: path.relative(ROOT, f), imports: importsOf(f) }));

describe("the layers of lib/ (lib/layers.ts)", () => {
  it("name every folder of lib/ in exactly one layer", () => {
    const members = new Set(libFiles.map((f) => memberOf(f.file)).filter((m): m is string => m !== null && m !== "layers"));
    expect([...members].filter((m) => !rank.has(m)).sort()).toEqual([]);
    const all = LAYERS.flatMap((l) => l.members);
    expect(all.length).toBe(new Set(all).size);
  });

  it("never import a layer above their own", () => {
    const upward: string[] = [];
    for (const { file, imports } of libFiles) {
      const from = memberOf(file)!;
      for (const target of imports) {
        const to = memberOf(target);
        if (to === null || to === from || excepted(file, target)) continue;
        if ((rank.get(to) ?? -1) > (rank.get(from) ?? -1)) upward.push(`${file} -> ${target} (${LAYERS[rank.get(from)!]?.name} imports ${LAYERS[rank.get(to)!]?.name})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("never import each other in a circle", () => {
    const edges = new Map<string, Set<string>>();
    for (const { file, imports } of libFiles) {
      const from = memberOf(file)!;
      for (const target of imports) {
        const to = memberOf(target);
        if (to === null || to === from || excepted(file, target)) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "open") {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(" -> "));
        return;
      }
      state.set(node, "open");
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, "done");
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it("keep lib/ free of routes and UI, and the portal free of the sandbox and tools", () => {
    const portal = [...libFiles, ...["app", "components"].flatMap((d) => [...sourceFiles(path.join(ROOT, d))].map((f) => ({ file: path.relative(ROOT, f), imports: importsOf(f) })))];
    const offenders = portal.flatMap(({ file, imports }) =>
      imports.filter((t) => NEVER_IMPORTED_BY_THE_PORTAL.some((p) => t.startsWith(p)) || (file.startsWith("lib/") && (t.startsWith("app/") || t.startsWith("components/")))).map((t) => `${file} -> ${t}`),
    );
    expect(offenders).toEqual([]);
  });
});
