import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import type { RegistrationStatus } from "../domain/registration/status";
import { REGISTRATION_DECISION_EVENT } from "../services/registration/decisions";
import {
  escalateEndorsement,
  escalateVerification,
  expireRegistration,
  type FlowDeps,
  readFlowState,
  readStatus,
  remindEndorsement,
  remindRevision,
  remindVerification,
  sendClosingNotice,
  startEndorsement,
  startRevision,
  startVerification,
} from "../services/registration/flow-steps";
import { flowDeps, STEP_CONFIG, type WaitStepNames, waitForChange } from "./shared";

/**
 * `RegistrationFlow`: one instance per KIM registration, its instance ID the registration's id,
 * started by the intake after the registration is stored. D1 is the system of record; the
 * instance drives time. Its loop reads the registration's status in a step and runs that
 * stage:
 *
 * - endorsement: request to the village head(s) → reminder `reminder.daysBefore` working days
 *   before the deadline → at the deadline the verifiers are told, the village heads reminded
 *   again and a second deadline stored → when that passes, the registration expires;
 * - verification: request to the verifiers → reminder → at the deadline escalation to the
 *   verifiers' head, `registration.verificationEscalationDays` later to leadership, then it
 *   waits for the decision without further mail;
 * - revision: the applicant gets the signed pre-filled form → reminder → expiry at the deadline;
 * - approved or closed: the last notice to the applicant, and the instance completes.
 *
 * Decisions are written by the services (`services/registration/decisions.ts`), which then send a
 * `decision` event. Every wait is a `waitForEvent` with an explicit timeout computed in a step
 * from the stored deadline; after it, timed out or woken, a step re-reads the status. So a lost
 * event only delays the flow to its next deadline, a stale event just resumes the wait, and a
 * deadline racing a decision is settled by the guarded writes: the flow continues from
 * whatever D1 says. Each step's body (`services/registration/flow-steps.ts`) rechecks the status before
 * acting and sends mail with per-stage, per-round, per-level dedupe keys, so a retried step
 * mails nobody twice.
 */

/** Step names, stable across deployments: the engine replays cached results by name and order. */
export const REGISTRATION_FLOW_STEPS = {
  readState: "read registration status",
  endorsementRequest: "request endorsement",
  endorsementReminder: "remind about endorsement",
  endorsementEscalation: "escalate missed endorsement",
  endorsementExpiry: "expire unendorsed registration",
  verificationRequest: "request verification",
  verificationReminder: "remind about verification",
  /** Level n of the verification escalation is the n-th entry. */
  verificationEscalation: ["escalate verification to the verifiers' head", "escalate verification to leadership"],
  revisionRequest: "request revision",
  revisionReminder: "remind about revision",
  revisionExpiry: "expire unrevised registration",
  closingNotice: "send closing notice",
} as const;

/** The names of one stage's wait: the `waitForEvent`, the step computing its timeout, the step reading the status after it. */
export const REGISTRATION_FLOW_WAITS = {
  endorsement: {
    wait: "wait for endorsement decision",
    timeLeft: "time left for endorsement",
    check: "check status after endorsement wait",
  },
  verification: {
    wait: "wait for verification decision",
    timeLeft: "time left for verification",
    check: "check status after verification wait",
  },
  revision: {
    wait: "wait for resubmission",
    timeLeft: "time left for revision",
    check: "check status after revision wait",
  },
} as const satisfies Record<string, WaitStepNames>;

/** Guards against a bug looping through stages: a real registration changes stage a handful of times. */
const MAX_STAGE_PASSES = 100;

export interface RegistrationFlowParams {
  registrationId: string;
}

export interface RegistrationFlowOutput {
  registrationId: string;
  status: RegistrationStatus | "missing";
}

export class RegistrationFlow extends WorkflowEntrypoint<Env, RegistrationFlowParams> {
  override async run(
    event: Readonly<WorkflowEvent<RegistrationFlowParams>>,
    step: WorkflowStep,
  ): Promise<RegistrationFlowOutput> {
    const id = event.payload.registrationId;
    const deps = flowDeps(this.env, `registration-flow:${id}`);
    for (let pass = 0; pass < MAX_STAGE_PASSES; pass++) {
      const state = await step.do(REGISTRATION_FLOW_STEPS.readState, STEP_CONFIG, () => readFlowState(deps, id));
      switch (state.status) {
        case "missing":
          return { registrationId: id, status: "missing" };
        case "awaiting_endorsement":
          await this.endorsement(step, deps, id, state.round);
          break;
        case "awaiting_verification":
          await this.verification(step, deps, id, state.round);
          break;
        case "needs_revision":
          await this.revision(step, deps, id, state.round);
          break;
        default: {
          const closed = await step.do(REGISTRATION_FLOW_STEPS.closingNotice, STEP_CONFIG, () =>
            sendClosingNotice(deps, id),
          );
          return { registrationId: id, status: closed.status };
        }
      }
    }
    throw new NonRetryableError(`registration ${id} changed stage more than ${MAX_STAGE_PASSES} times`);
  }

