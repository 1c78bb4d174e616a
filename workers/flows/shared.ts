import type { WorkflowStep, WorkflowStepConfig } from "cloudflare:workers";
import { type AppConfig, loadConfig } from "../config";
import { createDb, type Db } from "../db";
import { createLogger, type Logger } from "../log";
import type { MailQueueMessage } from "../mail/messages";

/**
 * What every flow shares: its step config, and the one way it waits for a decision or a moment.
 * D1 is the record; a decision wakes the flow with an event and the flow re-reads the status.
 */

/** D1 and mail may fail for a moment: retry a few times with backoff, each attempt bounded. */
export const STEP_CONFIG: WorkflowStepConfig = {
  retries: { limit: 5, delay: "10 seconds", backoff: "exponential" },
  timeout: "2 minutes",
};

/**
 * The dependencies of a flow's step bodies, named after the run (`registration-flow:REG-…`) in
 * the audit trail and logs. Building them does no I/O, so it may happen outside a step.
 */
export function flowDeps(
  env: Env,
  runName: string,
): { db: Db; config: AppConfig; queue: Queue<MailQueueMessage>; now: () => Date; requestId: string; logger: Logger } {
  return {
    db: createDb(env.DB),
    config: loadConfig(env),
    queue: env.MAIL_QUEUE,
    now: () => new Date(),
    requestId: runName,
    logger: createLogger(runName),
  };
}

/** One wait is at most 30 days; a longer one (after the last escalation) is several waits in a row. */
const MAX_WAIT_MS = 30 * 24 * 60 * 60 * 1000;

/** The step names of one kind of wait: each flow names its waits so tests can drive them. */
export interface WaitStepNames {
  wait: string;
  timeLeft: string;
  check: string;
}

/** True for the error `waitForEvent` throws when its timeout passes (it arrives as a plain Error over RPC). */
function isWaitTimeout(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === "WorkflowTimeoutError" || /WorkflowTimeoutError|timed out/i.test(err.message))
  );
}

/**
 * Waits until the moment `until` (null: indefinitely) or until `readStatus` no longer gives
 * `status`: "changed" when a decision moved the record, "reached" when the moment came. Woken by
 * an event that changed nothing, or at the end of one 30-day slice of a longer wait, it waits on.
 *
 * @example
 * await waitForChange(step, WAITS.verification, { eventType: "decision", status: "received", until, readStatus })
 */
export async function waitForChange<S extends string>(
  step: WorkflowStep,
  names: WaitStepNames,
  input: { eventType: string; status: S; until: string | null; readStatus: () => Promise<S | "missing"> },
): Promise<"changed" | "reached"> {
  for (;;) {
    const left = await step.do(names.timeLeft, STEP_CONFIG, async () => {
      const remaining = input.until === null ? Number.POSITIVE_INFINITY : Date.parse(input.until) - Date.now();
      return { waitMs: Math.max(0, Math.min(remaining, MAX_WAIT_MS)), final: remaining <= MAX_WAIT_MS };
    });
    let timedOut = left.waitMs === 0;
    if (!timedOut) {
      try {
        await step.waitForEvent(names.wait, { type: input.eventType, timeout: left.waitMs });
      } catch (err) {
        if (!isWaitTimeout(err)) throw err;
        timedOut = true;
      }
    }
    const current = await step.do(names.check, STEP_CONFIG, input.readStatus);
    if (current !== input.status) return "changed";
    if (timedOut && left.final) return "reached";
  }
}
