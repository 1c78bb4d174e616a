/**
 * `npm run load`: 2,000 aspirations submitted at concurrency 20 against the built bundle on workerd
 * (`lib/server.ts`, a fresh migrated database), then a reconciliation: every code answered 201 must
 * have its case row, its verification deadline, its confirmation mail in the outbox (to the
 * reporter) and a live `AspirationFlow` instance. Intake logs a failed flow start or mail instead of
 * answering an error, so only this reconciliation shows them. Errors (target 0), throughput, p50
 * and p99 go to `bench/results/load.md` and `load.json`; the exit code is 1 when any check fails.
 *
 *   npm run load                                   2,000 submissions, 20 at a time
 *   npm run load -- --count 200 --concurrency 5
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { mapPool } from "../workers/mail/consumer";
import { buildBundle, ROOT } from "./lib/server";
import { serveState } from "./lib/state";

const { values: args } = parseArgs({
  options: { count: { type: "string", default: "2000" }, concurrency: { type: "string", default: "20" } },
});
const COUNT = Number(args.count);
const CONCURRENCY = Number(args.concurrency);
if (!(Number.isInteger(COUNT) && COUNT > 0 && Number.isInteger(CONCURRENCY) && CONCURRENCY > 0)) {
  throw new Error("--count and --concurrency must be positive integers");
}
/** Codes per reconciliation query: one bound parameter (a JSON array read with `json_each`), far below D1's limits. */
const CODES_PER_QUERY = 500;
/** Instance look-ups in flight at once through Miniflare's proxy. */
const LOOKUPS_IN_FLIGHT = 20;
/** Rounds of looking up the instances still missing, a second apart. */
const LOOKUP_RETRIES = 5;

interface Outcome {
  n: number;
  status: number | "network error";
  ms: number;
  code?: string;
}

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 10) / 10;
}

