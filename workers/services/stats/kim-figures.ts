import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { VILLAGE_LEVELS } from "../../domain/areas";
import { resolveSettings, type Settings } from "../../domain/settings";
import { percent } from "../../domain/stats/figures";
import { monthBounds } from "../../domain/stats/month";
import { qualityScore, type Tier, tierOf } from "../../domain/stats/quality";
import { medianWorkingDays } from "./working-days";

/**
 * The KIM figures of one kecamatan for one month, from its villages, its KIMs and the month's
 * events only. Approved KIMs never return to another status, so a past month computes the same
 * today as it did then.
 */

export interface KimFigures {
  villages: number;
  villages_with_kim: number;
  coverage_pct: number | null;
  active_kims: number;
  new_kims: number;
  registrations_submitted: number;
  registrations_approved: number;
  registrations_rejected: number;
  registrations_expired: number;
  members_total: number;
  members_new: number;
  members_male: number;
  members_female: number;
  /** Median working days from submission to approval of the KIMs approved in the month. */
  median_days_to_approval: number | null;
}

const villageLevels = sql.raw(VILLAGE_LEVELS.map((l) => `'${l}'`).join(", "));

interface KecamatanRegistration {
  id: string;
  status: string;
  created: string;
  approved: string | null;
  village: string;
  number: string | null;
  name: string;
  decree: number;
  online: number;
}

/**
 * Everything the kecamatan's figures and its KIMs' quality need, read once: its villages, its
 * registrations (few: at most a handful per village), then only those registrations' closing
 * events, members and forwarded aspirations. Each query walks the kecamatan's villages or its
 * registrations' ids once, so a kecamatan step grows with its villages, not with history.
 */
