import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aspirationDeadlines, aspirations, mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import type { Actor } from "../../workers/domain/actor";
import { ASPIRATION_FLOW_STEPS as STEPS, ASPIRATION_FLOW_WAITS as WAITS } from "../../workers/flows/aspiration-flow";
import { decideExtension, requestExtension, requestTransfer } from "../../workers/services/aspiration/agency-requests";
import { answerAspiration, decideTransfer, requestInformation } from "../../workers/services/aspiration/decisions";
import { acceptAnswer, reopenCase, replyWithInformation } from "../../workers/services/aspiration/feedback";
import { aspirationDecisionDeps, caseWithDeadline } from "../fixtures/aspirations";
import { createOfficial, grants, type TestOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

const db = createDb(env.DB);
const AGENCY_HEAD = "kepala.pupr.flow@berau.example";
const VERIFIER_EMAIL = "verifikator.flow@berau.example";
const OFFICER_EMAIL = "petugas.pupr.flow@berau.example";
const DAY = 24 * 60 * 60 * 1000;

let officer: TestOfficial;
let verifier: TestOfficial;
let head: TestOfficial;
const REPORTER: Actor = { type: "public", id: "reporter" };
const actorOf = (o: TestOfficial): Actor => ({ type: "official", id: o.id, grants: o.grants });
const decisionDeps = aspirationDecisionDeps;

beforeAll(async () => {
  await seedReferenceData(env.DB);
  verifier = await createOfficial({ email: VERIFIER_EMAIL, grants: [grants.verifier()] });
  officer = await createOfficial({ email: OFFICER_EMAIL, grants: [grants.agencyOfficer("pupr")] });
  head = await createOfficial({ email: AGENCY_HEAD, grants: [grants.agencyHead("pupr")] });
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

  it("closes a case whose reporter never sent the information asked for", async () => {
    const code = await caseWithDeadline({
      status: "needs_info",
      stage: "needs_info",
      dueAt: new Date(Date.now() - DAY),
    });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    await instance.waitForStatus("complete");
    expect(await db.select().from(aspirations).where(eq(aspirations.code, code)).get()).toMatchObject({
      status: "closed",
      dueAt: null,
    });
  });
});

/** The state the flow read on its `index`-th pass. */
const passState = async (
  instance: Awaited<ReturnType<typeof introspectWorkflowInstance>>,
  index: number,
): Promise<{ status: string; stage?: string; round?: number; dueAt?: string }> =>
  (await instance.waitForStepResult({ name: STEPS.readState, index })) as never;

describe("AspirationFlow: the case moves while the flow waits", () => {
  it("pauses for the reporter's information and resumes verification when they reply", async () => {
    const code = await caseWithDeadline({
      status: "received",
      stage: "verification",
      dueAt: new Date(Date.now() + 30 * DAY),
    });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    await instance.waitForStepResult({ name: WAITS.timeLeft });
    await requestInformation(decisionDeps(), actorOf(verifier), { code, question: "Di RT berapa lubang itu?" });
    expect(await passState(instance, 2)).toMatchObject({ status: "needs_info", stage: "needs_info", round: 0 });
    await replyWithInformation(decisionDeps(), REPORTER, { code, reply: "Di RT 04, depan masjid." });
    expect(await passState(instance, 3)).toMatchObject({ status: "received", stage: "verification", round: 1 });
    // The pause sent no escalation: only the flow's own clock, not the verifiers' chain.
    expect((await mailOf(code)).filter((m) => m.template.startsWith("deadline_"))).toEqual([]);
  });

  it("a transfer keeps the first agency's missed deadline and starts the new agency's clock", async () => {
    const code = await caseWithDeadline({ status: "routed", stage: "agency", dueAt: new Date(Date.now() - 30 * DAY) });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    await instance.waitForStepResult({ name: STEPS.ladderStep, index: 4 });
    await requestTransfer(decisionDeps(), actorOf(officer), {
      code,
      agencyId: "dinkes",
      reason: "Genangan air jadi sarang nyamuk.",
    });
    await decideTransfer(decisionDeps(), actorOf(verifier), { code, approve: true });
    expect(await passState(instance, 2)).toMatchObject({ status: "routed", stage: "agency", round: 1 });
    expect(
      await db
        .select({
          agency: aspirationDeadlines.agencyId,
          breached: aspirationDeadlines.breached,
          level: aspirationDeadlines.escalationLevel,
        })
        .from(aspirationDeadlines)
        .where(eq(aspirationDeadlines.code, code))
        .orderBy(asc(aspirationDeadlines.id)),
    ).toEqual([
      { agency: "pupr", breached: true, level: 3 },
      { agency: "dinkes", breached: false, level: 0 },
    ]);
    // PUPR's escalations stay on record; none yet for the new agency's round.
    const keys = (await mailOf(code)).map((m) => m.key);
    expect(keys.filter((k) => k.includes(":agency-0:step-"))).toHaveLength(4);
    expect(keys.filter((k) => k.includes(":agency-1:step-"))).toEqual([]);
  });

  it("an extension moves the clock the flow waits for", async () => {
    const code = await caseWithDeadline({ status: "routed", stage: "agency", dueAt: new Date(Date.now() + 10 * DAY) });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    const first = await passState(instance, 1);
    await requestExtension(decisionDeps(), actorOf(officer), { code, reason: "Menunggu alat berat dari kecamatan." });
    await decideExtension(decisionDeps(), actorOf(head), { code, approve: true });
    const moved = await passState(instance, 2);
    const row = await db.select().from(aspirations).where(eq(aspirations.code, code)).get();
    expect(moved).toMatchObject({ status: "routed", stage: "agency", round: 0, dueAt: row?.dueAt });
    expect(Date.parse(moved.dueAt ?? "")).toBeGreaterThan(Date.parse(first.dueAt ?? ""));
  });

  it("a reporter reopens twice, each time back to the agency, and then can only accept", async () => {
    const code = await caseWithDeadline({
      status: "answered",
      stage: "feedback",
      dueAt: new Date(Date.now() + 10 * DAY),
    });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await start(code);
    await passState(instance, 1);
    let pass = 1;
    for (const round of [1, 2]) {
      await reopenCase(decisionDeps(), REPORTER, { code, reason: "Lubangnya muncul lagi setelah hujan." });
      // The fixture starts at the feedback stage with no agency row, so the agency's rounds count from 0.
      expect(await passState(instance, ++pass)).toMatchObject({ status: "routed", stage: "agency", round: round - 1 });
      await answerAspiration(decisionDeps(), actorOf(officer), {
        code,
        publicAnswer: "Sudah ditambal ulang hari ini.",
      });
      expect(await passState(instance, ++pass)).toMatchObject({ status: "answered", stage: "feedback", round });
    }
    await expect(
      reopenCase(decisionDeps(), REPORTER, { code, reason: "Lubangnya muncul lagi setelah hujan." }),
    ).rejects.toMatchObject({ status: 409 });
    await acceptAnswer(decisionDeps(), REPORTER, { code, rating: 3 });
    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ code, status: "closed" });
  });

  it("a step failing once still sends exactly one mail per dedupe key and reaches the same state", async () => {
    const code = await caseWithDeadline({ status: "routed", stage: "agency", dueAt: new Date(Date.now() - 30 * DAY) });
    await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
    await instance.modify(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: STEPS.readState }, new Error("D1 tidak terjangkau"), 1);
      await m.mockStepError({ name: STEPS.ladderStep, index: 2 }, new Error("antrean penuh"), 1);
    });
    await start(code);
    await instance.waitForStepResult({ name: STEPS.ladderStep, index: 4 });
    const keys = (await mailOf(code)).map((m) => m.key);
    expect(keys).toEqual([...new Set(keys)]);
    expect(keys).toEqual([0, 1, 2, 3].map((step) => `${code}:agency-0:step-${step}`));
    expect((await db.select().from(aspirations).where(eq(aspirations.code, code)).get())?.escalationLevel).toBe(3);
  });
});
