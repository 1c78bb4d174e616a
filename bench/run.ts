/**
 * `npm run bench`: runs every `bench/*.bench.ts` module's default export in turn and prints its figures.
 * Figures are compared as ratios within one run on one machine, never against fixed thresholds.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

type BenchResult = Record<string, number | string>;

const dir = import.meta.dirname;
const only = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts") && (!only || f.includes(only)))
  .sort();

for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<BenchResult> };
  const started = performance.now();
  const result = await mod.default();
  console.log(`\n# ${file} (${Math.round(performance.now() - started)} ms)`);
  console.table(result);
}
