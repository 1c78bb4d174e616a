import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { validationFailed } from "../../errors";
import { exportAuditCsv, queryAuditLog } from "../../services/audit-log";
import { AuditPage } from "../../views/admin/audit";
import { authorize, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { auditQuery, detailsOf, withoutEmpty } from "./inputs";

const guard = authorize("audit.read");

/** The page's filter form leaves fields empty: those mean "not given"; a bad one is a 422 naming it. */
function pageFilter(c: Context<AppEnv>) {
  const parsed = auditQuery.safeParse(withoutEmpty(c.req.query()));
  if (!parsed.success) throw validationFailed(detailsOf(parsed.error));
  return parsed.data;
}

/** `/admin/audit` and its CSV (`/admin/audit/ekspor.csv`): read-only, there is no route that edits or deletes an entry. */
export const auditPages = new Hono<AppEnv>()
  .use(guard)
  .get("/", async (c) => {
    const { sebelum, ...filter } = pageFilter(c);
    const page = await queryAuditLog(serviceDeps(c), currentActor(c), filter, { beforeId: sebelum });
    return c.html(
      <AuditPage session={currentSession(c)} filter={filter} entries={page.entries} nextBeforeId={page.nextBeforeId} />,
    );
  })
  .get("/ekspor.csv", async (c) => {
    const { sebelum: _ignored, ...filter } = pageFilter(c);
    const csv = await exportAuditCsv(serviceDeps(c), currentActor(c), filter);
    return c.body(csv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="simpul-audit.csv"',
    });
  });

export const auditApi = new Hono<AppEnv>()
  .use(guard)
  .get(
    "/",
    describeRoute({
      tags: ["Admin"],
      summary: "Audit log, newest first, filtered",
      responses: { 200: { description: "Entries" }, ...errorResponses(401, 403, 422) },
    }),
    validate("query", auditQuery),
    async (c) => {
      const { sebelum, ...filter } = c.req.valid("query");
      const page = await queryAuditLog(serviceDeps(c), currentActor(c), filter, { beforeId: sebelum });
      return c.json({ data: page.entries, nextBefore: page.nextBeforeId ?? null });
    },
  )
  .get(
    "/export.csv",
    describeRoute({
      tags: ["Admin"],
      summary: "Audit log as CSV",
      responses: { 200: { description: "CSV" }, ...errorResponses(401, 403, 422) },
    }),
    validate("query", auditQuery),
    async (c) => {
      const { sebelum: _ignored, ...filter } = c.req.valid("query");
      return c.body(await exportAuditCsv(serviceDeps(c), currentActor(c), filter), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="simpul-audit.csv"',
      });
    },
  );
