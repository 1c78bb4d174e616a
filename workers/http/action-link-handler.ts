import type { Context } from "hono";
import type { ActionLink } from "../services/action-links";
import type { ActionConfirmation, ActionOutcome } from "../views/action-link";
import type { AppEnv } from "./context";

/**
 * One kind of action link. `describe` builds the confirmation page (undefined when the record
 * no longer allows the action, e.g. it was already decided); `perform` does it. The router has
 * verified the signature, expiry and single use, checked the required fields, and recorded the
 * nonce before `perform` runs, so `perform` runs at most once per link. Each process keeps its
 * handlers in its own folder (`http/registration/action-links.ts`) and registers them in
 * `ACTION_LINK_HANDLERS` (`http/action-links.tsx`).
 */
export interface ActionLinkHandler {
  describe(c: Context<AppEnv>, link: ActionLink): Promise<ActionConfirmation | undefined>;
  perform(c: Context<AppEnv>, link: ActionLink, fields: Record<string, string>): Promise<ActionOutcome>;
}
