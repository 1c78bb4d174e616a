import { stringify } from "csv-stringify/sync";
import { and, eq, gte, inArray, lte } from "drizzle-orm";
import { statsSnapshots, statsValues } from "../../../schema";
import type { Db } from "../../db";
import { METRIC_LABELS, type StatsMetric, type StatsScope } from "../../domain/stats/figures";
import { isStatsMonth, monthLabel, shiftMonth } from "../../domain/stats/month";
import { notFound } from "../../errors";
import { type FrozenSnapshot, frozenMonths, latestSnapshot } from "./snapshots";

/**
 * A frozen snapshot as people and programs read it: the regency's headline figures with their
 * change from the month before and the year before, and the figures per kecamatan, agency and
 * kind of report. Also the CSV, one row per scope and metric.
 */

export type Figures = Record<string, number | null>;

export interface ScopeFigures {
  id: string;
  name: string;
  figures: Figures;
}

export interface MonthlyReport {
  month: string;
  monthLabel: string;
  version: number;
  revised: boolean;
  revisionReason: string | null;
  frozenAt: string;
  regencyName: string;
  regency: Figures;
  /** The headline figures' change: against the month before and the same month a year before (null: no snapshot). */
  changes: { previousMonth: Figures | null; previousYear: Figures | null };
  kecamatan: ScopeFigures[];
  agencies: ScopeFigures[];
  kinds: ScopeFigures[];
  categories: ScopeFigures[];
  /** The tier distribution, with the tier names of that month. */
  tiers: ScopeFigures[];
  /** Each active KIM's quality score and tier, by registration number. */
  kims: ScopeFigures[];
}

/** The figures the headline shows, with their changes. */
export const HEADLINE_METRICS = [
  "active_kims",
  "coverage_pct",
  "new_kims",
  "quality_avg",
  "members_total",
  "aspirations_received",
  "aspirations_answered",
  "on_time_pct",
  "overdue_at_month_end",
] as const;

function byScope(snapshot: FrozenSnapshot, scope: StatsScope): ScopeFigures[] {
  const map = new Map<string, ScopeFigures>();
  for (const v of snapshot.values) {
    if (v.scope !== scope) continue;
    const entry = map.get(v.scopeId) ?? { id: v.scopeId, name: v.scopeName, figures: {} };
    entry.figures[v.metric] = v.value;
    map.set(v.scopeId, entry);
  }
  return [...map.values()];
}

const regencyOf = (snapshot: FrozenSnapshot | undefined): Figures | null =>
  snapshot ? (byScope(snapshot, "kabupaten")[0]?.figures ?? {}) : null;

function changes(now: Figures, before: Figures | null): Figures | null {
  if (!before) return null;
  return Object.fromEntries(
    HEADLINE_METRICS.map((m) => {
      const a = now[m];
      const b = before[m];
      return [m, typeof a === "number" && typeof b === "number" ? Math.round((a - b) * 10) / 10 : null];
    }),
  );
}

/** A month's report, or 404 when the month has no frozen snapshot. */
export async function monthlyReport(db: Db, month: string): Promise<MonthlyReport> {
  if (!isStatsMonth(month)) throw notFound("Statistik bulan itu belum tersedia.");
  const snapshot = await latestSnapshot(db, month);
  if (!snapshot) throw notFound("Statistik bulan itu belum tersedia.");
  // The month before and the year before give only the regency's headline changes.
  const [lastMonth, lastYear] = await Promise.all([
    latestSnapshot(db, shiftMonth(month, -1), "kabupaten"),
    latestSnapshot(db, shiftMonth(month, -12), "kabupaten"),
  ]);
  const regency = regencyOf(snapshot) ?? {};
  return {
    month,
    monthLabel: monthLabel(month),
    version: snapshot.version,
    revised: snapshot.revised,
    revisionReason: snapshot.reason,
    frozenAt: snapshot.frozenAt,
    regencyName: byScope(snapshot, "kabupaten")[0]?.name ?? "",
    regency,
    changes: {
      previousMonth: changes(regency, regencyOf(lastMonth)),
      previousYear: changes(regency, regencyOf(lastYear)),
    },
    kecamatan: byScope(snapshot, "kecamatan").sort((a, b) => a.name.localeCompare(b.name, "id")),
    agencies: byScope(snapshot, "agency").sort((a, b) => a.name.localeCompare(b.name, "id")),
    kinds: byScope(snapshot, "kind"),
    categories: byScope(snapshot, "category").sort((a, b) => a.name.localeCompare(b.name, "id")),
    tiers: byScope(snapshot, "tier"),
    kims: byScope(snapshot, "kim"),
  };
}

