import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "zod";
import indonesian from "zod/v4/locales/id.js";
import { ConfigError } from "../config";
import { CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE, CalendarRangeError, formatDateHuman } from "../domain/time";
import {
  AppError,
  concurrentWriteConflict,
  type ErrorCode,
  isTransientD1Error,
  notFound,
  storageUnavailable,
  uniqueConstraintOf,
  validationFailed,
} from "../errors";
import { createLogger } from "../log";
import { renderErrorPage } from "../views/error-page";
import { actionLinkRoutes } from "./action-links";
import { adminApi, adminPages } from "./admin";
import { areasRoutes } from "./areas";
import { aspirationsApi } from "./aspiration/api";
import { aspirationOfficialPages } from "./aspiration/officials";
import { aspirationOfficialsApi } from "./aspiration/officials-api";
import { aspirationPages } from "./aspiration/pages";
import { assetsRoutes } from "./assets";
import { loadSession } from "./auth";
import { calendarRoutes } from "./calendar";
import type { AppEnv } from "./context";
import { docsRoutes } from "./docs";
import { errorEnvelope } from "./errors";
import { healthRoutes } from "./health";
import { homeRoutes } from "./home";
import { limitBody, noStoreUnlessPublic, readableBodies, requestContext, securityHeaders } from "./middleware";
import { registrationPages } from "./registration/daftar-kim";
import { kimPages, withdrawRequestPages } from "./registration/kim-pages";
import { registrationOfficialPages } from "./registration/officials";
import { registrationsApi } from "./registration/registrations";
import { authApi, signInPages } from "./sign-in";
import { statsAdminApi, statsApi } from "./stats/api";
import { statsPages } from "./stats/pages";

// People read zod's messages in Bahasa Indonesia. Importing the one locale keeps the other ~40 out of the bundle.
z.config(indonesian());

/** Codes for the HTTP errors that Hono's own middleware throws. */
const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof CalendarRangeError) {
    const message = `Tanggal di luar rentang kalender (${formatDateHuman(CALENDAR_FIRST_DATE)} sampai ${formatDateHuman(CALENDAR_LAST_DATE)}).`;
    return validationFailed([{ path: "calendar", code: "calendar_out_of_range", message }], message);
  }
  if (err instanceof HTTPException) {
    const code = HTTP_EXCEPTION_CODES[err.status];
    if (code)
      return new AppError(err.status, code, err.status === 400 ? "Format data tidak dapat dibaca." : err.message);
  }
  if (uniqueConstraintOf(err)) return concurrentWriteConflict();
  if (isTransientD1Error(err)) return storageUnavailable();
  return undefined;
}

/** Pages get an HTML error page; the API and programs get the JSON envelope. */
function wantsHtml(path: string, accept: string | undefined): boolean {
  return !path.startsWith("/api/") && !path.startsWith("/healthz") && (accept ?? "").includes("text/html");
}

/** Builds the one Hono app: middleware, then every router, then the error envelope. */
export function createApp() {
  const app = new Hono<AppEnv>();
  app.use("*", securityHeaders);
  app.use("*", noStoreUnlessPublic);
  app.use("*", requestContext);
  app.use("*", limitBody());
  app.use("*", readableBodies);
  app.use("*", loadSession);

  app.route("/", healthRoutes);
  app.route("/", homeRoutes);
  app.route("/", assetsRoutes);
  app.route("/api/v1/areas", areasRoutes);
  app.route("/api/v1/calendar", calendarRoutes);
  app.route("/", signInPages);
  app.route("/api/v1/auth", authApi);
  app.route("/admin", adminPages);
  app.route("/api/v1/admin/stats", statsAdminApi);
  app.route("/api/v1/admin", adminApi);
  app.route("/aksi", actionLinkRoutes());
  app.route("/", registrationPages);
  app.route("/api/v1/registrations", registrationsApi);
  app.route("/pendaftaran", registrationOfficialPages);
  app.route("/api/v1/aspirations", aspirationOfficialsApi);
  app.route("/api/v1/aspirations", aspirationsApi);
  app.route("/aspirasi/kelola", aspirationOfficialPages);
  app.route("/", aspirationPages);
  app.route("/api/v1/stats", statsApi);
  app.route("/", statsPages);
  app.route("/kim", kimPages);
  app.route("/daftar-kim", withdrawRequestPages);
  app.route("/api", docsRoutes(app));

  app.notFound(() => {
    throw notFound();
  });

  app.onError((err, c) => {
    const requestId = c.get("requestId") ?? crypto.randomUUID();
    let appError = toAppError(err);
    if (!appError) {
      const logger = c.get("logger") ?? createLogger(requestId);
      // Only the error's class and message: never the request body, which may hold personal data.
      logger.log("error", "unhandled_error", { name: (err as Error).name, message: (err as Error).message });
      appError =
        err instanceof ConfigError
          ? new AppError(503, "service_unavailable", "Layanan belum dikonfigurasi dengan benar.")
          : new AppError(500, "internal_error", "Terjadi kesalahan pada sistem. Silakan coba lagi.");
    }
    c.header("X-Request-Id", requestId);
    if (wantsHtml(c.req.path, c.req.header("accept"))) {
      return c.html(renderErrorPage(appError, requestId), appError.status);
    }
    return c.json(errorEnvelope(appError, requestId), appError.status);
  });
  return app;
}
