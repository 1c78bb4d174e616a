import type { Context } from "hono";
import type { AppEnv } from "./context";

/**
 * Runs `task` after the response is sent (`waitUntil`), so its work neither delays nor shapes
 * the answer: a route whose answer must not reveal what the task found (whether an address is
 * registered) answers in the same time either way. A failure is logged as `event` with the
 * error's class and message only. Without an execution context (the app called directly in a
 * test) the task runs before the response instead.
 *
 * @example
 * await afterResponse(c, "sign_in_link_failed", () => requestSignInLink(deps, email));
 */
export function afterResponse(c: Context<AppEnv>, event: string, task: () => Promise<void>): Promise<void> {
  const run = task().catch((err: unknown) => {
    c.var.logger.log("error", event, { name: (err as Error).name, message: (err as Error).message });
  });
  let ctx: Pick<ExecutionContext, "waitUntil"> | undefined;
  try {
    ctx = c.executionCtx;
  } catch {
    // Hono throws when the app runs without an execution context: then the request waits for the task.
    ctx = undefined;
  }
  if (!ctx) return run;
  ctx.waitUntil(run);
  return Promise.resolve();
}
