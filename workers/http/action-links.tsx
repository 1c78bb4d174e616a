import { type Context, Hono } from "hono";
import { notFound } from "../errors";
import { type ActionLink, actionLinkRefusal, consumeActionLink, verifyActionLink } from "../services/action-links";
import { ActionConfirmPage, ActionDonePage, ActionNotApplicablePage } from "../views/action-link";
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
 * follow links); POST, from this site only, checks the required fields, uses the link once and
 * performs the action. Refused links answer 404 (forged) or 410 (expired, used).
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
      if (errors.length) {
        return c.html(
          <ActionConfirmPage token={link.token} confirmation={confirmation} values={values} errors={errors} />,
          422,
        );
      }
      await consumeActionLink({ db: c.var.db, now: c.var.now }, link);
      return c.html(<ActionDonePage outcome={await handler.perform(c, link, values)} />);
    });
}
