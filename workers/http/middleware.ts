import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { loadConfig } from "../config";
import { countingD1, d1ServerTiming } from "../d1-meter";
import { createDb } from "../db";
import { assertJsonDepth } from "../domain/json-depth";
import { AppError, payloadTooLarge } from "../errors";
import { createLogger } from "../log";
import { STYLESHEET_PATH } from "../views/stylesheet";
import type { AppEnv } from "./context";

/** Request id, configuration, database, logger and clock for every request; logs one line per request. */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = crypto.randomUUID();
  const logger = createLogger(requestId);
  c.set("requestId", requestId);
  c.set("logger", logger);
  c.set("now", () => new Date());
  const config = loadConfig(c.env);
  c.set("config", config);
  // In development every response says what it cost in D1 (`npm run bench` reads it): the
  // binding is swapped for a meter before anything below can reach it.
  const meter = config.environment === "development" ? countingD1(c.env.DB) : undefined;
  if (meter) c.env = { ...c.env, DB: meter.db };
  c.set("db", createDb(c.env.DB));
  const started = Date.now();
  c.header("X-Request-Id", requestId);
  await next();
  c.header("X-Request-Id", requestId);
  if (meter) c.header("Server-Timing", d1ServerTiming(meter));
  // The route template, never the raw URL: paths and queries can carry codes and addresses.
  logger.log("info", "http_request", {
    method: c.req.method,
    route: c.req.routePath,
    status: c.res.status,
    ms: Date.now() - started,
  });
};

/** Cloudflare Turnstile's script and frame host, allowed only where an office turned Turnstile on. */
const TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";
const turnstileSource = (c: Context) =>
  (c.env as Partial<Record<string, unknown>> | undefined)?.TURNSTILE_SITE_KEY ? TURNSTILE_ORIGIN : "'self'";

/**
 * Security headers on every response. Pages load only their own stylesheet; no inline script
 * runs anywhere, which keeps forms safe from injected markup. The one outside script is
 * Turnstile's, and only when the office configured it (the aspiration form's bot check).
 */
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    styleSrc: ["'self'"],
    scriptSrc: ["'self'", turnstileSource],
    frameSrc: ["'self'", turnstileSource],
    imgSrc: ["'self'", "data:"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
  strictTransportSecurity: "max-age=31536000; includeSubDomains",
  xFrameOptions: "DENY",
  referrerPolicy: "same-origin",
  permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
});

/**
 * The only paths whose answers may be stored by a browser or a proxy: the same for everyone and
 * free of personal data (reference data, the API description, the stylesheet). A path is listed
 * exactly, or as a prefix when it ends with "/".
 */
export const PUBLIC_CACHEABLE_PATHS: readonly string[] = [
  "/",
  "/healthz",
  STYLESHEET_PATH,
  "/api/docs",
  "/api/openapi.json",
  "/api/v1/areas",
  "/api/v1/areas/",
  "/api/v1/calendar/",
];

/** Whether `path` is one of {@link PUBLIC_CACHEABLE_PATHS}. */
export const isPublicCacheablePath = (path: string) =>
  PUBLIC_CACHEABLE_PATHS.some((p) => (p.endsWith("/") && p !== "/" ? path.startsWith(p) : path === p));

/**
 * `Cache-Control: no-store` on every response except a public path's, and on any response that
 * sets a cookie. Private by default, so a new route holding personal data (a registration, an
 * official's page, a signed link's form) cannot be kept in a shared or back-button cache because
 * someone forgot a header (UU 27/2022).
 */
export const noStoreUnlessPublic: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (!isPublicCacheablePath(c.req.path) || c.res.headers.has("set-cookie")) c.header("Cache-Control", "no-store");
};

/** Largest body accepted by default (JSON and plain forms). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Routes that take file uploads, with their larger limit. A registration carries a decree scan of
 * at most 2 MB plus the form fields and multipart overhead. A key is an exact path, or, when it
 * ends with "/", a prefix covering every path below it (a route with a token in its path).
 */
export const UPLOAD_BODY_LIMITS: Readonly<Record<string, number>> = {
  // The KIM registration form and API (issue 5): a 2 MB scan plus up to 1 MB of fields and parts,
  // so a scan just over 2 MB still reaches the form and gets its own message.
  "/daftar-kim": 3 * 1024 * 1024,
  "/api/v1/registrations": 3 * 1024 * 1024,
  // The applicant's revision form `/kim/perbaikan/:token`, which may carry a new decree scan.
  "/kim/perbaikan/": 3 * 1024 * 1024,
  // The aspiration form and API (issue 10): three photos of 2 MB plus the fields and parts.
  "/aspirasi": 7 * 1024 * 1024,
  "/api/v1/aspirations": 7 * 1024 * 1024,
};

/**
 * Refuses bodies over the route's limit with 413 in the error envelope, whether or not the client
 * sent Content-Length (a streamed body is counted as it arrives).
 */
export function limitBody(): MiddlewareHandler<AppEnv> {
  const limiter = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw payloadTooLarge();
      },
    });
  const entries = Object.entries(UPLOAD_BODY_LIMITS).map(([path, size]) => [path, limiter(size)] as const);
  const byPath = new Map(entries.filter(([path]) => !path.endsWith("/")));
  const byPrefix = entries.filter(([path]) => path.endsWith("/"));
  const fallback = limiter(DEFAULT_BODY_LIMIT);
  const limiterFor = (path: string) =>
    byPath.get(path) ?? byPrefix.find(([prefix]) => path.startsWith(prefix) && path.length > prefix.length)?.[1];
  return (c, next) => (limiterFor(c.req.path) ?? fallback)(c, next);
}

/** The 400 for a body that cannot be read as what its `Content-Type` says. */
export const unreadableBody = () => new AppError(400, "bad_request", "Format data tidak dapat dibaca.");

/** Readers of `c.req` whose failure can only come from the body the client sent. */
const BODY_READERS = ["parseBody", "json", "text", "arrayBuffer", "bytes", "blob", "formData"] as const;
type BodyReader = (...args: unknown[]) => Promise<unknown>;

/**
 * Makes every read of the request body fail as 400 `bad_request` (the envelope for the API, the
 * error page for forms) instead of a 500: multipart without a boundary, a truncated part, a NUL
 * in a file name, malformed JSON. It wraps the readers of `c.req` once per request, so each
 * route, the CSRF check and the validators stay plain `await c.req.parseBody()`; errors that
 * already carry a status (413 from the body limit, our own) pass through unchanged. A JSON body
 * nested deeper than `MAX_JSON_DEPTH` is refused here too, before anything walks it recursively.
 */
export const readableBodies: MiddlewareHandler<AppEnv> = async (c, next) => {
  const req = c.req as unknown as Record<(typeof BODY_READERS)[number], BodyReader>;
  for (const name of BODY_READERS) {
    const read = req[name].bind(c.req);
    req[name] = (...args) =>
      read(...args).catch((err: unknown) => {
        throw err instanceof AppError || err instanceof HTTPException ? err : unreadableBody();
      });
  }
  const json = req.json;
  req.json = async () => {
    const value = await json();
    assertJsonDepth(value);
    return value;
  };
  await next();
};
