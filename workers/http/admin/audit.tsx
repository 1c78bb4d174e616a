import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type * as z from "zod";
import { type AuditFilter, exportAuditCsv, queryAuditLog } from "../../services/audit-log";
import { AuditPage } from "../../views/admin/audit";
import { authorize, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { auditQuery, detailsOf, withoutEmpty } from "./inputs";

const guard = authorize("audit.read");

/** The filter fields as typed, so the re-rendered form shows what the official entered. */
const FILTER_FIELDS = ["actorName", "actorId", "action", "subjectType", "subjectId", "from", "to"] as const;

/**
 * A filter that does not parse (a bad date, a forged `sebelum`) re-renders the form with each
 * field's message and no entries: 422, never a 500. The CSV export answers the same page, since
 * an official reaches it from the form's link.
 */
function refusedFilter(c: Context<AppEnv>, error: z.ZodError) {
  const query = c.req.query();
  const entered = Object.fromEntries(FILTER_FIELDS.map((f) => [f, query[f] ?? ""])) as AuditFilter;
  return c.html(
    <AuditPage
      session={currentSession(c)}
      filter={entered}
      entries={[]}
      nextBeforeId={undefined}
      errors={detailsOf(error)}
    />,
    422,
  );
}

/** `/admin/audit` and its CSV (`/admin/audit/ekspor.csv`): read-only, there is no route that edits or deletes an entry. */
export const auditPages = new Hono<AppEnv>()
  .use(guard)
  .get("/", async (c) => {
    const parsed = auditQuery.safeParse(withoutEmpty(c.req.query()));
    if (!parsed.success) return refusedFilter(c, parsed.error);
    const { sebelum, ...filter } = parsed.data;
    const page = await queryAuditLog(serviceDeps(c), currentActor(c), filter, { beforeId: sebelum });
    return c.html(
      <AuditPage session={currentSession(c)} filter={filter} entries={page.entries} nextBeforeId={page.nextBeforeId} />,
    );
  })
  .get("/ekspor.csv", async (c) => {
    const parsed = auditQuery.safeParse(withoutEmpty(c.req.query()));
    if (!parsed.success) return refusedFilter(c, parsed.error);
    const { sebelum: _ignored, ...filter } = parsed.data;
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
