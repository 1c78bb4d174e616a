import type { Context } from "hono";
import type { ServiceDeps } from "../services/deps";
import type { AppEnv } from "./context";

/** The service dependencies of one request: its database, clock, request id and configuration. */
export function serviceDeps(c: Context<AppEnv>): ServiceDeps {
  return { db: c.var.db, now: c.var.now, requestId: c.var.requestId, config: c.var.config };
}
