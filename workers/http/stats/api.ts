import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as z from "zod";
import { monthlyReport } from "../../services/stats/report";
import { backfillMonths, recomputeMonth } from "../../services/stats/trigger";
import { authorize, currentActor, sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";

const monthParam = z.object({ month: z.string().max(10) });

/** `GET /api/v1/stats/monthly/:month`: a month's frozen figures, public (no personal data). */
export const statsApi = new Hono<AppEnv>().get(
  "/monthly/:month",
  describeRoute({
    tags: ["Statistics"],
    summary: "One month's frozen KIM and aspiration figures",
    description:
      "The latest frozen version of the WITA month `YYYY-MM`: the regency's figures with their change from the month " +
      "before and the year before, and the figures per kecamatan, agency and kind of report. `revised` is true when a " +
      "recompute replaced the first version. 404 while the month has no snapshot.",
    responses: {
      200: { description: "The figures", content: { "application/json": {} } },
      ...errorResponses(404, 422),
    },
  }),
  validate("param", monthParam),
  async (c) => c.json({ data: await monthlyReport(c.var.db, c.req.valid("param").month) }),
);

/** Administrators: backfill past months and recompute one with a reason. */
export const statsAdminApi = new Hono<AppEnv>()
  .post(
    "/backfill",
    describeRoute({
      tags: ["Admin"],
      summary: "Compute the months from `from` to `to` that have no snapshot yet",
      responses: { 200: { description: "Months started and skipped" }, ...errorResponses(401, 403, 422) },
    }),
    sameOriginForms(),
    authorize("stats.manage"),
    validate("json", z.object({ from: z.string().max(10), to: z.string().max(10) })),
    async (c) =>
      c.json({
        data: await backfillMonths({ ...serviceDeps(c), flow: c.env.STATS_FLOW }, currentActor(c), c.req.valid("json")),
      }),
  )
  .post(
    "/monthly/:month/recompute",
    describeRoute({
      tags: ["Admin"],
      summary: "Recompute a closed month as a new version, keeping the old one",
      responses: { 200: { description: "The version being computed" }, ...errorResponses(401, 403, 422) },
    }),
    sameOriginForms(),
    authorize("stats.manage"),
    validate("param", monthParam),
    validate("json", z.object({ reason: z.string().max(1000) })),
    async (c) =>
      c.json({
        data: await recomputeMonth({ ...serviceDeps(c), flow: c.env.STATS_FLOW }, currentActor(c), {
          month: c.req.valid("param").month,
          reason: c.req.valid("json").reason,
        }),
      }),
  );
