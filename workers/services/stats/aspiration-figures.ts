import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { ASPIRATION_KINDS } from "../../domain/aspiration/kinds";
import { percent } from "../../domain/stats/figures";
import { monthBounds } from "../../domain/stats/month";
import { medianWorkingDays } from "./working-days";

/**
 * The aspiration figures of one month, for the regency, each agency and each kind of report.
 * On time is counted per deadline row due in the month: met by its due time, or not. A row keeps
 * the agency that held it, so a case transferred after its deadline passed counts as missed by the
 * agency that missed it. Escalations are the month's escalation entries by level.
 */

export interface AspirationFigures {
  aspirations_received: number;
  aspirations_answered: number;
  aspirations_closed: number;
  deadlines_due: number;
  deadlines_on_time: number;
  on_time_pct: number | null;
  escalations_level_1: number;
  escalations_level_2: number;
  escalations_level_3: number;
  open_at_month_end: number;
  overdue_at_month_end: number;
  average_rating: number | null;
  median_days_to_first_answer: number | null;
}

export interface AspirationFiguresByScope {
  regency: AspirationFigures;
  /** By agency id. */
  agencies: Map<string, AspirationFigures>;
  /** By kind of report (received, answered, closed and rating only). */
  kinds: Map<string, AspirationFigures>;
  /** By category id (received, answered and closed only). */
  categories: Map<string, AspirationFigures>;
  /** On time per stage for the regency: verification and the agencies' follow-up. */
  stages: Map<string, { due: number; onTime: number; pct: number | null }>;
}

const empty = (): AspirationFigures => ({
  aspirations_received: 0,
  aspirations_answered: 0,
  aspirations_closed: 0,
  deadlines_due: 0,
  deadlines_on_time: 0,
  on_time_pct: null,
  escalations_level_1: 0,
  escalations_level_2: 0,
  escalations_level_3: 0,
  open_at_month_end: 0,
  overdue_at_month_end: 0,
  average_rating: null,
  median_days_to_first_answer: null,
});

/**
 * The figures come in three parts, each read by its own queries and written by its own flow step,
 * so that no step reads a whole month of a national deployment at once: the month's activity
 * (reports, answers, closings, escalations, ratings), the time to each case's first answer, and
 * its deadlines (on time, open, overdue).
 */
export type AspirationPart = "activity" | "answer-times" | "deadlines";
export const ASPIRATION_PARTS: readonly AspirationPart[] = ["activity", "answer-times", "deadlines"];
export const ASPIRATION_PART_METRICS: Record<AspirationPart, readonly (keyof AspirationFigures)[]> = {
  activity: [
    "aspirations_received",
    "aspirations_answered",
    "aspirations_closed",
    "escalations_level_1",
    "escalations_level_2",
    "escalations_level_3",
    "average_rating",
  ],
  "answer-times": ["median_days_to_first_answer"],
  deadlines: ["deadlines_due", "deadlines_on_time", "on_time_pct", "open_at_month_end", "overdue_at_month_end"],
};

