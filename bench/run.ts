/**
 * `npm run bench`: builds the Worker, then measures
 * - the bundle (wrangler's gzip figure) and its start-up CPU (`wrangler check startup`);
 * - every route over HTTP and in its isolate (`http.bench.ts`, state `BENCH_STATE`, default 1x);
 * - one month's statistics at each scale (`stats-scale.bench.ts`, `BENCH_SCALES`, default 1x,10x);
 * - the working-day arithmetic and the mail consumer (`calendar.bench.ts`, `mail.bench.ts`).
 * Figures compare as ratios within one run on one machine, never against fixed thresholds. A full
 * run writes `bench/results/latest.md` (the table the README shows) and `latest.json`; a run of
 * some parts writes `partial.md` and `partial.json` (not kept in git).
 *
 *   npm run bench                       everything above
 *   npm run bench -- http stats-scale   only the named parts
 *   BENCH_SCALES=1x,10x,national npm run bench -- stats-scale
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import calendarBench from "./calendar.bench";
import { measureRoutes } from "./http.bench";
import { busyMicros, hottestFunctions } from "./lib/cpu-profile";
import type { Scale } from "./lib/seed-scale";
import { buildBundle, ROOT } from "./lib/server";
import mailBench from "./mail.bench";
import { measureStatsAt, scalesToRun } from "./stats-scale.bench";

type Cell = string | number | null;
interface Section {
  title: string;
  description: string;
  rows: Record<string, Cell>[];
}

const log = (line: string) => console.log(line);
const wrangler = path.join(ROOT, "node_modules", ".bin", "wrangler");

function bundleSection(buildOutput: string): Section {
  const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(buildOutput);
  const startupFile = path.join(ROOT, "bench", ".state", "startup.cpuprofile");
  mkdirSync(path.dirname(startupFile), { recursive: true });
  spawnSync(wrangler, ["check", "startup", "--outfile", startupFile], { cwd: ROOT, encoding: "utf8" });
  const profile = JSON.parse(readFileSync(startupFile, "utf8"));
  return {
    title: "Bundle and start-up",
    description:
      "Sizes from `wrangler deploy --dry-run`. Start-up CPU from `wrangler check startup`: the V8 profile of " +
      "evaluating the bundle, idle time left out (the platform's limit is 1 s).",
    rows: [
      { measure: "bundle (KiB)", value: match ? Number(match[1]) : null },
      { measure: "bundle gzip (KiB)", value: match ? Number(match[2]) : null },
      { measure: "start-up CPU (ms)", value: Math.round(busyMicros(profile) / 100) / 10 },
      { measure: "start-up, heaviest functions", value: hottestFunctions(profile, 4).join("; ") },
    ],
  };
}

async function httpSection(): Promise<Section> {
  const state = (process.env.BENCH_STATE ?? "1x") as Scale;
  const figures = await measureRoutes(state, log);
  return {
    title: `Routes (state ${state})`,
    description:
      "autocannon, 10 connections, 5 s a route, against the built bundle on workerd (Miniflare, no wrangler dev " +
      "proxy); `×` columns are ratios to the constant route in the same run. CPU: the isolate's busy time per " +
      "request from a V8 profile of 300 requests (a submission's includes the first steps of the flow it starts, " +
      "which run in the same isolate locally). D1 rows from the response's development `Server-Timing`.",
    rows: figures.map((f) => ({
      route: f.route,
      "req/s": f.requestsPerSecond,
      "× req/s": f.ratioToCeiling,
      "p50 ms": f.p50Ms,
      "p99 ms": f.p99Ms,
      "CPU ms/req": f.cpuMsPerRequest,
      "× CPU": f.cpuRatioToCeiling,
      "rows read": f.d1RowsRead,
      "rows written": f.d1RowsWritten,
      "errors/non-2xx": `${f.errors}/${f.non2xx}`,
      note: f.note,
    })),
  };
}

async function statsSection(): Promise<Section> {
  const rows: Record<string, Cell>[] = [];
  for (const scale of scalesToRun()) {
    const r = await measureStatsAt(scale, log);
    rows.push({
      scale: r.scale,
      villages: r.villages,
      steps: r.steps,
      "rows read": r.rowsRead,
      "month's changed rows": r.changedRows,
      "read ÷ (changed + villages)": r.readRatio,
      "rows written": r.rowsWritten,
      "longest step": `${r.longestStep} (${r.longestStepMs} ms)`,
      "all steps ms": r.totalMs,
    });
  }
  return {
    title: "Monthly statistics by scale",
    description:
      "`MonthlyStatsFlow`'s steps for October 2026 on synthetic data (real villages from idn-area-data; 24 months " +
      "of history). Step times are measured from Node, every statement crossing to workerd: an upper bound.",
    rows,
  };
}

function asRows(result: Record<string, string | number>): Record<string, Cell>[] {
  return Object.entries(result).map(([measure, value]) => ({ measure, value }));
}

function markdown(sections: Section[], meta: Record<string, string>): string {
  const cell = (v: Cell) => String(v ?? "–").replaceAll("|", "\\|");
  const parts = [
    "# Simpul benchmark results",
    "",
    Object.entries(meta)
      .map(([k, v]) => `- ${k}: ${v}`)
      .join("\n"),
  ];
  for (const s of sections) {
    const columns = Object.keys(s.rows[0] ?? {});
    parts.push(
      "",
      `## ${s.title}`,
      "",
      s.description,
      "",
      `| ${columns.join(" | ")} |`,
      `| ${columns.map(() => "---").join(" | ")} |`,
      ...s.rows.map((r) => `| ${columns.map((c) => cell(r[c] ?? null)).join(" | ")} |`),
    );
  }
  return `${parts.join("\n")}\n`;
}

const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);
const started = new Date();
log("building the bundle");
const buildOutput = buildBundle();
const sections: Section[] = [];
if (wanted("bundle")) sections.push(bundleSection(buildOutput));
if (wanted("http")) sections.push(await httpSection());
if (wanted("stats-scale")) sections.push(await statsSection());
if (wanted("calendar")) {
  sections.push({ title: "Working days", description: "µs per deadline.", rows: asRows(await calendarBench()) });
}
if (wanted("mail")) {
  sections.push({ title: "Mail consumer", description: "One full batch.", rows: asRows(await mailBench()) });
}
for (const s of sections) {
  console.log(`\n# ${s.title}`);
  console.table(s.rows);
}
const meta = {
  date: started.toISOString(),
  machine: `${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  command: `npm run bench${only.length ? ` -- ${only.join(" ")}` : ""}`,
};
// A full run replaces the results the README points to; a run of some parts writes beside them.
const dir = path.join(ROOT, "bench", "results");
const name = only.length === 0 ? "latest" : "partial";
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, `${name}.md`), markdown(sections, meta));
writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ ...meta, sections }, null, 2)}\n`);
log(`\nwritten to bench/results/${name}.md and ${name}.json`);