/** The latest month with a frozen snapshot, if any: what `/statistik` opens on. */
export async function latestMonth(db: Db): Promise<string | undefined> {
  return (await frozenMonths(db, 1))[0];
}

/** The documented CSV columns, in order (README "Statistics"). */
export const STATS_CSV_COLUMNS = [
  "bulan",
  "versi",
  "cakupan",
  "kode",
  "nama",
  "metrik",
  "keterangan",
  "nilai",
] as const;

/**
 * The CSV of a snapshot: UTF-8 with a byte-order mark, `;` between fields and a decimal comma, so
 * Excel with Indonesian regional settings opens it in columns with numbers it can add up.
 */
export function reportCsv(report: MonthlyReport): string {
  const rows: (string | number)[][] = [];
  const add = (scope: StatsScope, id: string, name: string, figures: Figures) => {
    for (const [metric, value] of Object.entries(figures)) {
      rows.push([
        report.month,
        report.version,
        scope,
        id,
        name,
        metric,
        METRIC_LABELS[metric as StatsMetric] ?? metric,
        value === null ? "" : String(value).replace(".", ","),
      ]);
    }
  };
  add("kabupaten", "", report.regencyName, report.regency);
  for (const k of report.kecamatan) add("kecamatan", k.id, k.name, k.figures);
  for (const a of report.agencies) add("agency", a.id, a.name, a.figures);
  for (const k of report.kinds) add("kind", k.id, k.name, k.figures);
  for (const k of report.categories) add("category", k.id, k.name, k.figures);
  for (const t of report.tiers) add("tier", t.id, t.name, t.figures);
  for (const k of report.kims) add("kim", k.id, k.name, k.figures);
  return `\uFEFF${stringify([[...STATS_CSV_COLUMNS], ...rows], { delimiter: ";", record_delimiter: "windows" })}`;
}

export interface SeriesPoint {
  month: string;
  label: string;
  activeKims: number | null;
  coveragePct: number | null;
}

/**
 * The regency's active KIMs and coverage over the twelve months up to `month`, from each month's
 * latest frozen version; a month without a snapshot is a gap.
 */
export async function twelveMonthSeries(db: Db, month: string): Promise<SeriesPoint[]> {
  const first = shiftMonth(month, -11);
  const rows = await db
    .select({
      month: statsValues.month,
      version: statsValues.version,
      metric: statsValues.metric,
      value: statsValues.value,
    })
    .from(statsValues)
    .innerJoin(
      statsSnapshots,
      and(
        eq(statsSnapshots.month, statsValues.month),
        eq(statsSnapshots.version, statsValues.version),
        eq(statsSnapshots.status, "frozen"),
      ),
    )
    .where(
      and(
        eq(statsValues.scope, "kabupaten"),
        inArray(statsValues.metric, ["active_kims", "coverage_pct"]),
        gte(statsValues.month, first),
        lte(statsValues.month, month),
      ),
    );
  const latest = new Map<string, { version: number; active: number | null; coverage: number | null }>();
  for (const r of rows) {
    const seen = latest.get(r.month);
    if (seen && seen.version > r.version) continue;
    const entry = seen && seen.version === r.version ? seen : { version: r.version, active: null, coverage: null };
    if (r.metric === "active_kims") entry.active = r.value;
    else entry.coverage = r.value;
    latest.set(r.month, entry);
  }
  return Array.from({ length: 12 }, (_, i) => {
    const m = shiftMonth(first, i);
    const point = latest.get(m);
    return { month: m, label: monthLabel(m), activeKims: point?.active ?? null, coveragePct: point?.coverage ?? null };
  });
}
