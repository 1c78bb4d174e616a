import type { Context } from "hono";
import type { ActionLink, ActionLinkNonceStatement } from "../services/action-links";
import type { ActionConfirmation, ActionOutcome } from "../views/action-link";
import type { AppEnv } from "./context";

/**
 * One kind of action link. `describe` builds the confirmation page (undefined when the record
 * no longer allows the action, e.g. it was already decided); `perform` does it. The router has
 * verified the signature, expiry and that the link is unused, and checked the required fields.
 *
 * The link is used up only when the action lands: `perform` gets `use`, the statement that
 * records the link's nonce, and puts it in the same `db.batch()` as its own write (the services'
 * `extra` option). So an action its service refuses (422 for a reason too long, 409 for a record
 * that moved on) leaves the link usable, and a second use fails that batch on the nonce's key,
 * which the router answers 410. An action with effects outside D1 calls `consumeActionLink`
 * before acting instead. Each process keeps its handlers in its own folder
 * (`http/registration/action-links.ts`) and registers them in `ACTION_LINK_HANDLERS`
 * (`http/action-links.tsx`).
 */
export interface ActionLinkHandler {
  describe(c: Context<AppEnv>, link: ActionLink): Promise<ActionConfirmation | undefined>;
  perform(
    c: Context<AppEnv>,
    link: ActionLink,
    fields: Record<string, string>,
    use: ActionLinkNonceStatement,
  ): Promise<ActionOutcome>;
}
