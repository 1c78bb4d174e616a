import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, statsSnapshots, statsValues } from "../../schema";
import { loadConfig } from "../../workers/config";
import { createDb } from "../../workers/db";
import { listKecamatan } from "../../workers/services/stats/snapshots";
import { monthlyStatsSteps, STATS_FLOW_STEPS } from "../../workers/services/stats/steps";
import { createOfficial, grants } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { kimApprovedAt } from "../fixtures/stats";
import { armFault, faultCases, type StepFault, stepsRan } from "../fixtures/step-faults";

/**
 * Every step of `MonthlyStatsFlow` fails once, and separately times out once. Each run computes
 * a new version of the same month; every version must hold the same figures as the run without
 * faults, be frozen, and have sent its report exactly once.
 */

const db = createDb(env.DB);
const MONTH = "2025-06";
let nextVersion = 1;

// The step list is read before the tests are collected: one test per step and fault.
await seedReferenceData(env.DB);
const steps = [
  STATS_FLOW_STEPS.open,
  STATS_FLOW_STEPS.kecamatanList,
  ...monthlyStatsSteps(
    { db, queue: env.MAIL_QUEUE, config: loadConfig(env), now: () => new Date() },
    { month: MONTH, version: 0 },
    await listKecamatan(db),
  ).map((s) => s.name),
];

beforeAll(async () => {
  await createOfficial({ email: "bupati.fault@berau.example", grants: [grants.leadership()] });
  // One KIM approved in the month, so the figures are not all zero.
  await kimApprovedAt(
    { code: "64.03.08.2001", name: "Biduk-Biduk" },
    "2025-06-01T02:00:00.000Z",
    "2025-06-10T02:00:00.000Z",
  );
});

async function run(fault?: { step: string; kind: StepFault }) {
  const version = nextVersion++;
  const id = `stats-${MONTH}-v${version}`;
  await using instance = await introspectWorkflowInstance(env.STATS_FLOW, id);
  if (fault) await instance.modify((m) => armFault(m, fault.step, fault.kind));
  await env.STATS_FLOW.create({ id, params: { month: MONTH, version, reason: "Uji ketahanan", requestedBy: "test" } });
  await instance.waitForStatus("complete");
  if (!fault) await stepsRan(instance, steps);

  const snapshot = await db
    .select({ status: statsSnapshots.status })
    .from(statsSnapshots)
    .where(and(eq(statsSnapshots.month, MONTH), eq(statsSnapshots.version, version)))
    .get();
  const values = await db
    .select({ scope: statsValues.scope, id: statsValues.scopeId, metric: statsValues.metric, value: statsValues.value })
    .from(statsValues)
    .where(and(eq(statsValues.month, MONTH), eq(statsValues.version, version)))
    .orderBy(asc(statsValues.scope), asc(statsValues.scopeId), asc(statsValues.metric));
  const reports = await db
    .select({ template: mailOutbox.template })
    .from(mailOutbox)
    .where(eq(mailOutbox.dedupeKey, `stats-${MONTH}-v${version}`));
  const output = (await instance.getOutput()) as { status: string };
  return { status: output.status, snapshot, values, reports };
}

describe("MonthlyStatsFlow: every step survives a failure and a timeout", () => {
  let baseline: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    baseline = await run();
  });

  it("ends frozen without faults, with the month's KIM counted and one report", () => {
    expect(baseline.snapshot).toEqual({ status: "frozen" });
    expect(baseline.values).toContainEqual({ scope: "kabupaten", id: "", metric: "active_kims", value: 1 });
    expect(baseline.reports).toEqual([{ template: "stats_monthly_report" }]);
    expect(steps.length).toBeGreaterThan(10);
  });

  it.each(faultCases(steps))("%s: %s once, same end state", async (step, kind) => {
    expect(await run({ step, kind })).toEqual(baseline);
  });
});
