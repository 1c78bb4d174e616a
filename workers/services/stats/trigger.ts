import { eq } from "drizzle-orm";
import { statsSnapshots } from "../../../schema";
import type { Actor } from "../../domain/actor";
import { closedMonth, isStatsMonth, shiftMonth } from "../../domain/stats/month";
import { witaDate } from "../../domain/time";
import { validationFailed } from "../../errors";
import { assertCan } from "../authorize";
import type { ServiceDeps } from "../deps";
import { ensureInstance } from "../workflow-start";
import { nextVersion } from "./snapshots";
import { statsInstanceId } from "./sweep";

/**
 * Starting `MonthlyStatsFlow`: the monthly cron, an administrator's backfill of past months, and a
 * recompute with a reason. The first computation of a month is always the instance
 * `stats-YYYY-MM`, so a second trigger (the cron firing twice, a backfill over a month the cron
 * did) finds it and starts nothing.
 */

/** 16:00 UTC on the 28th–31st; the handler runs only when it is the 1st in WITA. */
export const MONTHLY_STATS_CRON = "0 16 28-31 * *";

/** Most months one backfill starts: ten years. */
export const MAX_BACKFILL_MONTHS = 120;

type StatsFlow = Pick<Workflow, "get" | "create">;

const firstRunId = (month: string) => statsInstanceId(month, 1);

/** The cron: on the 1st (WITA), start the month that just closed. */
export async function runMonthlyStatsTrigger(flow: StatsFlow, scheduledTime: Date): Promise<string | undefined> {
  if (!witaDate(scheduledTime).endsWith("-01")) return undefined;
  const month = closedMonth(scheduledTime);
  await ensureInstance(flow, firstRunId(month), { month, version: 1, reason: null, requestedBy: "cron" }, false);
  return month;
}

function monthField(path: string, value: string): string {
  if (!isStatsMonth(value)) {
    throw validationFailed([
      {
        path,
        code: "invalid_month",
        message: "Bulan harus berbentuk TTTT-BB antara 2000-01 dan 2100-12, misalnya 2026-11.",
      },
    ]);
  }
  return value;
}

/**
 * An administrator computes the months from `from` to `to` that have no snapshot yet (months that
 * have one are left as they are: a recompute changes them). Not the current month or later.
 */
export async function backfillMonths(
  deps: ServiceDeps & { flow: StatsFlow },
  actor: Actor,
  input: { from: string; to: string },
): Promise<{ started: string[]; skipped: string[] }> {
  assertCan(actor, "stats.manage");
  const from = monthField("from", input.from);
  const to = monthField("to", input.to);
  const last = closedMonth(deps.now());
  if (from > to) {
    throw validationFailed([
      { path: "to", code: "before_from", message: "Bulan akhir tidak boleh sebelum bulan awal." },
    ]);
  }
  if (to > last) {
    throw validationFailed([
      { path: "to", code: "not_closed", message: "Bulan akhir harus bulan yang sudah selesai." },
    ]);
  }
  const months: string[] = [];
  for (let m = from; m <= to && months.length <= MAX_BACKFILL_MONTHS; m = shiftMonth(m, 1)) months.push(m);
  if (months.length > MAX_BACKFILL_MONTHS) {
    throw validationFailed([
      { path: "from", code: "too_many", message: `Paling banyak ${MAX_BACKFILL_MONTHS} bulan sekali jalan.` },
    ]);
  }
  const started: string[] = [];
  const skipped: string[] = [];
  for (const month of months) {
    const computed = await deps.db
      .select({ version: statsSnapshots.version })
      .from(statsSnapshots)
      .where(eq(statsSnapshots.month, month))
      .get();
    if (computed) {
      skipped.push(month);
      continue;
    }
    await ensureInstance(
      deps.flow,
      firstRunId(month),
      { month, version: 1, reason: null, requestedBy: actor.id },
      false,
    );
    started.push(month);
  }
  return { started, skipped };
}

/** An administrator recomputes a closed month, saying why: version n+1, version n kept. */
export async function recomputeMonth(
  deps: ServiceDeps & { flow: StatsFlow },
  actor: Actor,
  input: { month: string; reason: string },
): Promise<{ month: string; version: number }> {
  assertCan(actor, "stats.manage");
  const month = monthField("month", input.month);
  const reason = input.reason.trim();
  if (reason.length < 10 || reason.length > 500) {
    throw validationFailed([
      { path: "reason", code: "length", message: "Tulis alasan penghitungan ulang, 10 sampai 500 karakter." },
    ]);
  }
  if (month > closedMonth(deps.now())) {
    throw validationFailed([{ path: "month", code: "not_closed", message: "Bulan itu belum selesai." }]);
  }
  const version = await nextVersion(deps.db, month);
  const id = statsInstanceId(month, version);
  await ensureInstance(deps.flow, id, { month, version, reason, requestedBy: actor.id }, false);
  return { month, version };
}
