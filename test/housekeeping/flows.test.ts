import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registrations } from "../../schema";
import { REGISTRATION_FLOW_STEPS as STEPS } from "../../workers/flows/registration-flow";
import { sweepInstances } from "../../workers/services/housekeeping";
import { housekeepingTestDeps } from "../fixtures/housekeeping";
import { createVillage, db, insertRegistration, mailOf, villageHeadOf } from "../fixtures/registration-flow";

const MINUTE = 60 * 1000;

/** A registration awaiting endorsement, created `minutesAgo` before `now`, whose flow was never started. */
async function unstarted(
  now: Date,
  minutesAgo: number,
  status: "awaiting_endorsement" | "rejected" = "awaiting_endorsement",
) {
  const village = await createVillage();
  const head = await villageHeadOf(village.code);
  const r = await insertRegistration({ village, status });
  await db()
    .update(registrations)
    .set({ createdAt: new Date(now.getTime() - minutesAgo * MINUTE).toISOString() })
    .where(eq(registrations.id, r.id));
  return { ...r, head };
}

const hasInstance = (id: string) =>
  env.REGISTRATION_FLOW.get(id).then(
    () => true,
    () => false,
  );

describe("sweepInstances: registrations without an instance", () => {
  it("starts the flow of a pending registration the intake could not start, however old, and no other", async () => {
    const now = new Date();
    const missed = await unstarted(now, 20);
    const tooFresh = await unstarted(now, 5);
    const tooOld = await unstarted(now, 8 * 24 * 60);
    const closed = await unstarted(now, 20, "rejected");
    const running = await unstarted(now, 30);
    await using runningInstance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, running.id);
    await env.REGISTRATION_FLOW.create({ id: running.id, params: { registrationId: running.id } });
    await runningInstance.waitForStepResult({ name: STEPS.endorsementRequest });
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, missed.id);
    const deps = housekeepingTestDeps(now);

    expect(await sweepInstances(deps)).toEqual({ checked: 3, created: 2, restarted: 0, alerted: 0, failed: 0 });

    // The started flow runs from its first step: the village head is asked to endorse.
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    expect(await mailOf(missed.id)).toEqual([
      {
        key: `${missed.id}:endorsement-1:request:0:${missed.head.id}`,
        template: "registration_endorsement_request",
        to: [missed.head.email],
      },
    ]);
    expect(deps.logger.lines).toEqual(
      [missed, tooOld].map((r) => ({
        level: "warn",
        event: "workflow_instance_repaired",
        fields: { process: "registration", id: r.id, found: "missing", repairs: 1 },
      })),
    );
    expect(await Promise.all([tooFresh, tooOld, closed].map((r) => hasInstance(r.id)))).toEqual([false, true, false]);
    // The running one was only looked up: its endorsement request went out once.
    expect((await mailOf(running.id)).map((m) => m.template)).toEqual(["registration_endorsement_request"]);
  });

  it("counts and logs a flow that still cannot be started, naming only the registration", async () => {
    const now = new Date();
    const r = await unstarted(now, 20);
    // Other registrations of this file count as started here; this one has no instance and cannot get one.
    const unavailable = {
      get: async (id: string) => {
        if (id === r.id) throw new Error("instance.not_found");
        return { id, status: async () => ({ status: "running" }) } as unknown as WorkflowInstance;
      },
      create: async () => {
        throw new Error("Workflows unavailable");
      },
    };
    const deps = { ...housekeepingTestDeps(now), flow: unavailable };

    expect(await sweepInstances(deps)).toMatchObject({ created: 0, failed: 1 });
    expect(deps.logger.lines).toContainEqual({
      level: "error",
      event: "workflow_instance_repair_failed",
      fields: { process: "registration", id: r.id, message: "Workflows unavailable" },
    });
    expect(await hasInstance(r.id)).toBe(false);
  });
});
