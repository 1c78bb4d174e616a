import { sql } from "drizzle-orm";
import type { Db } from "../../db";
import { VILLAGE_LEVELS } from "../../domain/areas";
import type { Settings } from "../../domain/settings";
import { percent } from "../../domain/stats/figures";
import { monthBounds } from "../../domain/stats/month";
import { qualityScore, type Tier, tierOf } from "../../domain/stats/quality";
import { medianWorkingDays } from "./working-days";

/**
 * The KIM figures of one kecamatan for one month: five aggregate queries in parallel, each reading
 * that kecamatan's villages and KIMs and the month's events only. Approved KIMs never return to
 * another status, so a past month computes the same today as it did then.
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

export async function kimFiguresOf(db: Db, kecamatanCode: string, month: string): Promise<KimFigures> {
  const { start, end } = monthBounds(month);
  const inKecamatan = sql`r.village_code IN (SELECT code FROM areas WHERE parent_code = ${kecamatanCode})`;
  const [villages, kims, submitted, closed, members] = await Promise.all([
    db.all<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM areas WHERE parent_code = ${kecamatanCode} AND level IN (${villageLevels})`,
    ),
    db.all<{ active: number; villages: number; fresh: number }>(
      sql`SELECT COUNT(*) AS active, COUNT(DISTINCT r.village_code) AS villages,
            SUM(CASE WHEN r.approved_at >= ${start} THEN 1 ELSE 0 END) AS fresh
          FROM registrations r WHERE ${inKecamatan} AND r.status = 'approved' AND r.approved_at < ${end}`,
    ),
    db.all<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM registrations r
          WHERE ${inKecamatan} AND r.created_at >= ${start} AND r.created_at < ${end}`,
    ),
    db.all<{ status: string; n: number }>(
      sql`SELECT e.to_status AS status, COUNT(DISTINCT e.registration_id) AS n
          FROM registration_events e JOIN registrations r ON r.id = e.registration_id
          WHERE ${inKecamatan} AND e.to_status IN ('approved', 'rejected', 'expired')
            AND e.at >= ${start} AND e.at < ${end}
          GROUP BY e.to_status`,
    ),
    db.all<{ total: number; fresh: number; male: number; female: number }>(
      sql`SELECT COUNT(*) AS total,
            SUM(CASE WHEN m.declaration_accepted_at >= ${start} THEN 1 ELSE 0 END) AS fresh,
            SUM(CASE WHEN m.gender = 'L' THEN 1 ELSE 0 END) AS male,
            SUM(CASE WHEN m.gender = 'P' THEN 1 ELSE 0 END) AS female
          FROM registration_members m JOIN registrations r ON r.id = m.registration_id
          WHERE ${inKecamatan} AND r.status = 'approved' AND r.approved_at < ${end}
            AND m.declaration_accepted_at < ${end}`,
    ),
  ]);
  const n = (v: unknown) => Number(v ?? 0);
  const byStatus = new Map(closed.map((c) => [c.status, n(c.n)]));
  const villageCount = n(villages[0]?.n);
  const withKim = n(kims[0]?.villages);
  return {
    villages: villageCount,
    villages_with_kim: withKim,
    coverage_pct: percent(withKim, villageCount),
    active_kims: n(kims[0]?.active),
    new_kims: n(kims[0]?.fresh),
    registrations_submitted: n(submitted[0]?.n),
    registrations_approved: byStatus.get("approved") ?? 0,
    registrations_rejected: byStatus.get("rejected") ?? 0,
    registrations_expired: byStatus.get("expired") ?? 0,
    members_total: n(members[0]?.total),
    members_new: n(members[0]?.fresh),
    members_male: n(members[0]?.male),
    members_female: n(members[0]?.female),
    median_days_to_approval: await medianWorkingDays(db, await approvalPairs(db, month, kecamatanCode)),
  };
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

/**
 * The quality of each KIM of a kecamatan active at the month's end: its indicators read in one
 * query (members and the month's forwarded aspirations counted per KIM), scored by the rubric.
 */
export async function kimQualityOf(
  db: Db,
  kecamatanCode: string,
  month: string,
  settings: Settings,
): Promise<KimQuality[]> {
  const { start, end } = monthBounds(month);
  const rows = await db.all<{
    id: string;
    number: string | null;
    name: string;
    decree: number;
    online: number;
    members: number;
    forwarded: number;
  }>(
    sql`SELECT r.id AS id, r.registration_number AS number, r.kim_name AS name,
          CASE WHEN r.decree_scan_key IS NOT NULL AND r.decree_number <> '' THEN 1 ELSE 0 END AS decree,
          CASE WHEN r.website IS NOT NULL OR json_array_length(r.socials) > 0 THEN 1 ELSE 0 END AS online,
          (SELECT COUNT(*) FROM registration_members m WHERE m.registration_id = r.id
             AND m.declaration_accepted_at < ${end}) AS members,
          (SELECT COUNT(*) FROM aspirations a WHERE a.kim_registration_id = r.id
             AND a.created_at >= ${start} AND a.created_at < ${end}) AS forwarded
        FROM registrations r
        WHERE r.village_code IN (SELECT code FROM areas WHERE parent_code = ${kecamatanCode})
          AND r.status = 'approved' AND r.approved_at < ${end}
        ORDER BY r.registration_number`,
  );
  return rows.map((r) => {
    const score = qualityScore(
      {
        decreeComplete: r.decree === 1,
        online: r.online === 1,
        members: Number(r.members),
        aspirationsForwarded: Number(r.forwarded),
      },
      settings,
    );
    return { id: r.id, number: r.number ?? r.id, name: r.name, score, tier: tierOf(score, settings) };
  });
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
