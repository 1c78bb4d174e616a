import { and, asc, inArray, lte } from "drizzle-orm";
import { registrations } from "../../../schema";
import { PENDING_STATUSES } from "../../domain/registration/status";
import type { SweptProcess } from "../sweeper";
import { detailLink } from "./flow-steps";

/**
 * Registration's entry in the instance sweeper (`services/sweeper.ts`): every registration
 * awaiting endorsement, verification or revision should have a running `RegistrationFlow`,
 * created with the same params as the intake creates it.
 *
 * @example
 * sweepStrandedInstances({ …, processes: [registrationSweep(env.REGISTRATION_FLOW)] })
 */
export function registrationSweep(flow: SweptProcess["flow"]): SweptProcess {
  return {
    name: "registration",
    label: "pendaftaran KIM",
    flow,
    async pendingIds(db, { createdBefore, limit }) {
      const rows = await db
        .select({ id: registrations.id })
        .from(registrations)
        .where(and(inArray(registrations.status, [...PENDING_STATUSES]), lte(registrations.createdAt, createdBefore)))
        .orderBy(asc(registrations.updatedAt), asc(registrations.id))
        .limit(limit);
      return rows.map((r) => r.id);
    },
    params: (id) => ({ registrationId: id }),
    detailPath: detailLink,
  };
}
