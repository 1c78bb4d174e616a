import { and, asc, lte } from "drizzle-orm";
import { aspirations } from "../../../schema";
import { AGENCY_STATUSES, VERIFICATION_STATUSES } from "../../domain/aspiration/status";
import type { SweptProcess } from "../sweeper";
import { statusIn } from "./queues";

/**
 * Aspiration's entry in the instance sweeper (`services/sweeper.ts`): every case that waits for
 * verification, for its agency or for the reporter should have a running `AspirationFlow`,
 * created with the same params as the intake creates it.
 */
export function aspirationSweep(flow: SweptProcess["flow"]): SweptProcess {
  return {
    name: "aspiration",
    label: "aspirasi",
    flow,
    async pendingIds(db, { createdBefore, limit }) {
      const rows = await db
        .select({ code: aspirations.code })
        .from(aspirations)
        .where(
          and(
            statusIn([...VERIFICATION_STATUSES, ...AGENCY_STATUSES, "answered"]),
            lte(aspirations.createdAt, createdBefore),
          ),
        )
        .orderBy(asc(aspirations.updatedAt), asc(aspirations.code))
        .limit(limit);
      return rows.map((r) => r.code);
    },
    params: (code) => ({ code }),
    detailPath: (code) => `/aspirasi/kelola/${code}`,
  };
}
