import { type Env, Hono } from "hono";
import { generateSpecs } from "hono-openapi";
import { APP_VERSION } from "../version";
import { ApiReferencePage, type OpenApiDocument } from "../views/api-reference";
import type { AppEnv } from "./context";

const DOCUMENTATION = {
  info: {
    title: "Simpul API",
    version: APP_VERSION,
    description:
      "KIM registration, aspiration escalation and KIM growth statistics for a regency's Diskominfo. " +
      "Every error uses one envelope: `{ error: { code, message, details, requestId } }`; " +
      "`message` and `details[].message` are in Bahasa Indonesia, `code` is stable for programs.",
  },
  openapi: "3.1.0",
};

/**
 * `/api/openapi.json` (OpenAPI 3.1, generated from the routes' own zod schemas) and `/api/docs`,
 * a reference page rendered on the server so it reads without JavaScript or a CDN.
 */
export function docsRoutes<E extends Env>(app: Hono<E>) {
  let cached: Promise<OpenApiDocument> | undefined;
  const spec = () => {
    // Only the JSON API and the health check: server-rendered pages validate their forms too, but are no API.
    cached ??= generateSpecs(app, {
      documentation: DOCUMENTATION,
      exclude: [/^\/(?!api\/|healthz)/],
    }) as Promise<OpenApiDocument>;
    return cached;
  };
  return new Hono<AppEnv>()
    .get("/openapi.json", async (c) => c.json(await spec()))
    .get("/docs", async (c) => c.html(<ApiReferencePage doc={await spec()} />));
}
