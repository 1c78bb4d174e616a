import { createScheduledController, introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, idempotencyKeys, mailOutbox, registrations, signInTokens } from "../../schema";
import { ANONYMISED } from "../../workers/domain/retention";
import { REGISTRATION_FLOW_STEPS as STEPS } from "../../workers/flows/registration-flow";
import worker from "../../workers/index";
import { DAILY_HOUSEKEEPING_CRON, runDailyHousekeeping } from "../../workers/services/housekeeping";
import { issueSignInToken } from "../../workers/services/sign-in";
import { daysBeforeMs, housekeepingTestDeps, insertClosedRegistration } from "../fixtures/housekeeping";
import { insertOutboxRow } from "../fixtures/mail";
import { createOfficial } from "../fixtures/officials";
import { createVillage, db, insertRegistration, villageHeadOf } from "../fixtures/registration-flow";

/** One of everything the nightly job clears, dated relative to the run. */
async function backlog(run: Date) {
  const official = await createOfficial();
  const token = await issueSignInToken({ db: db(), now: () => daysBeforeMs(run, 1) }, official.id);
  const closed = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 400), scan: true });
  const sent = await insertOutboxRow({
    status: "sent",
    createdAt: daysBeforeMs(run, 100).toISOString(),
    sentAt: daysBeforeMs(run, 100).toISOString(),
  });
  const key = `cron-${crypto.randomUUID()}`;
  await db()
    .insert(idempotencyKeys)
    .values({
      scope: "POST /api/v1/registrations",
      key,
      requestHash: "0".repeat(64),
      responseStatus: 201,
      responseBody: { id: closed.id },
      createdAt: daysBeforeMs(run, 8).toISOString(),
    });
  return { official, token, closed, sent, key };
}

describe("the daily housekeeping cron", () => {
  it("runs at 17:00 UTC (01:00 WITA) through the Worker's scheduled handler, every task at once", async () => {
    expect(DAILY_HOUSEKEEPING_CRON).toBe("0 17 * * *");
    const run = new Date();
    const { official, closed, sent, key } = await backlog(run);
    const village = await createVillage();
    await villageHeadOf(village.code);
    const unstarted = await insertRegistration({ village });
    await db()
      .update(registrations)
      .set({ createdAt: new Date(run.getTime() - 20 * 60 * 1000).toISOString() })
      .where(eq(registrations.id, unstarted.id));
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, unstarted.id);

    await worker.scheduled(
      createScheduledController({ cron: DAILY_HOUSEKEEPING_CRON, scheduledTime: run.getTime() }),
      env,
    );

    expect(await db().select().from(signInTokens).where(eq(signInTokens.officialId, official.id))).toEqual([]);
    expect(await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toEqual([]);
    const row = await db().select().from(registrations).where(eq(registrations.id, closed.id)).get();
    expect(row).toMatchObject({ contactEmail: ANONYMISED, decreeScanKey: null, status: "rejected" });
    expect(await env.FILES.get(closed.scanKey ?? "")).toBeNull();
    const audit = await db()
      .select({ actorId: auditLog.actorId, at: auditLog.at })
      .from(auditLog)
      .where(and(eq(auditLog.action, "retention.anonymise"), eq(auditLog.subjectId, closed.id)));
    expect(audit).toEqual([{ actorId: "daily-housekeeping", at: run.toISOString() }]);
    expect((await db().select().from(mailOutbox).where(eq(mailOutbox.id, sent.id)).get())?.recipients).toEqual([]);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
  });

  it("runs every task when one fails, logs each task's counts, then fails the run", async () => {
    const run = new Date("2031-05-01T17:00:00Z");
    const { official, closed } = await backlog(run);
    const broken = {
      get: async () => {
        throw new Error("instance.not_found");
      },
      create: async () => {
        throw new Error("Workflows unavailable");
      },
    };
    const unstarted = await insertRegistration();
    await db()
      .update(registrations)
      .set({ createdAt: new Date(run.getTime() - 20 * 60 * 1000).toISOString() })
      .where(eq(registrations.id, unstarted.id));
    const deps = { ...housekeepingTestDeps(run), flow: broken };

    await expect(runDailyHousekeeping(deps)).rejects.toThrow(/^daily housekeeping: flows: \d+ failed$/);

    expect(await db().select().from(signInTokens).where(eq(signInTokens.officialId, official.id))).toEqual([]);
    expect((await db().select().from(registrations).where(eq(registrations.id, closed.id)).get())?.contactEmail).toBe(
      ANONYMISED,
    );
    const events = deps.logger.lines.map((l) => [l.level, l.event]);
    // One failure line per pending registration of this file the sweeper could not repair.
    expect(events).toContainEqual(["error", "workflow_instance_repair_failed"]);
    expect(events.filter(([, event]) => event !== "workflow_instance_repair_failed")).toEqual([
      ["info", "housekeeping_credentials"],
      ["info", "housekeeping_idempotency"],
      ["info", "housekeeping_registrations"],
      ["info", "housekeeping_aspirations"],
      ["info", "housekeeping_mail"],
      ["info", "housekeeping_strandedMail"],
      ["error", "housekeeping_flows"],
    ]);
    expect(deps.logger.lines[0]?.fields).toMatchObject({
      signInTokens: expect.any(Number),
      sessions: expect.any(Number),
    });
  });
});
