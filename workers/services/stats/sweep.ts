import { and, asc, eq, lte } from "drizzle-orm";
import { statsSnapshots } from "../../../schema";
import type { SweptProcess } from "../sweeper";

/**
 * Statistics' entry in the instance sweeper (`services/sweeper.ts`): a snapshot still `computing`
 * should have a running `MonthlyStatsFlow`. Its instance id is `stats-YYYY-MM` for version 1 and
 * `stats-YYYY-MM-vN` after, so the id alone gives the params; a re-created instance keeps the
 * stored reason (the snapshot row is never overwritten).
 */

export const statsInstanceId = (month: string, version: number) =>
  version === 1 ? `stats-${month}` : `stats-${month}-v${version}`;

const ID = /^stats-(\d{4}-\d{2})(?:-v(\d+))?$/;

export function statsSweep(flow: SweptProcess["flow"]): SweptProcess {
  return {
    name: "stats",
    label: "statistik bulanan",
    flow,
    async pendingIds(db, { createdBefore, limit }) {
      const rows = await db
        .select({ month: statsSnapshots.month, version: statsSnapshots.version })
        .from(statsSnapshots)
        .where(and(eq(statsSnapshots.status, "computing"), lte(statsSnapshots.startedAt, createdBefore)))
        .orderBy(asc(statsSnapshots.startedAt))
        .limit(limit);
      return rows.map((r) => statsInstanceId(r.month, r.version));
    },
    params(id) {
      const m = ID.exec(id);
      return { month: m?.[1] ?? "", version: Number(m?.[2] ?? 1), reason: null, requestedBy: "instance-sweeper" };
    },
    detailPath: () => "/admin/statistik",
  };
}
