import { type Context, Hono } from "hono";
import { AppError, type ErrorDetail, notFound } from "../errors";
import {
  type ActionLink,
  actionLinkNonceInsert,
  actionLinkRefusal,
  isActionLinkReuse,
  markActionLinkUsed,
  verifyActionLink,
} from "../services/action-links";
import { ActionConfirmPage, ActionDonePage, ActionNotApplicablePage, type ActionOutcome } from "../views/action-link";
import type { ActionLinkHandler } from "./action-link-handler";
import { sameOriginForms } from "./auth";
import type { AppEnv } from "./context";
import { registrationActionLinkHandlers } from "./registration/action-links";

/**
 * The registry of action-link handlers, by action name: each process adds its own with one
 * spread here, and links made with `createActionLink({ action: "registration.endorse", … })`
 * then open their confirmation page at `/aksi/…`.
 */
export const ACTION_LINK_HANDLERS: Readonly<Record<string, ActionLinkHandler>> = {
  ...registrationActionLinkHandlers,
};

async function verified(
  c: Context<AppEnv>,
  handlers: Readonly<Record<string, ActionLinkHandler>>,
): Promise<{ link: ActionLink; handler: ActionLinkHandler }> {
  const result = await verifyActionLink(
    { db: c.var.db, config: c.var.config, now: c.var.now },
    c.req.param("token") ?? "",
  );
  if (!result.ok) throw actionLinkRefusal(result.reason);
  const handler = Object.hasOwn(handlers, result.link.action) ? handlers[result.link.action] : undefined;
  if (!handler) throw notFound("Tautan ini tidak dikenal. Periksa kembali tautan dari email Anda.");
  return { link: result.link, handler };
}

/**
 * `/aksi/:token`: GET shows the action's confirmation page and changes nothing (mail scanners
 * follow links); POST, from this site only, checks the required fields and performs the action,
 * which uses the link up in the same batch as its write (see `ActionLinkHandler`). An action its
 * service refuses with field errors shows the page again (422) and the link stays usable.
 * Refused links answer 404 (forged) or 410 (expired, used).
 */
export function actionLinkRoutes(handlers: Readonly<Record<string, ActionLinkHandler>> = ACTION_LINK_HANDLERS) {
  return new Hono<AppEnv>()
    .get("/:token", async (c) => {
      const { link, handler } = await verified(c, handlers);
      const confirmation = await handler.describe(c, link);
      if (!confirmation) return c.html(<ActionNotApplicablePage />, 409);
      return c.html(<ActionConfirmPage token={link.token} confirmation={confirmation} />);
    })
    .post("/:token", sameOriginForms(), async (c) => {
      const { link, handler } = await verified(c, handlers);
      const confirmation = await handler.describe(c, link);
      if (!confirmation) return c.html(<ActionNotApplicablePage />, 409);
      const body = await c.req.parseBody();
      const values: Record<string, string> = {};
      for (const f of confirmation.fields ?? []) {
        const v = body[f.name];
        values[f.name] = typeof v === "string" ? v.trim() : "";
      }
      const errors = (confirmation.fields ?? [])
        .filter((f) => f.required && values[f.name] === "")
        .map((f) => ({ path: f.name, message: `${f.label} wajib diisi.` }));
      const refused = (details: ErrorDetail[]) =>
        c.html(
          <ActionConfirmPage token={link.token} confirmation={confirmation} values={values} errors={details} />,
          422,
        );
      if (errors.length) return refused(errors);
      let outcome: ActionOutcome;
      try {
        outcome = await handler.perform(c, link, values, actionLinkNonceInsert(c.var.db, link, c.var.now()));
      } catch (err) {
        if (err instanceof AppError && err.code === "validation_failed") return refused(err.details ?? []);
        if (isActionLinkReuse(err)) throw actionLinkRefusal("used");
        throw err;
      }
      // A no-op on the nonce the action's batch recorded; records it when the action found nothing to write.
      await markActionLinkUsed({ db: c.var.db, now: c.var.now }, link);
      return c.html(<ActionDonePage outcome={outcome} />);
    });
}
