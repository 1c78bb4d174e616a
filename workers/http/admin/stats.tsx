import { type Context, Hono } from "hono";
import { AppError, type ErrorDetail } from "../../errors";
import { frozenMonths } from "../../services/stats/snapshots";
import { backfillMonths, recomputeMonth } from "../../services/stats/trigger";
import { StatsAdminPage } from "../../views/admin/stats";
import { authorize, csrfProtection, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { field, flashOf, formFields } from "./forms";

async function page(
  c: Context<AppEnv>,
  status: 200 | 422 = 200,
  errors?: ErrorDetail[],
  values?: Record<string, string>,
) {
  return c.html(
    <StatsAdminPage
      session={currentSession(c)}
      months={await frozenMonths(serviceDeps(c).db)}
      flash={flashOf(c)}
      errors={errors}
      values={values}
    />,
    status,
  );
}

/** Runs one of the page's forms: back with a confirmation, or the page again with the refusal (422). */
function action(run: (c: Context<AppEnv>, fields: Record<string, string>) => Promise<unknown>) {
  return async (c: Context<AppEnv>) => {
    const posted = await formFields(c);
    const fields = Object.fromEntries(Object.keys(posted).map((k) => [k, field(posted, k) ?? ""]));
    try {
      await run(c, fields);
    } catch (err) {
      if (err instanceof AppError && err.code === "validation_failed") return page(c, 422, err.details, fields);
      throw err;
    }
    return c.redirect("/admin/statistik?pesan=dihitung", 303);
  };
}

const deps = (c: Context<AppEnv>) => ({ ...serviceDeps(c), flow: c.env.STATS_FLOW });

/** `/admin/statistik`: backfill and recompute, for administrators. */
export const statsAdminPages = new Hono<AppEnv>()
  .use(authorize("stats.manage"))
  .use(csrfProtection())
  .get("/", (c) => page(c))
  .post(
    "/hitung",
    action((c, f) => backfillMonths(deps(c), currentActor(c), { from: f.from ?? "", to: f.to ?? "" })),
  )
  .post(
    "/hitung-ulang",
    action((c, f) => recomputeMonth(deps(c), currentActor(c), { month: f.month ?? "", reason: f.reason ?? "" })),
  );
