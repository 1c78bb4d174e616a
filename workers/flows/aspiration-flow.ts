import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import type { AspirationStatus } from "../domain/aspiration/status";
import {
  ASPIRATION_DECISION_EVENT,
  type AspirationFlowDeps,
  closeAtWindowEnd,
  readCaseState,
  readVersion,
  takeLadderStep,
} from "../services/aspiration/flow-steps";
import { flowDeps, STEP_CONFIG, type WaitStepNames, waitForChange } from "./shared";

/**
 * One durable instance per aspiration, its id the tracking code. D1 holds the state: decisions
 * are written by the services, which then wake the flow; the flow re-reads D1 and drives time.
 * While a case waits for verification or for its agency, the flow walks the escalation ladder of
 * the open deadline (a warning the working day before, then levels 1–3); an answer or any other
 * decision stops it, and no further escalation mail goes out. While the reporter is asked for
 * more information, or after an answer, it waits for the reporter's window and closes the case
 * when nothing came. A decision that moves the due time (an extension, a field investigation)
 * wakes it too: it compares the status and the due time, and walks the ladder of the new time.
 */

export const ASPIRATION_FLOW_STEPS = {
  readState: "read aspiration state",
  ladderStep: "take escalation step",
  closeAtWindowEnd: "close at the end of the reporter's window",
} as const;

export const ASPIRATION_FLOW_WAITS = {
  wait: "wait for a decision",
  timeLeft: "time left until the next moment",
  check: "check status after waiting",
} as const satisfies WaitStepNames;

/** Stages a case can pass through; bounds the loop however the case moves. */
const MAX_PASSES = 60;

export interface AspirationFlowParams {
  code: string;
}

export class AspirationFlow extends WorkflowEntrypoint<Env, AspirationFlowParams> {
  override async run(
    event: Readonly<WorkflowEvent<AspirationFlowParams>>,
    step: WorkflowStep,
  ): Promise<{ code: string; status: AspirationStatus | "missing" }> {
    const code = event.payload.code;
    const deps = flowDeps(this.env, `aspiration-flow:${code}`);
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const state = await step.do(ASPIRATION_FLOW_STEPS.readState, STEP_CONFIG, () => readCaseState(deps, code));
      if (!state.stage || state.round === undefined || !state.dueAt) return { code, status: state.status };
      const version = state.version;
      if (state.stage === "feedback" || state.stage === "needs_info") {
        if ((await this.waitForChange(step, deps, code, version, state.dueAt)) === "changed") continue;
        await step.do(ASPIRATION_FLOW_STEPS.closeAtWindowEnd, STEP_CONFIG, () => closeAtWindowEnd(deps, code));
        continue;
      }
      const stage = state.stage;
      const round = state.round;
      let changed = false;
      for (const rung of state.rungs ?? []) {
        if ((await this.waitForChange(step, deps, code, version, rung.at)) === "changed") {
          changed = true;
          break;
        }
        await step.do(ASPIRATION_FLOW_STEPS.ladderStep, STEP_CONFIG, () =>
          takeLadderStep(deps, code, stage, round, rung.step),
        );
      }
      // Past the last level the case stays critical until someone decides.
      if (!changed) await this.waitForChange(step, deps, code, version, null);
    }
    throw new NonRetryableError(`aspiration ${code} changed stage more than ${MAX_PASSES} times`);
  }

  private waitForChange(
    step: WorkflowStep,
    deps: AspirationFlowDeps,
    code: string,
    version: string,
    until: string | null,
  ): Promise<"changed" | "reached"> {
    return waitForChange(step, ASPIRATION_FLOW_WAITS, {
      eventType: ASPIRATION_DECISION_EVENT,
      status: version,
      until,
      readStatus: () => readVersion(deps, code),
    });
  }
}
