import type { Role } from "../domain/roles";
import { createLogger } from "../log";
import type { MailQueueMessage } from "../mail/messages";
import { handOverWaitingCases } from "./aspiration/notices";
import type { ServiceDeps } from "./deps";
import { sendPendingEndorsements } from "./registration/flow-steps";

/**
 * Recipients who appear later. A process mails the holders of a role for a scope when an item
 * reaches them (the village head of the registration's village; next, the officers of the agency
 * an aspiration is routed to). Someone granted that role afterwards would otherwise never hear
 * of the items already waiting there. So each process names, per role, how to hand its pending
 * items of a scope to one new holder, and granting a role (`services/officials.ts`) calls
 * `handOverPendingWork`. Handlers key their mail per item and holder, so a repeat sends nothing twice.
 */

/** The new holder of a role on a scope. */
export interface NewHolder {
  officialId: string;
  email: string;
  role: Role;
  scopeId: string;
}

export type HandoverDeps = ServiceDeps & { queue: Queue<MailQueueMessage> };

/** Sends one new holder the pending items of their scope; returns how many were sent. */
type Handover = (deps: HandoverDeps, holder: NewHolder) => Promise<number>;

/** One entry per role some process waits on; a new process adds its roles here. */
const HANDOVERS: Partial<Record<Role, Handover>> = {
  village_head: (deps, holder) =>
    sendPendingEndorsements({ ...deps, logger: createLogger(deps.requestId) }, holder.scopeId, {
      id: holder.officialId,
      email: holder.email,
    }),
  agency_officer: handOverWaitingCases,
};

/**
 * Hands the pending items of `holder`'s scope to them, for the roles a process waits on. A
 * failure is logged, not thrown: the grant itself is stored, and the process's next reminder
 * looks the holders up again.
 *
 * @example
 * await handOverPendingWork(deps, { officialId, email, role: "village_head", scopeId: "64.03.04.2001" }) // 1
 */
export async function handOverPendingWork(deps: HandoverDeps, holder: NewHolder): Promise<number> {
  const handover = HANDOVERS[holder.role];
  if (!handover) return 0;
  const logger = createLogger(deps.requestId);
  try {
    const sent = await handover(deps, holder);
    if (sent > 0) logger.log("info", "pending_work_handed_over", { role: holder.role, scopeId: holder.scopeId, sent });
    return sent;
  } catch (err) {
    logger.log("error", "pending_work_handover_failed", {
      role: holder.role,
      scopeId: holder.scopeId,
      officialId: holder.officialId,
      message: err instanceof Error ? err.message : String(err),
    });
    return 0;
  }
}