  /**
   * Waits until the moment `until` (null: indefinitely) or until the status is no longer
   * `status`. "changed" when a decision moved the registration, "reached" when the moment came.
   */
  private waitForDecision(
    step: WorkflowStep,
    names: WaitStepNames,
    deps: FlowDeps,
    id: string,
    status: RegistrationStatus,
    until: string | null,
  ): Promise<"changed" | "reached"> {
    return waitForChange(step, names, {
      eventType: REGISTRATION_DECISION_EVENT,
      status,
      until,
      readStatus: () => readStatus(deps, id),
    });
  }

  private async endorsement(step: WorkflowStep, deps: FlowDeps, id: string, round: number): Promise<void> {
    const S = REGISTRATION_FLOW_STEPS;
    const wait = (until: string) =>
      this.waitForDecision(step, REGISTRATION_FLOW_WAITS.endorsement, deps, id, "awaiting_endorsement", until);
    const start = await step.do(S.endorsementRequest, STEP_CONFIG, () => startEndorsement(deps, id, round));
    if (start.changed) return;
    if (start.reminderAt) {
      if ((await wait(start.reminderAt)) === "changed") return;
      const reminded = await step.do(S.endorsementReminder, STEP_CONFIG, () => remindEndorsement(deps, id, round));
      if (reminded.changed) return;
    }
    if ((await wait(start.dueAt)) === "changed") return;
    const escalated = await step.do(S.endorsementEscalation, STEP_CONFIG, () =>
      escalateEndorsement(deps, id, round, start.dueAt),
    );
    if (escalated.changed) return;
    if ((await wait(escalated.dueAt)) === "changed") return;
    await step.do(S.endorsementExpiry, STEP_CONFIG, () => expireRegistration(deps, id, "endorsement"));
  }

  private async verification(step: WorkflowStep, deps: FlowDeps, id: string, round: number): Promise<void> {
    const S = REGISTRATION_FLOW_STEPS;
    const wait = (until: string | null) =>
      this.waitForDecision(step, REGISTRATION_FLOW_WAITS.verification, deps, id, "awaiting_verification", until);
    const start = await step.do(S.verificationRequest, STEP_CONFIG, () => startVerification(deps, id, round));
    if (start.changed) return;
    if (start.reminderAt) {
      if ((await wait(start.reminderAt)) === "changed") return;
      const reminded = await step.do(S.verificationReminder, STEP_CONFIG, () => remindVerification(deps, id, round));
      if (reminded.changed) return;
    }
    if ((await wait(start.dueAt)) === "changed") return;
    for (const [index, name] of S.verificationEscalation.entries()) {
      const escalated = await step.do(name, STEP_CONFIG, () => escalateVerification(deps, id, round, index + 1));
      if (escalated.changed) return;
      // After the last level nobody else is told: the flow waits for the decision as long as it takes.
      if ((await wait(escalated.nextAt)) === "changed") return;
    }
  }

  private async revision(step: WorkflowStep, deps: FlowDeps, id: string, round: number): Promise<void> {
    const S = REGISTRATION_FLOW_STEPS;
    const wait = (until: string) =>
      this.waitForDecision(step, REGISTRATION_FLOW_WAITS.revision, deps, id, "needs_revision", until);
    const start = await step.do(S.revisionRequest, STEP_CONFIG, () => startRevision(deps, id, round));
    if (start.changed) return;
    if (start.reminderAt) {
      if ((await wait(start.reminderAt)) === "changed") return;
      const reminded = await step.do(S.revisionReminder, STEP_CONFIG, () => remindRevision(deps, id, round));
      if (reminded.changed) return;
    }
    if ((await wait(start.dueAt)) === "changed") return;
    await step.do(S.revisionExpiry, STEP_CONFIG, () => expireRegistration(deps, id, "revision"));
  }
}
