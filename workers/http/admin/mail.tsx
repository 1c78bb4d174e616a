import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { maskEmail } from "../../domain/mask";
import { listFailedMail, resendFailedMail } from "../../services/mail";
import { recordPersonalDataRead } from "../../services/personal-data";
import { FailedMailPage } from "../../views/admin/mail";
import { authorize, csrfProtection, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";

const guard = authorize("mail.resend");
const mailDeps = (c: Context<AppEnv>) => ({
  db: c.var.db,
  queue: c.env.MAIL_QUEUE,
  config: c.var.config,
  now: c.var.now(),
});

async function failedList(c: Context<AppEnv>) {
  const items = await listFailedMail(c.var.db);
  await recordPersonalDataRead(
    serviceDeps(c),
    currentActor(c),
    { type: "mail_outbox", id: "*failed" },
    { count: items.length },
  );
  return items;
}

/** `/admin/email-gagal`: failed mail, recipients masked, with a resend button each. */
export const mailPages = new Hono<AppEnv>()
  .use(guard)
  .use(csrfProtection())
  .get("/", async (c) =>
    c.html(<FailedMailPage session={currentSession(c)} items={await failedList(c)} flash={c.req.query("pesan")} />),
  )
  .post("/:id/kirim-ulang", async (c) => {
    await resendFailedMail(mailDeps(c), {
      outboxId: c.req.param("id"),
      actor: currentActor(c),
      requestId: c.var.requestId,
    });
    return c.redirect("/admin/email-gagal?pesan=dikirim", 303);
  });

export const mailApi = new Hono<AppEnv>()
  .use(guard)
  .get(
    "/failed",
    describeRoute({
      tags: ["Admin"],
      summary: "Failed mail, recipients masked",
      responses: { 200: { description: "OK" }, ...errorResponses(401, 403) },
    }),
    async (c) => {
      const items = await failedList(c);
      return c.json({ data: items.map((m) => ({ ...m, recipients: m.recipients.map(maskEmail) })) });
    },
  )
  .post(
    "/failed/:id/resend",
    describeRoute({
      tags: ["Admin"],
      summary: "Resend one failed message",
      responses: { 201: { description: "Queued" }, ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const row = await resendFailedMail(mailDeps(c), {
        outboxId: c.req.param("id"),
        actor: currentActor(c),
        requestId: c.var.requestId,
      });
      return c.json({ data: { id: row.id, status: row.status, resendOf: row.resendOf } }, 201);
    },
  );
