import { describe, expect, it } from "vitest";
import packageJson from "../../package.json";

/**
 * The import rule of ARCHITECTURE.md, checked on the source text: every import between the
 * Worker's files points down the layers or sideways within one, and no files import each other
 * in a circle. Vite hands the files over as text, so this runs with the other tests in workerd.
 */
const sources = import.meta.glob(["/workers/**/*.{ts,tsx}", "/schema/**/*.ts", "!/workers/worker-configuration.d.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** Everything else the project runs: scripts, benchmarks and tests may import runtime dependencies too. */
const toolSources = import.meta.glob(["/scripts/**/*.ts", "/bench/**/*.ts", "/test/**/*.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

/** Layers from the bottom up; an import may only reach a layer of a lower rank, or its own layer. */
const LAYERS: { name: string; rank: number; matches: (file: string) => boolean }[] = [
  {
    name: "foundation",
    rank: 0,
    matches: (f) => /^\/workers\/(config|log|errors|tokens|version|d1-meter|zod-json-schema)\.ts$/.test(f),
  },
  { name: "domain", rank: 1, matches: (f) => f.startsWith("/workers/domain/") },
  { name: "schema", rank: 2, matches: (f) => f.startsWith("/schema/") },
  // db.ts is the drizzle handle over D1, which every layer above queries the schema's tables through.
  { name: "db", rank: 3, matches: (f) => f === "/workers/db.ts" },
  { name: "mail", rank: 4, matches: (f) => f.startsWith("/workers/mail/") },
  { name: "services", rank: 5, matches: (f) => f.startsWith("/workers/services/") },
  { name: "views", rank: 6, matches: (f) => f.startsWith("/workers/views/") },
  { name: "flows", rank: 6, matches: (f) => f.startsWith("/workers/flows/") },
  { name: "http", rank: 7, matches: (f) => f.startsWith("/workers/http/") },
  // The entry and the benchmark's reference routes it answers before the app.
  { name: "index", rank: 8, matches: (f) => f === "/workers/index.ts" || f === "/workers/bench-probes.ts" },
];

function layerOf(file: string) {
  const layer = LAYERS.find((l) => l.matches(file));
  if (!layer) throw new Error(`${file} belongs to no layer: add it to LAYERS and ARCHITECTURE.md`);
  return layer;
}

/** Relative import specifiers of a file: `import … from`, `export … from`, `import("…")`. */
function relativeImports(source: string): string[] {
  const specs: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;
  for (const match of source.matchAll(pattern)) specs.push(match[1] as string);
  return specs;
}

function resolve(from: string, spec: string): string | undefined {
  const parts = from.split("/").slice(0, -1);
  for (const segment of spec.split("?")[0]?.split("/") ?? []) {
    if (segment === "..") parts.pop();
    else if (segment !== ".") parts.push(segment);
  }
  const base = parts.join("/");
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => candidate in sources);
}

/** The graph of imports between the checked files (imports of anything else, e.g. package.json, are left out). */
const graph = new Map<string, string[]>(
  Object.entries(sources).map(([file, text]) => [
    file,
    relativeImports(text)
      .map((spec) => resolve(file, spec))
      .filter((target): target is string => target !== undefined),
  ]),
);

/** Every import that points to a higher layer, or across to the other layer of the same rank. */
function upwardImports(): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    for (const target of targets) {
      const to = layerOf(target);
      if (to.rank > from.rank || (to.rank === from.rank && to.name !== from.name)) {
        found.push(`${file} (${from.name}) imports ${target} (${to.name})`);
      }
    }
  }
  return found;
}

/** Each import circle once, as the files along it. */
function circles(): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, "open");
    stack.push(file);
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === "open") found.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("the import rule (ARCHITECTURE.md)", () => {
  it("reads the Worker's sources", () => {
    expect(Object.keys(sources)).toContain("/workers/index.ts");
    expect(Object.keys(sources).length).toBeGreaterThan(100);
  });

  it("has no import that points up a layer", () => {
    expect(upwardImports()).toEqual([]);
  });

  it("has no circle of imports between files", () => {
    expect(circles()).toEqual([]);
  });

  it("keeps each process's files in its folder, named without the process prefix", () => {
    const prefixed = Object.keys(sources).filter((f) =>
      /^\/workers\/(domain|services|http|views|mail\/templates)\/(.+\/)?registration-[^/]+$/.test(f),
    );
    expect(prefixed).toEqual([]);
  });

  it("lets domain import only domain and the foundation", () => {
    const domainImports = [...graph]
      .filter(([file]) => layerOf(file).name === "domain")
      .flatMap(([file, targets]) => targets.map((t) => [file, layerOf(t).name]))
      .filter(([, layer]) => layer !== "domain" && layer !== "foundation");
    expect(domainImports).toEqual([]);
  });
});

describe("dependencies", () => {
  it("lists no runtime dependency that no code imports", () => {
    const allSources = [...Object.values(sources), ...Object.values(toolSources)].join("\n");
    const unused = Object.keys(packageJson.dependencies).filter(
      (name) => !new RegExp(`from\\s*["']${name.replace("/", "\\/")}(/[^"']*)?["']`).test(allSources),
    );
    expect(unused).toEqual([]);
  });
});
