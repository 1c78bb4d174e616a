import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import type { OfficialActor } from "../domain/actor";
import { type Action, can, canOnAll, type ResourceFor } from "../domain/policy";
import { AppError, notFound } from "../errors";
import { forbidden } from "../services/authorize";
import { decreeWarningYears } from "../services/calendar";
import {
  CSRF_FIELD,
  type CurrentSession,
  csrfTokenFor,
  SESSION_ABSOLUTE_LIFETIME_MS,
  validateSession,
  verifyCsrfToken,
} from "../services/sessions";
import type { AppEnv } from "./context";
import { mediaType } from "./media-type";

/** The cookie is `__Host-simpul_session`: Secure, Path=/, no Domain, so no subdomain can set or read it. */
export const SESSION_COOKIE = "simpul_session";
export const SESSION_COOKIE_FULL_NAME = `__Host-${SESSION_COOKIE}`;

/** Sets the session cookie: HttpOnly, Secure, SameSite=Lax, Path=/, for the session's absolute lifetime. */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    prefix: "host",
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge: Math.floor(SESSION_ABSOLUTE_LIFETIME_MS / 1000),
  });
}

/** Tells the browser to drop the session cookie (sign out, or a session that ended). */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { prefix: "host", path: "/", secure: true, httpOnly: true, sameSite: "Lax" });
}

/** The session token from the request's cookie, if any. */
export const sessionToken = (c: Context<AppEnv>) => getCookie(c, SESSION_COOKIE, "host");

/**
 * Loads the actor from the session cookie into `c.var.actor` and `c.var.session` (undefined for
 * anonymous requests). Costs one D1 round trip, and only when the cookie is present; an
 * expired or revoked session's cookie is cleared.
 */
export const loadSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("actor", undefined);
  c.set("session", undefined);
  const token = sessionToken(c);
  if (token) {
    const session = await validateSession({ db: c.var.db, now: c.var.now, requestId: c.var.requestId }, token);
    if (session) {
      c.set("actor", session.actor);
      c.set("session", {
        id: session.id,
        official: session.official,
        csrfToken: await csrfTokenFor(c.var.config.signingKey, session.id),
        expiresAt: session.expiresAt,
        // Pages warn every official when a holiday decree is missing; the API does not pay for it.
        ...(isApi(c) ? {} : { missingDecreeYears: await decreeWarningYears(c.var.db, c.var.now()) }),
      });
    } else {
      clearSessionCookie(c);
    }
  }
  await next();
};

const isApi = (c: Context<AppEnv>) => c.req.path.startsWith("/api/");

/** 401 for the API; for pages, a redirect to the sign-in page that brings the official back afterwards. */
function signInRequired(c: Context<AppEnv>): Response {
  if (isApi(c)) throw new AppError(401, "unauthorized", "Silakan masuk terlebih dahulu.");
  const back = `${c.req.path}${new URL(c.req.url).search}`;
  return c.redirect(`/masuk?lanjut=${encodeURIComponent(back)}`, 303);
}

/** Lets only signed-in officials through (any role). */
export const requireOfficial: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.actor) return signInRequired(c);
  await next();
};

/** The signed-in actor in a handler behind `requireOfficial` or `authorize`. */
export function currentActor(c: Context<AppEnv>): OfficialActor {
  const actor = c.var.actor;
  if (!actor) throw new AppError(401, "unauthorized", "Silakan masuk terlebih dahulu.");
  return actor;
}

/** The signed-in session in a handler behind `requireOfficial` or `authorize`. */
export function currentSession(c: Context<AppEnv>): CurrentSession {
  const session = c.var.session;
  if (!session) throw new AppError(401, "unauthorized", "Silakan masuk terlebih dahulu.");
  return session;
}

/**
 * The route guard: anonymous requests get 401 (API) or a redirect to /masuk (pages); a signed-in
 * actor the policy refuses gets 403. With a loader, the policy is asked about the loaded record;
 * a loader that finds nothing yields 404 only for actors who may act on every such record, and
 * the same 403 as a refusal for everyone else, so scope-bound roles learn nothing about records
 * outside their scope.
 *
 * @example
 * .post("/:id/endorse", authorize("registration.endorse", async (c) => loadVillageOf(c.req.param("id"))), handler)
 */
export function authorize<A extends Action>(
  action: A,
  resourceLoader?: (c: Context<AppEnv>) => Promise<ResourceFor<A> | undefined>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.var.actor;
    if (!actor) return signInRequired(c);
    if (resourceLoader) {
      const resource = await resourceLoader(c);
      if (!resource) throw canOnAll(actor, action) ? notFound() : forbidden();
      if (!can(actor, action, resource)) throw forbidden();
    } else if (!can(actor, action)) {
      throw forbidden();
    }
    await next();
  };
}

const crossSiteRefused = () =>
  new AppError(
    403,
    "forbidden",
    "Permintaan dari situs lain ditolak. Buka halaman Simpul dan kirim ulang formulirnya.",
  );

/**
 * Hono's origin check for form posts (`Origin` or `Sec-Fetch-Site` must be this site), with the
 * refusal in the error envelope. The configured public origin counts as this site too, for
 * deployments behind a proxy that rewrites the host.
 */
export function sameOriginForms(): MiddlewareHandler<AppEnv> {
  const check = csrf({
    origin: (origin, c) =>
      origin === new URL(c.req.url).origin ||
      origin === new URL((c as Context<AppEnv>).var.config.publicBaseUrl).origin,
  });
  return async (c, next) => {
    try {
      await check(c, async () => {});
    } catch (err) {
      // Hono throws its own 403 for a cross-site post; answer with ours, in Indonesian and the envelope.
      if (err instanceof HTTPException) throw crossSiteRefused();
      throw err;
    }
    await next();
  };
}

/**
 * CSRF protection for signed-in forms: the origin check, then the session's `_csrf` field.
 * Mount on every state-changing form route behind a session.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  const origin = sameOriginForms();
  return async (c, next) =>
    origin(c, async () => {
      if (c.req.method !== "GET" && c.req.method !== "HEAD") {
        const session = c.var.session;
        // A JSON body cannot cross sites without a CORS preflight, so the origin check suffices;
        // anything else, even a type that merely mentions JSON, must carry the token.
        if (session && mediaType(c.req.header("content-type")) !== "application/json") {
          const body = await c.req.parseBody();
          const token = body[CSRF_FIELD];
          if (typeof token !== "string" || !(await verifyCsrfToken(c.var.config.signingKey, session.id, token))) {
            throw crossSiteRefused();
          }
        }
      }
      await next();
    });
}
