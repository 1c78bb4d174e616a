import type { Actor } from "../domain/actor";
import { type Action, can, type ResourceFor } from "../domain/policy";
import { AppError } from "../errors";

/** The one denial: 403 in the envelope, saying nothing about whether the record exists. */
export const forbidden = () => new AppError(403, "forbidden", "Anda tidak berwenang melakukan tindakan ini.");

/**
 * Throws the 403 denial unless the policy allows `action` on `resource`. Services call it first,
 * so a route that forgot its `authorize()` still cannot act.
 *
 * @example
 * assertCan(actor, "officials.manage");
 */
export function assertCan<A extends Action>(actor: Actor, action: A, resource?: ResourceFor<A>): void {
  if (!can(actor, action, resource)) throw forbidden();
}
