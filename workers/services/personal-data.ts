import type { Actor } from "../domain/actor";
import { auditEntry } from "./audit";
import type { ServiceDeps } from "./deps";

/**
 * Records that `actor` read personal data (UU 27/2022 record of processing): who, what, when and
 * the request id. Call it for every page or API response that shows names, addresses or phones.
 *
 * @example
 * await recordPersonalDataRead(deps, actor, { type: "official", id }, { view: "detail" });
 */
export async function recordPersonalDataRead(
  deps: ServiceDeps,
  actor: Actor,
  subject: { type: string; id: string },
  detail: Record<string, string | number | boolean> = {},
): Promise<void> {
  await auditEntry(deps.db, {
    actor,
    action: "personal_data.read",
    subject,
    requestId: deps.requestId,
    at: deps.now(),
    detail,
  });
}
