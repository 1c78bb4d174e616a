import type { Context } from "hono";
import type { DecisionDeps } from "../../services/registration/decisions";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";

/** The dependencies of a registration decision in one request: storage, clock, the flow binding to wake, the logger. */
export function decisionDeps(c: Context<AppEnv>): DecisionDeps {
  return { ...serviceDeps(c), flow: c.env.REGISTRATION_FLOW, logger: c.var.logger };
}
