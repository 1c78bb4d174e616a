import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aspirationDeadlines, aspirations, mailOutbox } from "../../schema";
import { loadConfig } from "../../workers/config";
import { createDb } from "../../workers/db";
import type { Actor } from "../../workers/domain/actor";
import { ASPIRATION_FLOW_STEPS as STEPS, ASPIRATION_FLOW_WAITS as WAITS } from "../../workers/flows/aspiration-flow";
import { createLogger } from "../../workers/log";
import { answerAspiration } from "../../workers/services/aspiration/decisions";
import { caseWithDeadline } from "../fixtures/aspirations";
import { createOfficial, grants, type TestOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

const db = createDb(env.DB);
const AGENCY_HEAD = "kepala.pupr.flow@berau.example";
const VERIFIER_EMAIL = "verifikator.flow@berau.example";
const OFFICER_EMAIL = "petugas.pupr.flow@berau.example";
const DAY = 24 * 60 * 60 * 1000;

let officer: TestOfficial;
const actorOf = (o: TestOfficial): Actor => ({ type: "official", id: o.id, grants: o.grants });
const decisionDeps = () => ({
  db,
  now: () => new Date(),
  requestId: "test",
  config: loadConfig(env),
  flow: env.ASPIRATION_FLOW,
  mailQueue: env.MAIL_QUEUE,
  logger: createLogger("test"),
});

beforeAll(async () => {
  await seedReferenceData(env.DB);
  await createOfficial({ email: VERIFIER_EMAIL, grants: [grants.verifier()] });
  officer = await createOfficial({ email: OFFICER_EMAIL, grants: [grants.agencyOfficer("pupr")] });
  await createOfficial({ email: AGENCY_HEAD, grants: [grants.agencyHead("pupr")] });
});

const start = (code: string) => env.ASPIRATION_FLOW.create({ id: code, params: { code } });

/** The outbox rows of a case, by dedupe key. */
const mailOf = (code: string) =>
  db
    .select({ key: mailOutbox.dedupeKey, template: mailOutbox.template, to: mailOutbox.recipients })
    .from(mailOutbox)
    .where(like(mailOutbox.dedupeKey, `${code}:%`))
    .orderBy(asc(mailOutbox.dedupeKey));

describe("AspirationFlow", () => {
  it("an agency that missed its deadline climbs levels 1, 2 and 3, each to the right people, once each", async () => {
    // Due a month ago: every step of the ladder is due now.
    const code = await caseWithDeadline({ status: "routed", stage: "agency", dueAt: new Date(Date.now() - 30 * DAY) });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    await instance.waitForStepResult({ name: STEPS.ladderStep, index: 4 });

    const mails = await mailOf(code);
    expect(mails.map((m) => [m.key, m.template])).toEqual([
      [`${code}:agency-0:step-0`, "deadline_reminder"],
      [`${code}:agency-0:step-1`, "deadline_escalation"],
      [`${code}:agency-0:step-2`, "deadline_escalation"],
      [`${code}:agency-0:step-3`, "deadline_escalation"],
    ]);
    const to = (step: number) => mails.find((m) => m.key.endsWith(`step-${step}`))?.to ?? [];
    expect(to(0)).toContain(OFFICER_EMAIL);
    expect(to(1)).toContain(AGENCY_HEAD);
    expect(to(1)).not.toContain(VERIFIER_EMAIL);
    expect(to(2)).toContain(VERIFIER_EMAIL);
    // People read the agency's name, never its id.
    const [escalation] = await db
      .select({ params: mailOutbox.params })
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, `${code}:agency-0:step-1`));
    expect(escalation?.params).toMatchObject({ responsible: "Dinas Pekerjaan Umum dan Penataan Ruang" });
    const row = await db.select().from(aspirations).where(eq(aspirations.code, code)).get();
    expect(row?.escalationLevel).toBe(3);
    expect(await db.select().from(aspirationDeadlines).where(eq(aspirationDeadlines.code, code))).toMatchObject([
      { stage: "agency", breached: true, escalationLevel: 3, metAt: null },
    ]);
  });

  it("a verification deadline that passes escalates to the verifiers' chain", async () => {
    const code = await caseWithDeadline({
      status: "received",
      stage: "verification",
      dueAt: new Date(Date.now() - 30 * DAY),
    });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    await instance.waitForStepResult({ name: STEPS.ladderStep, index: 2 });
    const mails = await mailOf(code);
    expect(mails.find((m) => m.key === `${code}:verification-0:step-0`)?.to).toContain(VERIFIER_EMAIL);
    expect(mails.map((m) => m.key)).toContain(`${code}:verification-0:step-1`);
  });

  it("an answer before the deadline stops the ladder: no escalation mail exists", async () => {
    const code = await caseWithDeadline({ status: "routed", stage: "agency", dueAt: new Date(Date.now() + 30 * DAY) });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    // The flow now waits for the warning's moment; the agency answers meanwhile, which wakes it.
    await instance.waitForStepResult({ name: WAITS.timeLeft });
    await answerAspiration(decisionDeps(), actorOf(officer), {
      code,
      publicAnswer: "Sudah ditambal pagi ini, terima kasih.",
    });
    expect(await instance.waitForStepResult({ name: WAITS.check })).toMatch(/^answered\|/);
    await instance.waitForStepResult({ name: STEPS.readState, index: 2 });
    expect((await mailOf(code)).filter((m) => m.template.startsWith("deadline_"))).toEqual([]);
  });

  it("closes an answered case when the reporter's feedback window ends without a reply", async () => {
    const code = await caseWithDeadline({ status: "answered", stage: "feedback", dueAt: new Date(Date.now() - DAY) });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    await instance.waitForStatus("complete");
    const row = await db.select().from(aspirations).where(eq(aspirations.code, code)).get();
    expect(row).toMatchObject({ status: "closed", dueAt: null, closedAt: expect.any(String) });
    expect(await db.select().from(aspirationDeadlines).where(eq(aspirationDeadlines.code, code))).toMatchObject([
      { stage: "feedback", metAt: expect.any(String) },
    ]);
  });
});
