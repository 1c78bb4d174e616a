import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { asc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aspirationDeadlines, aspirations, mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import { ASPIRATION_FLOW_STEPS as STEPS, ASPIRATION_FLOW_WAITS as WAITS } from "../../workers/flows/aspiration-flow";
import { answerAspiration } from "../../workers/services/aspiration/decisions";
import { aspirationDecisionDeps, caseWithDeadline } from "../fixtures/aspirations";
import { createOfficial, grants, type TestOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { armFault, faultCases, normalize, type StepFault, stepsRan } from "../fixtures/step-faults";

/**
 * Every step of `AspirationFlow` fails once, and separately times out once, in one case's whole
 * life after routing: the agency misses its deadline and the ladder climbs all four rungs, the
 * agency answers, the reporter's feedback window ends and the case closes. The end state must be
 * the one without faults, with one outbox row per dedupe key.
 */

const db = createDb(env.DB);
const DAY = 24 * 60 * 60 * 1000;
let officer: TestOfficial;

beforeAll(async () => {
  await seedReferenceData(env.DB);
  await createOfficial({ email: "kepala.pupr.fault@berau.example", grants: [grants.agencyHead("pupr")] });
  await createOfficial({ email: "verifikator.fault@berau.example", grants: [grants.verifier()] });
  officer = await createOfficial({ email: "petugas.pupr.fault@berau.example", grants: [grants.agencyOfficer("pupr")] });
});

const STEPS_REACHED = [STEPS.readState, STEPS.ladderStep, STEPS.closeAtWindowEnd, WAITS.timeLeft, WAITS.check];

async function run(fault?: { step: string; kind: StepFault }) {
  // Due three months ago and answered two months ago: every rung and the reporter's window are past.
  const code = await caseWithDeadline({ status: "routed", stage: "agency", dueAt: new Date(Date.now() - 90 * DAY) });
  await using instance = await introspectWorkflowInstance(env.ASPIRATION_FLOW, code);
  if (fault) await instance.modify((m) => armFault(m, fault.step, fault.kind));
  await env.ASPIRATION_FLOW.create({ id: code, params: { code } });
  await instance.waitForStepResult({ name: STEPS.ladderStep, index: 4 });
  await answerAspiration(
    aspirationDecisionDeps(new Date(Date.now() - 60 * DAY)),
    { type: "official", id: officer.id, grants: officer.grants },
    {
      code,
      publicAnswer: "Sudah ditambal pagi ini, terima kasih.",
    },
  );
  await instance.waitForStatus("complete");
  if (!fault) await stepsRan(instance, STEPS_REACHED);

  const row = await db.select().from(aspirations).where(eq(aspirations.code, code)).get();
  const deadlines = await db
    .select()
    .from(aspirationDeadlines)
    .where(eq(aspirationDeadlines.code, code))
    .orderBy(asc(aspirationDeadlines.startedAt), asc(aspirationDeadlines.stage));
  const mail = await db
    .select({ key: mailOutbox.dedupeKey, template: mailOutbox.template })
    .from(mailOutbox)
    .where(like(mailOutbox.dedupeKey, `${code}:%`))
    .orderBy(asc(mailOutbox.dedupeKey));
  return normalize(
    {
      output: await instance.getOutput(),
      status: row?.status,
      escalationLevel: row?.escalationLevel,
      closed: row?.closedAt !== null,
      dueAt: row?.dueAt,
      deadlines: deadlines.map((d) => ({
        stage: d.stage,
        breached: d.breached,
        escalationLevel: d.escalationLevel,
        met: d.metAt !== null,
      })),
      mail: mail.map((m) => `${m.key} ${m.template}`),
    },
    { [code]: "CODE" },
  );
}

describe("AspirationFlow: every step survives a failure and a timeout", () => {
  let baseline: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    baseline = await run();
  });

  it("the scenario reaches every step of the flow", () => {
    const all = [...Object.values(STEPS), WAITS.timeLeft, WAITS.check];
    expect(all.filter((name) => !STEPS_REACHED.includes(name))).toEqual([]);
  });

  it("ends closed without faults: four rungs, one outbox row each", () => {
    expect(baseline).toMatchObject({ status: "closed", escalationLevel: 3, closed: true, dueAt: null });
    expect(baseline.mail.filter((m) => m.includes(":agency-0:step-"))).toHaveLength(4);
    expect(new Set(baseline.mail).size).toBe(baseline.mail.length);
  });

  it.each(faultCases(STEPS_REACHED))("%s: %s once, same end state", async (step, kind) => {
    expect(await run({ step, kind })).toEqual(baseline);
  });
});
