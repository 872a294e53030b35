// The theme's import shape (issue 18): no module imports in a circle, and the path helpers that
// pages import stay free of JSX, so that a page never pulls in the route table that loads it.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const APP = dirname(fileURLToPath(import.meta.url));

type Graph = Map<string, string[]>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The file a relative specifier names, as the bundler resolves it; undefined if none. */
function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    `${base}/index.ts`,
    `${base}/index.tsx`,
  ].find((p) => existsSync(p) && statSync(p).isFile());
}

/** Each module's relative imports (static, type-only, re-exports and lazy import()), by path under app/. */
function readGraph(): { graph: Graph; unresolved: string[] } {
  const graph: Graph = new Map();
  const unresolved: string[] = [];
  for (const file of sources(APP)) {
    const { importedFiles } = ts.preProcessFile(
      readFileSync(file, "utf8"),
      true,
      true,
    );
    const targets: string[] = [];
    for (const { fileName: spec } of importedFiles) {
      if (!spec.startsWith(".")) continue;
      const target = resolveImport(file, spec);
      if (!target) unresolved.push(`${relative(APP, file)} → ${spec}`);
      // Styles and other assets are no modules of ours.
      else if (/\.tsx?$/.test(target)) targets.push(relative(APP, target));
    }
    graph.set(relative(APP, file), targets);
  }
  return { graph, unresolved };
}

/** Every circle a depth-first walk meets, each as "a → b → a". */
function findCycles(graph: Graph): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (node: string) => {
    const at = stack.indexOf(node);
    if (at >= 0) {
      cycles.push([...stack.slice(at), node].join(" → "));
      return;
    }
    if (done.has(node)) return;
    stack.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    stack.pop();
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return cycles;
}

function reachable(graph: Graph, from: string): Set<string> {
  const seen = new Set<string>();
  const walk = (node: string) => {
    for (const next of graph.get(node) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        walk(next);
      }
    }
  };
  walk(from);
  return seen;
}

describe("findCycles", () => {
  it("names a circle, and only circles", () => {
    const graph: Graph = new Map([
      ["routes.tsx", ["users/Page.tsx", "users/paths.ts"]],
      ["users/Page.tsx", ["users/paths.ts", "routes.tsx"]],
      ["users/paths.ts", []],
    ]);
    expect(findCycles(graph)).toEqual([
      "routes.tsx → users/Page.tsx → routes.tsx",
    ]);
    graph.set("users/Page.tsx", ["users/paths.ts"]);
    expect(findCycles(graph)).toEqual([]);
  });
});

describe("the theme's modules", () => {
  const { graph, unresolved } = readGraph();

  it("are all read, with every relative import found", () => {
    // A walk that read nothing would find no circle either.
    expect(graph.size).toBeGreaterThan(20);
    expect(graph.get("routes.tsx")).toContain("users/AcademyUsersSection.tsx");
    expect(unresolved).toEqual([]);
  });

  it("import nothing in a circle", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it("leave the route table to main.tsx: pages import the path helpers instead", () => {
    const importers = [...graph]
      .filter(([, targets]) => targets.includes("routes.tsx"))
      .map(([file]) => file);
    expect(importers).toEqual(["main.tsx"]);
  });

  it("keep the path helpers free of JSX, even through what they import", () => {
    const helpers = [...graph.keys()].filter((f) => /(^|\/)paths\.ts$/.test(f));
    expect(helpers.sort()).toEqual(
      expect.arrayContaining([
        "bulk/paths.ts",
        "user/paths.ts",
        "users/paths.ts",
      ]),
    );
    for (const helper of helpers) {
      const tsx = [...reachable(graph, helper)].filter((f) =>
        f.endsWith(".tsx"),
      );
      expect(tsx, `${helper} imports JSX`).toEqual([]);
    }
  });
});