async function readKecamatan(db: Db, kecamatanCode: string, month: string) {
  const { start, end } = monthBounds(month);
  const [villages, registrations] = await Promise.all([
    db.all<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM areas WHERE parent_code = ${kecamatanCode} AND level IN (${villageLevels})`,
    ),
    db.all<KecamatanRegistration>(
      sql`SELECT r.id AS id, r.status AS status, r.created_at AS created, r.approved_at AS approved,
            r.village_code AS village, r.registration_number AS number, r.kim_name AS name,
            CASE WHEN r.decree_scan_key IS NOT NULL AND r.decree_number <> '' THEN 1 ELSE 0 END AS decree,
            CASE WHEN r.website IS NOT NULL OR json_array_length(r.socials) > 0 THEN 1 ELSE 0 END AS online
          FROM registrations r
          WHERE r.village_code IN (SELECT code FROM areas WHERE parent_code = ${kecamatanCode})`,
    ),
  ]);
  const active = registrations.filter((r) => r.status === "approved" && r.approved !== null && r.approved < end);
  const ids = JSON.stringify(registrations.map((r) => r.id));
  const activeIds = JSON.stringify(active.map((r) => r.id));
  const [closed, members, forwarded] = await Promise.all([
    db.all<{ status: string; n: number }>(
      sql`SELECT e.to_status AS status, COUNT(DISTINCT e.registration_id) AS n FROM registration_events e
          WHERE e.registration_id IN (SELECT value FROM json_each(${ids}))
            AND e.to_status IN ('approved', 'rejected', 'expired') AND e.at >= ${start} AND e.at < ${end}
          GROUP BY e.to_status`,
    ),
    db.all<{ id: string; total: number; fresh: number; male: number; female: number }>(
      sql`SELECT m.registration_id AS id, COUNT(*) AS total,
            SUM(CASE WHEN m.declaration_accepted_at >= ${start} THEN 1 ELSE 0 END) AS fresh,
            SUM(CASE WHEN m.gender = 'L' THEN 1 ELSE 0 END) AS male,
            SUM(CASE WHEN m.gender = 'P' THEN 1 ELSE 0 END) AS female
          FROM registration_members m
          WHERE m.registration_id IN (SELECT value FROM json_each(${activeIds})) AND m.declaration_accepted_at < ${end}
          GROUP BY m.registration_id`,
    ),
    db.all<{ id: string; n: number }>(
      sql`SELECT a.kim_registration_id AS id, COUNT(*) AS n FROM aspirations a
          WHERE a.kim_registration_id IS NOT NULL AND a.kim_registration_id IN (SELECT value FROM json_each(${activeIds}))
            AND a.created_at >= ${start} AND a.created_at < ${end}
          GROUP BY a.kim_registration_id`,
    ),
  ]);
  return {
    villages: Number(villages[0]?.n ?? 0),
    registrations,
    active,
    closed: new Map(closed.map((c) => [c.status, Number(c.n)])),
    members: new Map(members.map((m) => [m.id, m])),
    forwarded: new Map(forwarded.map((f) => [f.id, Number(f.n)])),
    start,
    end,
  };
}

type KecamatanData = Awaited<ReturnType<typeof readKecamatan>>;

function figuresFrom(data: KecamatanData, medianDays: number | null): KimFigures {
  const { start, end } = data;
  const memberSum = (key: "total" | "fresh" | "male" | "female") =>
    [...data.members.values()].reduce((s, m) => s + Number(m[key] ?? 0), 0);
  const withKim = new Set(data.active.map((r) => r.village)).size;
  return {
    villages: data.villages,
    villages_with_kim: withKim,
    coverage_pct: percent(withKim, data.villages),
    active_kims: data.active.length,
    new_kims: data.active.filter((r) => (r.approved ?? "") >= start).length,
    registrations_submitted: data.registrations.filter((r) => r.created >= start && r.created < end).length,
    registrations_approved: data.closed.get("approved") ?? 0,
    registrations_rejected: data.closed.get("rejected") ?? 0,
    registrations_expired: data.closed.get("expired") ?? 0,
    members_total: memberSum("total"),
    members_new: memberSum("fresh"),
    members_male: memberSum("male"),
    members_female: memberSum("female"),
    median_days_to_approval: medianDays,
  };
}

function qualityFrom(data: KecamatanData, settings: Settings): KimQuality[] {
  return [...data.active]
    .sort((a, b) => ((a.number ?? "") < (b.number ?? "") ? -1 : 1))
    .map((r) => {
      const score = qualityScore(
        {
          decreeComplete: r.decree === 1,
          online: r.online === 1,
          members: Number(data.members.get(r.id)?.total ?? 0),
          aspirationsForwarded: data.forwarded.get(r.id) ?? 0,
        },
        settings,
      );
      return { id: r.id, number: r.number ?? r.id, name: r.name, score, tier: tierOf(score, settings) };
    });
}

/** One kecamatan's KIM figures for a month and the quality of each of its active KIMs. */
export async function kecamatanFiguresOf(
  db: Db,
  kecamatanCode: string,
  month: string,
  settings: Settings,
): Promise<{ figures: KimFigures; quality: KimQuality[] }> {
  const data = await readKecamatan(db, kecamatanCode, month);
  const approvals = data.active
    .filter((r) => (r.approved ?? "") >= data.start)
    .map((r) => ({ from: r.created, to: r.approved ?? "" }));
  return {
    figures: figuresFrom(data, await medianWorkingDays(db, approvals)),
    quality: qualityFrom(data, settings),
  };
}

/** One kecamatan's KIM figures for a month (the quality rubric's settings play no part in them). */
export async function kimFiguresOf(db: Db, kecamatanCode: string, month: string): Promise<KimFigures> {
  return (await kecamatanFiguresOf(db, kecamatanCode, month, resolveSettings([]).settings)).figures;
}

/** Submission and approval moments of the KIMs approved in the month (in one kecamatan, or all). */
export async function approvalPairs(
  db: Db,
  month: string,
  kecamatanCode?: string,
): Promise<{ from: string; to: string }[]> {
  const { start, end } = monthBounds(month);
  const where = kecamatanCode
    ? sql`AND r.village_code IN (SELECT code FROM areas WHERE parent_code = ${kecamatanCode})`
    : sql``;
  return db.all<{ from: string; to: string }>(
    sql`SELECT r.created_at AS "from", r.approved_at AS "to" FROM registrations r
        WHERE r.status = 'approved' AND r.approved_at >= ${start} AND r.approved_at < ${end} ${where}`,
  );
}

/** The regency's KIM figures: the kecamatan figures added up, its coverage computed again. */
export function sumKimFigures(parts: KimFigures[]): KimFigures {
  const total = (key: Exclude<keyof KimFigures, "coverage_pct" | "median_days_to_approval">) =>
    parts.reduce((s, p) => s + p[key], 0);
  const villages = total("villages");
  const withKim = total("villages_with_kim");
  return {
    villages,
    villages_with_kim: withKim,
    coverage_pct: percent(withKim, villages),
    active_kims: total("active_kims"),
    new_kims: total("new_kims"),
    registrations_submitted: total("registrations_submitted"),
    registrations_approved: total("registrations_approved"),
    registrations_rejected: total("registrations_rejected"),
    registrations_expired: total("registrations_expired"),
    members_total: total("members_total"),
    members_new: total("members_new"),
    members_male: total("members_male"),
    members_female: total("members_female"),
    // A median does not add up: the regency's is computed from its own approvals.
    median_days_to_approval: null,
  };
}

export interface KimQuality {
  id: string;
  number: string;
  name: string;
  score: number | null;
  tier: Tier;
}

/** A kecamatan's quality figures: the average score and how many KIMs in each tier. */
export function qualitySummary(kims: KimQuality[]) {
  const scored = kims.filter((k) => k.score !== null);
  return {
    quality_avg:
      scored.length > 0 ? Math.round((scored.reduce((s, k) => s + (k.score ?? 0), 0) / scored.length) * 10) / 10 : null,
    tier_1_kims: kims.filter((k) => k.tier === 1).length,
    tier_2_kims: kims.filter((k) => k.tier === 2).length,
    tier_3_kims: kims.filter((k) => k.tier === 3).length,
  };
}
