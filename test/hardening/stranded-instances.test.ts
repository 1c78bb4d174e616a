import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, registrations } from "../../schema";
import type { RegistrationStatus } from "../../workers/domain/registration/status";
import { REGISTRATION_FLOW_STEPS as STEPS } from "../../workers/flows/registration-flow";
import { sweepInstances } from "../../workers/services/housekeeping";
import { ALERT_AFTER_REPAIRS } from "../../workers/services/sweeper";
import { housekeepingTestDeps } from "../fixtures/housekeeping";
import { createOfficial, grants, type TestOfficial } from "../fixtures/officials";
import { createVillage, db, insertRegistration, stateOf, villageHeadOf } from "../fixtures/registration-flow";

let admin: TestOfficial;
beforeAll(async () => {
  admin = await createOfficial({ grants: [grants.admin()] });
  await createOfficial({ grants: [grants.verifier()] });
});

const HOUR_MS = 60 * 60 * 1000;

/** The sweeper's log lines about one registration. */
const linesAbout = (lines: { event: string; fields: Record<string, unknown> }[], id: string) =>
  lines.filter((l) => l.fields.id === id).map((l) => ({ event: l.event, ...l.fields }));

const STAGES: { stage: string; status: RegistrationStatus; step: string }[] = [
  { stage: "endorsement", status: "awaiting_endorsement", step: STEPS.endorsementRequest },
  { stage: "verification", status: "awaiting_verification", step: STEPS.verificationRequest },
  { stage: "revision", status: "needs_revision", step: STEPS.revisionRequest },
];

describe("the sweeper of stranded Workflow instances", () => {
  it.each(STAGES)(
    "restarts an instance that fails permanently in $stage, keeps the registration, and alerts the administrators once",
    async ({ status, step }) => {
      const village = await createVillage();
      await villageHeadOf(village.code);
      const r = await insertRegistration({ village, status });
      await db()
        .update(registrations)
        .set({ createdAt: new Date(Date.now() - HOUR_MS).toISOString() })
        .where(eq(registrations.id, r.id));
      await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
      await instance.modify(async (m) => {
        await m.disableRetryDelays();
        await m.mockStepError({ name: step }, new Error("D1 tidak tersedia"), 1000);
      });
      await env.REGISTRATION_FLOW.create({ id: r.id, params: { registrationId: r.id } });
      await instance.waitForStatus("errored");

      for (let night = 1; night <= ALERT_AFTER_REPAIRS; night++) {
        const deps = housekeepingTestDeps(new Date());
        const report = await sweepInstances(deps);
        expect(report.restarted).toBeGreaterThanOrEqual(1);
        expect(linesAbout(deps.logger.lines, r.id)).toEqual([
          { event: "workflow_instance_repaired", process: "registration", id: r.id, found: "errored", repairs: night },
        ]);
        await instance.waitForStatus("errored");
      }

      // The registration is untouched: still pending in its stage, its village and people still held.
      expect((await stateOf(r.id)).registration).toMatchObject({ status, villageLock: village.code });
      const alerts = await db()
        .select({ template: mailOutbox.template, to: mailOutbox.recipients, params: mailOutbox.params })
        .from(mailOutbox)
        .where(eq(mailOutbox.dedupeKey, `workflow-stranded:registration:${r.id}`));
      expect(alerts).toEqual([
        {
          template: "workflow_stranded",
          to: expect.arrayContaining([admin.email]),
          params: {
            process: "pendaftaran KIM",
            recordId: r.id,
            repairs: ALERT_AFTER_REPAIRS,
            found: "errored",
            detailPath: `/pendaftaran/${r.id}`,
          },
        },
      ]);
    },
  );
});
