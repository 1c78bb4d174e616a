/**
 * One month's statistics (`MonthlyStatsFlow`'s steps, in order) on the synthetic data of each scale
 * (`lib/seed-scale.ts`): rows read and written per step, the longest step, and rows read against
 * the month's changed rows plus the villages (the target: within 3×).
 *
 *   npm run bench -- stats-scale                 1× and 10×
 *   BENCH_SCALES=1x,10x,national npm run bench -- stats-scale
 */
import { monthBounds } from "../workers/domain/stats/month";
import { computeMonth } from "./lib/monthly-stats";
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
  const count = async (sql: string) => (await db.prepare(sql).bind(start, end).first<{ n: number }>())?.n ?? 0;
  const parts = await Promise.all([
    count("SELECT COUNT(*) AS n FROM aspirations WHERE created_at >= ?1 AND created_at < ?2"),
    count("SELECT COUNT(*) AS n FROM aspiration_events WHERE at >= ?1 AND at < ?2"),
    count("SELECT COUNT(*) AS n FROM aspiration_deadlines WHERE due_at >= ?1 AND due_at < ?2"),
    count("SELECT COUNT(*) AS n FROM registrations WHERE created_at >= ?1 AND created_at < ?2"),
    count("SELECT COUNT(*) AS n FROM registration_events WHERE at >= ?1 AND at < ?2"),
    count(
      "SELECT COUNT(*) AS n FROM registration_members WHERE declaration_accepted_at >= ?1 AND declaration_accepted_at < ?2",
    ),
  ]);
  const villages =
    (
      await db
        .prepare("SELECT COUNT(*) AS n FROM areas WHERE level IN ('kampung', 'desa', 'kelurahan')")
        .first<{ n: number }>()
    )?.n ?? 0;
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
    const { steps, meter } = await computeMonth(server, LAST_MONTH, log);
    if (process.env.BENCH_DEBUG) {
      const bySql = new Map<string, number>();
      for (const b of meter.breakdown) bySql.set(b.sql, (bySql.get(b.sql) ?? 0) + b.rowsRead);
      for (const [sql, rows] of [...bySql].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
        log(`  ${rows} rows: ${sql.replace(/\s+/g, " ").slice(0, 240)}`);
      }
    }
    const longest = steps.reduce((a, b) => (b.ms > a.ms ? b : a));
    const heaviest = steps.reduce((a, b) => (b.rowsRead > a.rowsRead ? b : a));
    const { changed, villages } = await changedRows(server.db, LAST_MONTH);
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
