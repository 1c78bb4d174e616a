import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import { APP_VERSION } from "../version";
import type { AppEnv } from "./context";

const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  db: z.enum(["ok", "error"]),
  version: z.string(),
});

export const healthRoutes = new Hono<AppEnv>().get(
  "/healthz",
  describeRoute({
    tags: ["System"],
    summary: "Liveness and database check",
    responses: {
      200: { description: "Simpul and D1 answer", content: { "application/json": { schema: resolver(healthSchema) } } },
      503: { description: "D1 does not answer", content: { "application/json": { schema: resolver(healthSchema) } } },
    },
  }),
  async (c) => {
    try {
      await c.var.db.run(sql`select 1`);
      return c.json({ status: "ok", db: "ok", version: APP_VERSION } as const);
    } catch (err) {
      c.var.logger.log("error", "health_db_failed", { message: (err as Error).message });
      return c.json({ status: "degraded", db: "error", version: APP_VERSION } as const, 503);
    }
  },
);