export async function aspirationFiguresOf(
  db: Db,
  month: string,
  parts: readonly AspirationPart[] = ASPIRATION_PARTS,
): Promise<AspirationFiguresByScope> {
  const { start, end } = monthBounds(month);
  const inMonth = (column: string) => sql`${sql.raw(column)} >= ${start} AND ${sql.raw(column)} < ${end}`;
  const none = Promise.resolve([]);
  const activity = parts.includes("activity");
  const answerTimes = parts.includes("answer-times");
  const deadlinesToo = parts.includes("deadlines");
  const [received, events, deadlines, open, ratings, firstAnswers] = await Promise.all([
    !activity
      ? none
      : db.all<{ kind: string; category: string; n: number }>(
          sql`SELECT kind, category_id AS category, COUNT(*) AS n FROM aspirations WHERE ${inMonth("created_at")}
          GROUP BY kind, category_id`,
        ),
    // The month's answers, closings and escalations, with the agency and kind each belongs to.
    !activity
      ? none
      : db.all<{
          what: string;
          agency: string | null;
          kind: string;
          category: string;
          level: number | null;
          n: number;
        }>(
          sql`SELECT CASE WHEN e.kind = 'answer' THEN 'answered' WHEN e.kind = 'escalate' THEN 'escalated' ELSE 'closed' END AS what,
            e.agency_id AS agency, a.kind AS kind, a.category_id AS category, json_extract(e.detail, '$.level') AS level,
            COUNT(DISTINCT e.id) AS n
          FROM aspiration_events e JOIN aspirations a ON a.code = e.code
          WHERE ${inMonth("e.at")} AND (e.kind IN ('answer', 'escalate') OR e.to_status = 'closed')
          GROUP BY what, e.agency_id, a.kind, a.category_id, level`,
        ),
    !deadlinesToo
      ? none
      : db.all<{ stage: string; agency: string | null; due: number; onTime: number }>(
          sql`SELECT stage, agency_id AS agency, COUNT(*) AS due,
            SUM(CASE WHEN met_at IS NOT NULL AND met_at <= due_at THEN 1 ELSE 0 END) AS onTime
          FROM aspiration_deadlines
          WHERE ${inMonth("due_at")} AND stage IN ('verification', 'agency')
          GROUP BY stage, agency_id`,
        ),
    // Open at the month's end: created before it and not closed by then (two ranges of the closed
    // index: still open, or closed later); overdue when a deadline of verification or follow-up
    // had passed unmet at that moment.
    !deadlinesToo
      ? none
      : db.all<{ agency: string | null; open: number; overdue: number }>(
          sql`SELECT a.agency_id AS agency, COUNT(*) AS open,
            SUM(CASE WHEN EXISTS (SELECT 1 FROM aspiration_deadlines d WHERE d.code = a.code
              AND d.stage IN ('verification', 'agency') AND d.due_at < ${end}
              AND (d.met_at IS NULL OR d.met_at >= ${end})) THEN 1 ELSE 0 END) AS overdue
          FROM (SELECT code, agency_id FROM aspirations WHERE closed_at IS NULL AND created_at < ${end}
                UNION ALL
                SELECT code, agency_id FROM aspirations WHERE closed_at >= ${end} AND created_at < ${end}) a
          GROUP BY a.agency_id`,
        ),
    !activity
      ? none
      : db.all<{ agency: string | null; kind: string; rating: number }>(
          sql`SELECT e.agency_id AS agency, a.kind AS kind, json_extract(e.detail, '$.rating') AS rating
          FROM aspiration_events e JOIN aspirations a ON a.code = e.code
          WHERE ${inMonth("e.at")} AND e.kind = 'accept' AND json_extract(e.detail, '$.rating') IS NOT NULL`,
        ),
    // The month's first answers: when each case came in, and when it was first answered.
    !answerTimes
      ? none
      : db.all<{ agency: string | null; from: string; to: string }>(
          sql`SELECT e.agency_id AS agency, a.created_at AS "from", e.at AS "to"
          FROM aspiration_events e JOIN aspirations a ON a.code = e.code
          WHERE ${inMonth("e.at")} AND e.kind = 'answer'
            AND NOT EXISTS (SELECT 1 FROM aspiration_events p WHERE p.code = e.code AND p.kind = 'answer' AND p.at < e.at)`,
        ),
  ]);

  const regency = empty();
  const agencies = new Map<string, AspirationFigures>();
  const kinds = new Map<string, AspirationFigures>(ASPIRATION_KINDS.map((k) => [k, empty()]));
  const categories = new Map<string, AspirationFigures>();
  const categoryOf = (id: string) => {
    if (!categories.has(id)) categories.set(id, empty());
    return categories.get(id);
  };
  const stages = new Map<string, { due: number; onTime: number; pct: number | null }>();
  const agencyOf = (id: string | null) => {
    if (!id) return undefined;
    if (!agencies.has(id)) agencies.set(id, empty());
    return agencies.get(id);
  };
  const n = (v: unknown) => Number(v ?? 0);

  for (const r of received) {
    regency.aspirations_received += n(r.n);
    for (const t of [kinds.get(r.kind), categoryOf(r.category)]) if (t) t.aspirations_received += n(r.n);
  }
  for (const e of events) {
    const targets = [
      regency,
      agencyOf(e.agency),
      ...(e.what === "escalated" ? [] : [kinds.get(e.kind), categoryOf(e.category)]),
    ];
    for (const t of targets) {
      if (!t) continue;
      if (e.what === "answered") t.aspirations_answered += n(e.n);
      else if (e.what === "closed") t.aspirations_closed += n(e.n);
      else if (n(e.level) === 1) t.escalations_level_1 += n(e.n);
      else if (n(e.level) === 2) t.escalations_level_2 += n(e.n);
      else if (n(e.level) === 3) t.escalations_level_3 += n(e.n);
    }
  }
  for (const d of deadlines) {
    for (const t of [regency, d.stage === "agency" ? agencyOf(d.agency) : undefined]) {
      if (!t) continue;
      t.deadlines_due += n(d.due);
      t.deadlines_on_time += n(d.onTime);
    }
    const stage = stages.get(d.stage) ?? { due: 0, onTime: 0, pct: null };
    stage.due += n(d.due);
    stage.onTime += n(d.onTime);
    stages.set(d.stage, stage);
  }
  for (const o of open) {
    for (const t of [regency, agencyOf(o.agency)]) {
      if (!t) continue;
      t.open_at_month_end += n(o.open);
      t.overdue_at_month_end += n(o.overdue);
    }
  }
  const ratingSums = new Map<AspirationFigures, { sum: number; count: number }>();
  for (const r of ratings) {
    for (const t of [regency, agencyOf(r.agency), kinds.get(r.kind)]) {
      if (!t) continue;
      const s = ratingSums.get(t) ?? { sum: 0, count: 0 };
      s.sum += n(r.rating);
      s.count += 1;
      ratingSums.set(t, s);
    }
  }
  for (const t of [regency, ...agencies.values(), ...kinds.values()]) {
    t.on_time_pct = percent(t.deadlines_on_time, t.deadlines_due);
    const s = ratingSums.get(t);
    t.average_rating = s && s.count > 0 ? Math.round((s.sum / s.count) * 100) / 100 : null;
  }
  for (const s of stages.values()) s.pct = percent(s.onTime, s.due);
  regency.median_days_to_first_answer = await medianWorkingDays(db, firstAnswers);
  const answersByAgency = Map.groupBy(firstAnswers, (a) => a.agency ?? "");
  for (const [id, pairs] of answersByAgency) {
    const target = agencyOf(id || null);
    if (target) target.median_days_to_first_answer = await medianWorkingDays(db, pairs);
  }
  return { regency, agencies, kinds, categories, stages };
}
