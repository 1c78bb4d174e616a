/**
 * One month's statistics (`MonthlyStatsFlow`'s steps, in order) on the synthetic data of each scale
 * (`lib/seed-scale.ts`): rows read and written per step, the longest step, and rows read against
 * the month's changed rows plus the villages (the target: within 3×). The steps run in Node against
 * the served database; every statement crosses a process boundary, so step times are an upper
 * bound of what they take inside the Worker.
 *
 *   npm run bench -- stats-scale                 1× and 10×
 *   BENCH_SCALES=1x,10x,national npm run bench -- stats-scale
 */
import { loadConfig } from "../workers/config";
import { countingD1 } from "../workers/d1-meter";
import { createDb } from "../workers/db";
import { monthBounds } from "../workers/domain/stats/month";
import type { MailQueueMessage } from "../workers/mail/messages";
import { sendMonthlyReport } from "../workers/services/stats/report-mail";
import {
  freezeSnapshot,
  listKecamatan,
  openSnapshot,
  writeKecamatanFigures,
  writeRegencyFigures,
} from "../workers/services/stats/snapshots";
import { LAST_MONTH, type Scale } from "./lib/seed-scale";
import { serveState } from "./lib/state";

export const DEFAULT_SCALES: Scale[] = ["1x", "10x"];

export function scalesToRun(): Scale[] {
  const asked = process.env.BENCH_SCALES?.split(",").filter(Boolean) as Scale[] | undefined;
  return asked?.length ? asked : DEFAULT_SCALES;
}

/** Rows that carry the month's activity: what a month's computation may reasonably read. */
async function changedRows(db: D1Database, month: string): Promise<{ changed: number; villages: number }> {
  const { start, end } = monthBounds(month);
  const count = async (sql: string) =>
    (await db.prepare(sql).bind(start, end).first<{ n: number }>())?.n ?? 0;
  const parts = await Promise.all([
    count("SELECT COUNT(*) AS n FROM aspirations WHERE created_at >= ?1 AND created_at < ?2"),
    count("SELECT COUNT(*) AS n FROM aspiration_events WHERE at >= ?1 AND at < ?2"),
    count("SELECT COUNT(*) AS n FROM aspiration_deadlines WHERE due_at >= ?1 AND due_at < ?2"),
    count("SELECT COUNT(*) AS n FROM registrations WHERE created_at >= ?1 AND created_at < ?2"),
    count("SELECT COUNT(*) AS n FROM registration_events WHERE at >= ?1 AND at < ?2"),
    count("SELECT COUNT(*) AS n FROM registration_members WHERE declaration_accepted_at >= ?1 AND declaration_accepted_at < ?2"),
  ]);
  const villages =
    (await db.prepare("SELECT COUNT(*) AS n FROM areas WHERE level IN ('kampung', 'desa', 'kelurahan')").first<{ n: number }>())
      ?.n ?? 0;
  return { changed: parts.reduce((a, b) => a + b, 0), villages };
}

export interface StatsScaleResult {
  scale: Scale;
  steps: number;
  rowsRead: number;
  rowsWritten: number;
  longestStep: string;
  longestStepMs: number;
  totalMs: number;
  changedRows: number;
  villages: number;
  readRatio: number;
  heaviestStep: string;
  heaviestStepRows: number;
}

export async function measureStatsAt(scale: Scale, log: (line: string) => void): Promise<StatsScaleResult> {
  const server = await serveState(scale, log);
  try {
    const month = LAST_MONTH;
    // The same computation every run: the month's earlier snapshot (from a previous run) goes first.
    await server.db.batch([
      server.db.prepare("DELETE FROM stats_values WHERE month = ?").bind(month),
      server.db.prepare("DELETE FROM stats_snapshots WHERE month = ?").bind(month),
      server.db.prepare("DELETE FROM mail_outbox WHERE dedupe_key LIKE ?").bind(`stats-${month}%`),
    ]);
    const meter = countingD1(server.db);
    const db = createDb(meter.db);
    const env = (await server.mf.getBindings()) as unknown as Env;
    const config = loadConfig(env);
    const queue = { send: async () => undefined, sendBatch: async () => undefined } as unknown as Queue<MailQueueMessage>;
    const steps: { name: string; ms: number; rowsRead: number }[] = [];
    const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const before = meter.rowsRead;
      const started = performance.now();
      const result = await work();
      steps.push({ name, ms: performance.now() - started, rowsRead: meter.rowsRead - before });
      return result;
    };
    const now = new Date();
    const input = { month, version: 1 };
    await step("open snapshot", () => openSnapshot(db, { ...input, reason: null, requestedBy: "bench", now }));
    const kecamatan = await step("list kecamatan", () => listKecamatan(db));
    for (const [i, k] of kecamatan.entries()) {
      await step(`kim figures ${k.code}`, () => writeKecamatanFigures(db, { ...input, kecamatan: k }));
      if (i % 500 === 499) log(`  ${i + 1} of ${kecamatan.length} kecamatan`);
    }
    await step("regency and aspiration figures", () =>
      writeRegencyFigures(db, { ...input, regencyName: config.regencyName }),
    );
    await step("freeze snapshot", () => freezeSnapshot(db, { ...input, now }));
    await step("mail the monthly report", () => sendMonthlyReport({ db, queue, config, now }, input));

    if (process.env.BENCH_DEBUG) {
      const bySql = new Map<string, number>();
      for (const b of meter.breakdown) bySql.set(b.sql, (bySql.get(b.sql) ?? 0) + b.rowsRead);
      for (const [sql, rows] of [...bySql].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
        log(`  ${rows} rows: ${sql.replace(/\s+/g, " ").slice(0, 240)}`);
      }
    }
    const longest = steps.reduce((a, b) => (b.ms > a.ms ? b : a));
    const heaviest = steps.reduce((a, b) => (b.rowsRead > a.rowsRead ? b : a));
    const { changed, villages } = await changedRows(server.db, month);
    return {
      scale,
      steps: steps.length,
      rowsRead: meter.rowsRead,
      rowsWritten: meter.rowsWritten,
      longestStep: longest.name,
      longestStepMs: Math.round(longest.ms),
      totalMs: Math.round(steps.reduce((s, x) => s + x.ms, 0)),
      changedRows: changed,
      villages,
      readRatio: Math.round((meter.rowsRead / (changed + villages)) * 100) / 100,
      heaviestStep: heaviest.name,
      heaviestStepRows: heaviest.rowsRead,
    };
  } finally {
    await server.dispose();
  }
}

export default async function statsScaleBench() {
  const rows: Record<string, StatsScaleResult> = {};
  for (const scale of scalesToRun()) rows[scale] = await measureStatsAt(scale, console.log);
  return rows;
}
