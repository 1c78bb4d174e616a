import { and, asc, desc, eq, max, sql } from "drizzle-orm";
import { agencies, areas, categories, statsSnapshots, statsValues } from "../../../schema";
import type { Db } from "../../db";
import { ASPIRATION_KIND_LABELS } from "../../domain/aspiration/kinds";
import type { Settings } from "../../domain/settings";
import type { StatsScope } from "../../domain/stats/figures";
import { tierName } from "../../domain/stats/quality";
import { loadSettings } from "../settings";
import {
  ASPIRATION_PART_METRICS,
  type AspirationFigures,
  type AspirationPart,
  aspirationFiguresOf,
} from "./aspiration-figures";
import { approvalPairs, type KimFigures, kecamatanFiguresOf, qualitySummary, sumKimFigures } from "./kim-figures";
import { medianWorkingDays } from "./working-days";

/**
 * Writing and reading monthly snapshots. The flow's steps call these: each writes its own rows
 * with INSERT OR REPLACE keyed by month, version, scope and metric, so a replayed step rewrites the
 * same figures, and a frozen version is never written again.
 */

interface Row {
  scope: StatsScope;
  scopeId: string;
  scopeName: string;
  metric: string;
  value: number | null;
}

/** Seven bound values a row: 14 rows stay under D1's 100 parameters a statement. */
const ROWS_PER_STATEMENT = 14;

async function writeRows(db: Db, month: string, version: number, rows: Row[]): Promise<void> {
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => ({ month, version, ...r }));
    statements.push(
      db
        .insert(statsValues)
        .values(chunk)
        .onConflictDoUpdate({
          target: [statsValues.month, statsValues.version, statsValues.scope, statsValues.scopeId, statsValues.metric],
          set: { value: sql`excluded.value`, scopeName: sql`excluded.scope_name` },
        }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

const rowsOf = (scope: StatsScope, scopeId: string, scopeName: string, figures: object): Row[] =>
  Object.entries(figures).map(([metric, value]) => ({
    scope,
    scopeId,
    scopeName,
    metric,
    value: typeof value === "number" ? value : null,
  }));

/** The version a run writes: registered as `computing` (a replay finds it there). */
export async function openSnapshot(
  db: Db,
  input: { month: string; version: number; reason: string | null; requestedBy: string; now: Date },
): Promise<{ version: number; frozen: boolean }> {
  await db
    .insert(statsSnapshots)
    .values({
      month: input.month,
      version: input.version,
      status: "computing",
      reason: input.reason,
      requestedBy: input.requestedBy,
      startedAt: input.now.toISOString(),
    })
    .onConflictDoNothing();
  const row = await db
    .select({ status: statsSnapshots.status })
    .from(statsSnapshots)
    .where(and(eq(statsSnapshots.month, input.month), eq(statsSnapshots.version, input.version)))
    .get();
  return { version: input.version, frozen: row?.status === "frozen" };
}

/** The next version of a month: 1 when it was never computed. */
export async function nextVersion(db: Db, month: string): Promise<number> {
  const row = await db
    .select({ v: max(statsSnapshots.version) })
    .from(statsSnapshots)
    .where(eq(statsSnapshots.month, month))
    .get();
  return (row?.v ?? 0) + 1;
}

/** The regency's kecamatan, by code: the flow takes one step per kecamatan. */
export async function listKecamatan(db: Db): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: areas.code, name: areas.name })
    .from(areas)
    .where(eq(areas.level, "kecamatan"))
    .orderBy(asc(areas.code));
}

/**
 * One kecamatan's KIM figures, and each of its KIMs' quality score and tier, written. A step that
 * writes a batch of kecamatan passes the settings it read once; alone, it reads them itself.
 */
export async function writeKecamatanFigures(
  db: Db,
  input: { month: string; version: number; kecamatan: { code: string; name: string } },
  loaded?: Settings,
): Promise<{ kims: number }> {
  const settings = loaded ?? (await loadSettings(db));
  const { figures, quality } = await kecamatanFiguresOf(db, input.kecamatan.code, input.month, settings);
  await writeRows(db, input.month, input.version, [
    ...rowsOf("kecamatan", input.kecamatan.code, input.kecamatan.name, { ...figures, ...qualitySummary(quality) }),
    ...quality.flatMap((k) => rowsOf("kim", k.number, k.name, { quality_score: k.score, tier: k.tier })),
  ]);
  return { kims: quality.length };
}

/** The regency's KIM totals (from the kecamatan rows already written) and its tiers, written. */
export async function writeRegencyKimFigures(
  db: Db,
  input: { month: string; version: number; regencyName: string },
): Promise<{ rows: number }> {
  const kecamatanRows = await db
    .select({ scopeId: statsValues.scopeId, metric: statsValues.metric, value: statsValues.value })
    .from(statsValues)
    .where(
      and(
        eq(statsValues.month, input.month),
        eq(statsValues.version, input.version),
        eq(statsValues.scope, "kecamatan"),
      ),
    );
  const byKecamatan = new Map<string, Record<string, number>>();
  for (const r of kecamatanRows) {
    const figures = byKecamatan.get(r.scopeId) ?? {};
    figures[r.metric] = r.value ?? 0;
    byKecamatan.set(r.scopeId, figures);
  }
  const parts = [...byKecamatan.values()];
  const sumOf = (metric: string) => parts.reduce((s, f) => s + (f[metric] ?? 0), 0);
  const scoredKims = parts.reduce((s, f) => s + (f.quality_avg === undefined ? 0 : (f.active_kims ?? 0)), 0);
  const kim = {
    ...sumKimFigures(parts as unknown as KimFigures[]),
    median_days_to_approval: await medianWorkingDays(db, await approvalPairs(db, input.month)),
    // The regency's average weighs each kecamatan's by its KIMs.
    quality_avg:
      scoredKims > 0
        ? Math.round((parts.reduce((s, f) => s + (f.quality_avg ?? 0) * (f.active_kims ?? 0), 0) / scoredKims) * 10) /
          10
        : null,
    tier_1_kims: sumOf("tier_1_kims"),
    tier_2_kims: sumOf("tier_2_kims"),
    tier_3_kims: sumOf("tier_3_kims"),
  };
  const settings = await loadSettings(db);
  const rows: Row[] = [
    ...rowsOf("kabupaten", "", input.regencyName, kim),
    // The tier names as they were this month, with how many KIMs each holds.
    ...([1, 2, 3] as const).flatMap((tier) =>
      rowsOf("tier", String(tier), tierName(tier, settings), { kims: kim[`tier_${tier}_kims`] }),
    ),
  ];
  await writeRows(db, input.month, input.version, rows);
  return { rows: rows.length };
}

