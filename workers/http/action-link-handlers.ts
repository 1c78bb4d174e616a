import type { Context } from "hono";
import type { ActionLink } from "../services/action-links";
import type { AppEnv } from "./context";
import { registrationActionLinkHandlers } from "./registration-action-links";

/** What the confirmation page of an action link shows. */
export interface ActionConfirmation {
  title: string;
  /** Paragraphs explaining what pressing the button does. */
  paragraphs: string[];
  confirmLabel: string;
  /** Extra inputs, e.g. a mandatory reason for a rejection. */
  fields?: { name: string; label: string; required: boolean; multiline?: boolean }[];
}

/** The page shown after the action was performed. */
export interface ActionOutcome {
  title: string;
  paragraphs: string[];
}

/**
 * One kind of action link. `describe` builds the confirmation page (undefined when the record
 * no longer allows the action, e.g. it was already decided); `perform` does it. The router has
 * verified the signature, expiry and single use, checked the required fields, and recorded the
 * nonce before `perform` runs, so `perform` runs at most once per link.
 */
export interface ActionLinkHandler {
  describe(c: Context<AppEnv>, link: ActionLink): Promise<ActionConfirmation | undefined>;
  perform(c: Context<AppEnv>, link: ActionLink, fields: Record<string, string>): Promise<ActionOutcome>;
}

/**
 * The registry of action-link handlers, by action name. Adding one is one line here, e.g.
 * `"registration.endorse": registrationEndorseHandler,` (issue 5), and links made with
 * `createActionLink({ action: "registration.endorse", … })` then open its confirmation page at `/aksi/…`.
 */
export const ACTION_LINK_HANDLERS: Readonly<Record<string, ActionLinkHandler>> = {
  ...registrationActionLinkHandlers,
};