log("building the bundle");
buildBundle();
const server = await serveState("fresh", log);
let failed = true;
try {
  // Spread the reports over every category and village, as real traffic would be.
  const categories = (
    await server.db.prepare("SELECT id FROM categories WHERE active = 1 ORDER BY id").all<{ id: string }>()
  ).results;
  const villages = (
    await server.db
      .prepare("SELECT code FROM areas WHERE level IN ('kampung', 'desa', 'kelurahan') ORDER BY code")
      .all<{ code: string }>()
  ).results;
  if (categories.length === 0 || villages.length === 0)
    throw new Error("the fresh state has no categories or villages");

  const submit = async (n: number): Promise<Outcome> => {
    const body = JSON.stringify({
      kind: "pengaduan",
      categoryId: categories[n % categories.length]?.id,
      villageCode: villages[n % villages.length]?.code,
      title: `Uji beban aspirasi nomor ${n}`,
      description: "Lampu jalan di depan balai kampung padam sejak dua minggu dan jalan gelap pada malam hari.",
      reporterEmail: `warga${n}@example.id`,
    });
    const started = performance.now();
    try {
      const res = await fetch(new URL("/api/v1/aspirations", server.url), {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
        body,
      });
      const answer = (await res.json().catch(() => ({}))) as { code?: unknown };
      const code = res.status === 201 && typeof answer.code === "string" ? answer.code : undefined;
      return { n, status: res.status, ms: performance.now() - started, ...(code ? { code } : {}) };
    } catch {
      return { n, status: "network error", ms: performance.now() - started };
    }
  };

  log(`submitting ${COUNT} aspirations, ${CONCURRENCY} at a time`);
  const phaseStarted = performance.now();
  const outcomes = await mapPool(
    Array.from({ length: COUNT }, (_, i) => i + 1),
    CONCURRENCY,
    submit,
  );
  const seconds = (performance.now() - phaseStarted) / 1000;
  const codes = outcomes.flatMap((o) => (o.code ? [o.code] : []));
  const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;

  log(`reconciling ${codes.length} codes`);
  // One row per code: does each thing the submission promises exist in D1?
  const rows: { code: string; stored: number; deadline: number; mail: number }[] = [];
  for (let i = 0; i < codes.length; i += CODES_PER_QUERY) {
    const chunk = codes.slice(i, i + CODES_PER_QUERY);
    const { results } = await server.db
      .prepare(
        `SELECT j.value AS code,
           a.code IS NOT NULL AS stored,
           EXISTS (SELECT 1 FROM aspiration_deadlines d WHERE d.code = j.value AND d.stage = 'verification') AS deadline,
           EXISTS (SELECT 1 FROM mail_outbox m
                    WHERE m.dedupe_key = j.value || ':received' AND m.template = 'aspiration_received'
                      AND m.status <> 'failed'
                      AND EXISTS (SELECT 1 FROM json_each(m.recipients) r WHERE r.value = a.reporter_email)) AS mail
         FROM json_each(?) j LEFT JOIN aspirations a ON a.code = j.value`,
      )
      .bind(JSON.stringify(chunk))
      .all<{ code: string; stored: number; deadline: number; mail: number }>();
    rows.push(...results);
  }
  const stored = await server.db.prepare("SELECT COUNT(*) AS n FROM aspirations").first<{ n: number }>();
  const mailStatuses = (
    await server.db
      .prepare("SELECT status, COUNT(*) AS n FROM mail_outbox WHERE template = 'aspiration_received' GROUP BY status")
      .all<{ status: string; n: number }>()
  ).results;

  const flow = ((await server.mf.getBindings()) as unknown as Env).ASPIRATION_FLOW;
  const flowStatus = (code: string): Promise<string> =>
    flow
      .get(code)
      .then((instance) => instance.status())
      .then(
        (s) => s.status,
        () => "missing",
      );
  // Every code once, then only the missing ones again, a second apart: creation may lag the answer.
  const flows = new Map<string, string>();
  let pending = codes;
  for (let round = 0; pending.length > 0; round++) {
    const found = await mapPool(pending, LOOKUPS_IN_FLIGHT, flowStatus);
    pending.forEach((code, i) => {
      flows.set(code, found[i] ?? "missing");
    });
    pending = pending.filter((code) => flows.get(code) === "missing");
    if (round >= LOOKUP_RETRIES) break;
    if (pending.length > 0) await sleep(1000);
  }
  const flowCounts: Record<string, number> = {};
  for (const s of flows.values()) flowCounts[s] = (flowCounts[s] ?? 0) + 1;
  const deadFlows = [...flows.values()].filter((s) => ["missing", "errored", "terminated"].includes(s)).length;

  const errors = COUNT - codes.length;
  const checks = [
    { check: "submissions answered 201 with a code", expected: COUNT, actual: codes.length },
    { check: "distinct tracking codes", expected: codes.length, actual: new Set(codes).size },
    { check: "aspirations in D1 (fresh database)", expected: codes.length, actual: stored?.n ?? 0 },
    { check: "case row for each code", expected: codes.length, actual: rows.filter((r) => r.stored).length },
    { check: "verification deadline row", expected: codes.length, actual: rows.filter((r) => r.deadline).length },
    {
      check: "confirmation mail in the outbox, to the reporter, not failed",
      expected: codes.length,
      actual: rows.filter((r) => r.mail).length,
    },
    { check: "flow instance, not errored or terminated", expected: codes.length, actual: codes.length - deadFlows },
  ].map((c) => ({ ...c, ok: c.expected === c.actual }));
  const summary = {
    submissions: COUNT,
    concurrency: CONCURRENCY,
    errors,
    statuses,
    seconds: Math.round(seconds * 10) / 10,
    throughputPerSecond: Math.round((codes.length / seconds) * 10) / 10,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    flowStatuses: flowCounts,
    mailStatuses: Object.fromEntries(mailStatuses.map((m) => [m.status, m.n])),
  };
  const failures = outcomes.filter((o) => !o.code).slice(0, 20);

  console.table([summary].map(({ statuses: _s, flowStatuses: _f, mailStatuses: _m, ...figures }) => figures));
  console.table(checks);
  const meta = {
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? "unknown CPU"} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    command: `npm run load -- --count ${COUNT} --concurrency ${CONCURRENCY}`,
  };
  const markdown = [
    "# Simpul load: aspiration submissions",
    "",
    ...Object.entries(meta).map(([k, v]) => `- ${k}: ${v}`),
    "",
    "| submissions | concurrency | errors | seconds | submissions/s | p50 ms | p99 ms | max ms |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    `| ${COUNT} | ${CONCURRENCY} | ${errors} | ${summary.seconds} | ${summary.throughputPerSecond} | ${summary.p50Ms} | ${summary.p99Ms} | ${summary.maxMs} |`,
    "",
    `Answers: ${JSON.stringify(statuses)}. Flow instances: ${JSON.stringify(flowCounts)}. Confirmation mail rows: ${JSON.stringify(summary.mailStatuses)}.`,
    "",
    "| reconciliation check | expected | actual | ok |",
    "| --- | --- | --- | --- |",
    ...checks.map((c) => `| ${c.check} | ${c.expected} | ${c.actual} | ${c.ok ? "yes" : "**no**"} |`),
    "",
  ].join("\n");
  const dir = path.join(ROOT, "bench", "results");
  writeFileSync(path.join(dir, "load.md"), markdown);
  writeFileSync(path.join(dir, "load.json"), `${JSON.stringify({ ...meta, ...summary, checks, failures }, null, 2)}\n`);
  log("written to bench/results/load.md and load.json");
  failed = errors > 0 || checks.some((c) => !c.ok);
} finally {
  await server.dispose();
}
// An exit code, not a throw, so CI can fail on it after the results are written.
process.exitCode = failed ? 1 : 0;
