import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrations } from "../../schema";
import { loadConfig } from "../../workers/config";
import { countingD1 } from "../../workers/d1-meter";
import { createDb } from "../../workers/db";
import { createLogger } from "../../workers/log";
import { closeAtWindowEnd, readCaseState, takeLadderStep } from "../../workers/services/aspiration/flow-steps";
import {
  escalateEndorsement,
  escalateVerification,
  expireRegistration,
  readFlowState,
  remindEndorsement,
  remindVerification,
  sendClosingNotice,
  startEndorsement,
  startVerification,
} from "../../workers/services/registration/flow-steps";
import { caseWithDeadline } from "../fixtures/aspirations";
import { scansOf } from "../fixtures/query-plans";
import { seedReferenceData } from "../fixtures/reference-data";
import { createRegencyStaff, createVillage, insertRegistration, villageHeadOf } from "../fixtures/registration-flow";

/**
 * D1 budgets of the registration and aspiration flows' steps (the statistics flow's are in
 * `stats-budget.test.ts`): each step's service runs once on a fixture record through a meter.
 * Each budget is the measured figure, in brackets, with headroom; every statement is explained too.
 */

const measured = new Map<string, { rowsRead: number; statements: string[] }>();

async function measure<T>(name: string, work: (deps: ReturnType<typeof depsOf>) => Promise<T>): Promise<T> {
  const meter = countingD1(env.DB);
  const result = await work(depsOf(meter.db));
  measured.set(name, { rowsRead: meter.rowsRead, statements: meter.breakdown.map((b) => b.sql) });
  return result;
}

function depsOf(d1: D1Database) {
  return {
    db: createDb(d1),
    config: loadConfig(env),
    queue: env.MAIL_QUEUE,
    now: () => new Date(),
    requestId: "budget",
    logger: createLogger("budget"),
  };
}

beforeAll(async () => {
  await seedReferenceData(env.DB);
  await createRegencyStaff();
  const village = await createVillage();
  await villageHeadOf(village.code);
  const r = await insertRegistration({ village });
  await measure("registration: read state", (d) => readFlowState(d, r.id));
  const started = await measure("registration: endorsement request", (d) => startEndorsement(d, r.id, 1));
  await measure("registration: endorsement reminder", (d) => remindEndorsement(d, r.id, 1));
  const firstDue = "dueAt" in started && typeof started.dueAt === "string" ? started.dueAt : new Date().toISOString();
  await measure("registration: endorsement escalation", (d) => escalateEndorsement(d, r.id, 1, firstDue));
  await createDb(env.DB)
    .update(registrations)
    .set({ status: "awaiting_verification" })
    .where(eq(registrations.id, r.id));
  await measure("registration: verification request", (d) => startVerification(d, r.id, 1));
  await measure("registration: verification reminder", (d) => remindVerification(d, r.id, 1));
  await measure("registration: verification escalation", (d) => escalateVerification(d, r.id, 1, 1));
  const lapsed = await insertRegistration({ village: await createVillage() });
  await measure("registration: expiry", (d) => expireRegistration(d, lapsed.id, "endorsement"));
  await measure("registration: closing notice", (d) => sendClosingNotice(d, lapsed.id));

  const late = await caseWithDeadline({
    status: "routed",
    stage: "agency",
    dueAt: new Date(Date.now() - 3_600_000),
    agencyId: "pupr",
  });
  await measure("aspiration: read state", (d) => readCaseState(d, late));
  await measure("aspiration: warning", (d) => takeLadderStep(d, late, "agency", 1, 0));
  await measure("aspiration: escalation", (d) => takeLadderStep(d, late, "agency", 1, 1));
  const answered = await caseWithDeadline({
    status: "answered",
    stage: "feedback",
    dueAt: new Date(Date.now() - 3_600_000),
  });
  await measure("aspiration: close at the window's end", (d) => closeAtWindowEnd(d, answered));
});

// The record, its people and recipients (village head, verifiers, escalation contacts), the settings
// and calendar for a deadline, and the outbox row's dedupe check: none of it grows with other records.
const BUDGETS: [string, number, string][] = [
  ["registration: read state", 10, "the registration's status and due time [2]"],
  ["registration: endorsement request", 25, "the registration, its village head, the deadline [11]"],
  ["registration: endorsement reminder", 30, "the same and the reminder's outbox check [14]"],
  ["registration: endorsement escalation", 50, "the same, the kecamatan's officials and the escalation contacts [32]"],
  ["registration: verification request", 35, "the registration, the verifiers, the deadline [21]"],
  ["registration: verification reminder", 35, "the same and the outbox check [20]"],
  ["registration: verification escalation", 35, "the verifiers' head and the outbox check [18]"],
  ["registration: expiry", 40, "the registration, its members' locks released, the timeline and the notice [24]"],
  ["registration: closing notice", 20, "the registration and its closing entry [8]"],
  ["aspiration: read state", 15, "the case's status, due time and deadline row [7]"],
  ["aspiration: warning", 20, "the case and its agency's officers [6]"],
  ["aspiration: escalation", 30, "the case, its deadline row and the level's recipients [17]"],
  ["aspiration: close at the window's end", 25, "the case, its deadline rows and the timeline [12]"],
];

describe("flow steps", () => {
  for (const [name, budget, why] of BUDGETS) {
    it(`${name}: at most ${budget} rows (${why})`, () => {
      expect(measured.get(name)?.rowsRead, name).toBeLessThanOrEqual(budget);
    });
  }

  it("every step measured has a budget", () => {
    expect([...measured.keys()].filter((name) => !BUDGETS.some(([b]) => b === name))).toEqual([]);
  });

  it("no step scans a growing table", async () => {
    const problems: string[] = [];
    for (const sql of new Set([...measured.values()].flatMap((m) => m.statements))) {
      for (const scan of await scansOf(sql)) problems.push(`${scan} in: ${sql.slice(0, 160)}`);
    }
    expect(problems).toEqual([]);
  });
});
