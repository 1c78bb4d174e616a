import { introspectWorkflowInstance, type WorkflowInstanceIntrospector } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  REGISTRATION_FLOW_STEPS as STEPS,
  REGISTRATION_FLOW_WAITS as WAITS,
} from "../../workers/flows/registration-flow";
import {
  approveRegistration,
  endorseRegistration,
  requestRevision,
} from "../../workers/services/registration/decisions";
import {
  createRegencyStaff,
  createVillage,
  decisionDeps,
  firstVerifier,
  insertRegistration,
  mailOf,
  type RegencyStaff,
  stateOf,
  villageHeadOf,
} from "../fixtures/registration-flow";
import { armFault, faultCases, normalize, type StepFault, stepsRan } from "../fixtures/step-faults";

/**
 * Every step of `RegistrationFlow` fails once, and separately times out once, in a scenario that
 * reaches it. The engine retries the step; the registration must end exactly where the same
 * scenario ends without faults: same status, same timeline, the same outbox keys (one row each).
 */

let staff: RegencyStaff;
beforeAll(async () => {
  staff = await createRegencyStaff();
});

const verifier = () => firstVerifier(staff);

type Drive = (ctx: {
  instance: WorkflowInstanceIntrospector;
  id: string;
  head: Awaited<ReturnType<typeof villageHeadOf>>;
}) => Promise<void>;

interface Scenario {
  name: string;
  /** The steps this scenario reaches: each is faulted in its own run. */
  steps: string[];
  /** Deadlines that pass in this scenario (forced `waitForEvent` timeouts). */
  deadlines: { name: string; index: number }[];
  /** The officials' decisions, made as the flow reaches each stage. */
  drive: Drive;
}

const endorse: Drive = async ({ instance, id, head }) => {
  await instance.waitForStepResult({ name: STEPS.endorsementRequest });
  await endorseRegistration(decisionDeps(), head.actor, { registrationId: id });
};

const times = (name: string, count: number) => Array.from({ length: count }, (_, i) => ({ name, index: i + 1 }));

const SCENARIOS: Scenario[] = [
  {
    name: "endorsement deadlines pass: reminder, escalation, expiry",
    steps: [
      STEPS.readState,
      STEPS.endorsementRequest,
      STEPS.endorsementReminder,
      STEPS.endorsementEscalation,
      STEPS.endorsementExpiry,
      STEPS.closingNotice,
      WAITS.endorsement.timeLeft,
      WAITS.endorsement.check,
    ],
    deadlines: times(WAITS.endorsement.wait, 3),
    drive: async () => {},
  },
  {
    name: "verification escalates to the head and leadership, then is approved",
    steps: [
      STEPS.verificationRequest,
      STEPS.verificationReminder,
      ...STEPS.verificationEscalation,
      WAITS.verification.timeLeft,
      WAITS.verification.check,
    ],
    deadlines: times(WAITS.verification.wait, 3),
    drive: async (ctx) => {
      await endorse(ctx);
      await ctx.instance.waitForStepResult({ name: STEPS.verificationEscalation[1] });
      await approveRegistration(decisionDeps(), verifier(), { registrationId: ctx.id });
    },
  },
  {
    name: "revision requested and never sent: reminder, expiry",
    steps: [
      STEPS.revisionRequest,
      STEPS.revisionReminder,
      STEPS.revisionExpiry,
      WAITS.revision.timeLeft,
      WAITS.revision.check,
    ],
    deadlines: times(WAITS.revision.wait, 2),
    drive: async (ctx) => {
      await endorse(ctx);
      await ctx.instance.waitForStepResult({ name: STEPS.verificationRequest });
      await requestRevision(decisionDeps(), verifier(), {
        registrationId: ctx.id,
        fields: [{ path: "kimName", reason: "Nama KIM sama dengan SK." }],
      });
    },
  },
];

/** Runs `scenario` on a new registration, with `fault` armed on `step` when given; returns its end state. */
async function run(scenario: Scenario, fault?: { step: string; kind: StepFault }) {
  const village = await createVillage();
  const head = await villageHeadOf(village.code);
  const r = await insertRegistration({ village });
  await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
  await instance.modify(async (m) => {
    for (const deadline of scenario.deadlines) await m.forceEventTimeout(deadline);
    if (fault) await armFault(m, fault.step, fault.kind);
  });
  await env.REGISTRATION_FLOW.create({ id: r.id, params: { registrationId: r.id } });
  await scenario.drive({ instance, id: r.id, head });
  await instance.waitForStatus("complete");
  if (!fault) await stepsRan(instance, scenario.steps);

  const state = await stateOf(r.id);
  return normalize(
    {
      output: await instance.getOutput(),
      status: state.registration?.status,
      registrationNumber: state.registration?.registrationNumber ?? null,
      dueAt: state.registration?.dueAt ?? null,
      timeline: state.timeline,
      lockedMembers: state.lockedMembers,
      mail: (await mailOf(r.id)).map((m) => `${m.key} ${m.template}`),
    },
    { [r.id]: "REG", [head.id]: "HEAD", [village.code.replaceAll(".", "")]: "VILLAGE" },
  );
}

describe("RegistrationFlow: every step survives a failure and a timeout", () => {
  it("the scenarios reach every step of the flow", () => {
    const all = [...Object.values(STEPS).flat(), ...Object.values(WAITS).flatMap((w) => [w.timeLeft, w.check])];
    const covered = new Set(SCENARIOS.flatMap((s) => s.steps));
    expect(all.filter((name) => !covered.has(name))).toEqual([]);
  });

  describe.each(SCENARIOS)("$name", (scenario) => {
    let baseline: Awaited<ReturnType<typeof run>>;
    beforeAll(async () => {
      baseline = await run(scenario);
    });

    it("ends as expected without faults, one outbox row per key", () => {
      expect(baseline.status).toMatch(/^(approved|expired)$/);
      expect(baseline.mail.length).toBeGreaterThan(2);
      expect(new Set(baseline.mail).size).toBe(baseline.mail.length);
    });

    it.each(faultCases(scenario.steps))("%s: %s once, same end state", async (step, kind) => {
      expect(await run(scenario, { step, kind })).toEqual(baseline);
    });
  });
});
