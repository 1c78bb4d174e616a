import { Hono } from "hono";
import { AdminHome } from "../../views/admin/layout";
import { authorize, currentSession, sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { auditApi, auditPages } from "./audit";
import { calendarApi, calendarPages } from "./calendar";
import { dataSubjectApi, dataSubjectPages } from "./data-subject";
import {
  agenciesApi,
  agenciesPages,
  categoriesApi,
  categoriesPages,
  escalationApi,
  escalationPages,
} from "./directory";
import { mailApi, mailPages } from "./mail";
import { officialsApi, officialsPages } from "./officials";
import { settingsApi, settingsPages } from "./settings";
import { statsAdminPages } from "./stats";

/** Every admin page, mounted at `/admin`. Each section guards itself with its own policy action. */
export const adminPages = new Hono<AppEnv>()
  .get("/", authorize("officials.manage"), (c) => c.html(<AdminHome session={currentSession(c)} />))
  .route("/pejabat", officialsPages)
  .route("/pengaturan", settingsPages)
  .route("/kalender", calendarPages)
  .route("/email-gagal", mailPages)
  .route("/audit", auditPages)
  .route("/opd", agenciesPages)
  .route("/kategori", categoriesPages)
  .route("/eskalasi", escalationPages)
  .route("/statistik", statsAdminPages)
  .route("/data-pribadi", dataSubjectPages);

/**
 * Every admin JSON route, mounted at `/api/v1/admin`. The API is authenticated by the session
 * cookie, so a state-changing request must be JSON (which a browser sends cross-origin only after
 * a CORS preflight, which Simpul never grants) or come from this site: a body-less or form-typed
 * POST from a sibling subdomain, which SameSite=Lax lets carry the cookie, is refused.
 */
export const adminApi = new Hono<AppEnv>()
  .use(sameOriginForms())
  .route("/officials", officialsApi)
  .route("/settings", settingsApi)
  .route("/calendar", calendarApi)
  .route("/mail", mailApi)
  .route("/audit", auditApi)
  .route("/agencies", agenciesApi)
  .route("/categories", categoriesApi)
  .route("/escalation-contacts", escalationApi)
  .route("/data-subject-export", dataSubjectApi);