/** One part of the month's aspiration figures (see `AspirationPart`), for the regency and each scope, written. */
export async function writeAspirationFigures(
  db: Db,
  input: { month: string; version: number; regencyName: string; part: AspirationPart },
): Promise<{ rows: number }> {
  const asp = await aspirationFiguresOf(db, input.month, [input.part]);
  const metrics = ASPIRATION_PART_METRICS[input.part];
  const only = (f: AspirationFigures, keys: readonly (keyof AspirationFigures)[] = metrics) =>
    Object.fromEntries(keys.map((k) => [k, f[k]]));
  const stage = (key: string) => asp.stages.get(key)?.pct ?? null;
  const rows: Row[] = [
    ...rowsOf(
      "kabupaten",
      "",
      input.regencyName,
      input.part === "deadlines"
        ? { ...only(asp.regency), on_time_pct_verification: stage("verification"), on_time_pct_agency: stage("agency") }
        : only(asp.regency),
    ),
  ];
  const agencyIds = [...asp.agencies.keys()];
  if (agencyIds.length > 0) {
    const names = new Map(
      (await db.select({ id: agencies.id, name: agencies.name }).from(agencies)).map((a) => [a.id, a.name]),
    );
    rows.push(...[...asp.agencies].flatMap(([id, f]) => rowsOf("agency", id, names.get(id) ?? id, only(f))));
  }
  if (input.part === "activity") {
    const categoryNames = new Map(
      (await db.select({ id: categories.id, name: categories.name }).from(categories)).map((c) => [c.id, c.name]),
    );
    const counts = ["aspirations_received", "aspirations_answered", "aspirations_closed"] as const;
    rows.push(
      ...[...asp.categories].flatMap(([id, f]) => rowsOf("category", id, categoryNames.get(id) ?? id, only(f, counts))),
      ...[...asp.kinds].flatMap(([kind, f]) =>
        rowsOf(
          "kind",
          kind,
          ASPIRATION_KIND_LABELS[kind as keyof typeof ASPIRATION_KIND_LABELS] ?? kind,
          only(f, [...counts, "average_rating"]),
        ),
      ),
    );
  }
  await writeRows(db, input.month, input.version, rows);
  return { rows: rows.length };
}

/** Freezes a version: from now on it is what pages show, and it never changes. */
export async function freezeSnapshot(db: Db, input: { month: string; version: number; now: Date }): Promise<void> {
  await db
    .update(statsSnapshots)
    .set({ status: "frozen", frozenAt: input.now.toISOString() })
    .where(
      and(
        eq(statsSnapshots.month, input.month),
        eq(statsSnapshots.version, input.version),
        eq(statsSnapshots.status, "computing"),
      ),
    );
}

export interface FrozenSnapshot {
  month: string;
  version: number;
  /** True when a later version replaced the first computation. */
  revised: boolean;
  reason: string | null;
  frozenAt: string;
  values: { scope: StatsScope; scopeId: string; scopeName: string; metric: string; value: number | null }[];
}

/** The latest frozen version of a month (only one scope's values when `scope` is given), or undefined when it has none. */
export async function latestSnapshot(db: Db, month: string, scope?: StatsScope): Promise<FrozenSnapshot | undefined> {
  const head = await db
    .select()
    .from(statsSnapshots)
    .where(and(eq(statsSnapshots.month, month), eq(statsSnapshots.status, "frozen")))
    .orderBy(desc(statsSnapshots.version))
    .get();
  if (!head?.frozenAt) return undefined;
  const values = await db
    .select({
      scope: statsValues.scope,
      scopeId: statsValues.scopeId,
      scopeName: statsValues.scopeName,
      metric: statsValues.metric,
      value: statsValues.value,
    })
    .from(statsValues)
    .where(
      and(
        eq(statsValues.month, month),
        eq(statsValues.version, head.version),
        scope ? eq(statsValues.scope, scope) : undefined,
      ),
    )
    .orderBy(asc(statsValues.scope), asc(statsValues.scopeId), asc(statsValues.metric));
  return {
    month,
    version: head.version,
    revised: head.version > 1,
    reason: head.reason,
    frozenAt: head.frozenAt,
    values,
  };
}

/** The months that have a frozen snapshot, newest first: the dashboard's month picker. */
export async function frozenMonths(db: Db, limit = 120): Promise<string[]> {
  const rows = await db
    .selectDistinct({ month: statsSnapshots.month })
    .from(statsSnapshots)
    .where(eq(statsSnapshots.status, "frozen"))
    .orderBy(desc(statsSnapshots.month))
    .limit(limit);
  return rows.map((r) => r.month);
}
