import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../workers/config";
import { countingD1 } from "../../workers/d1-meter";
import { createDb } from "../../workers/db";
import worker from "../../workers/index";
import type { MailQueueMessage } from "../../workers/mail/messages";
import { listKecamatan, openSnapshot } from "../../workers/services/stats/snapshots";
import { monthlyStatsSteps, STATS_FLOW_STEPS } from "../../workers/services/stats/steps";
import { freshReport, postAspiration, routedAspiration } from "../fixtures/aspirations";
import { scansOf } from "../fixtures/query-plans";
import { seedReferenceData } from "../fixtures/reference-data";
import { insertRegistration } from "../fixtures/registration-flow";
import { BASE } from "../fixtures/registration-intake";

/**
 * D1 budgets of the monthly statistics: each step of `MonthlyStatsFlow` (run here in its order on
 * Berau's 13 kecamatan with two KIMs and a few cases), and the pages and API that show a
 * snapshot. Each budget is the measured figure with a little headroom; the reason is beside it.
 * Every statement is also explained: none may scan a growing table. The benchmark
 * (`npm run bench -- stats-scale`) shows how the same steps grow at 10× and national scale.
 */

const MONTH = "2026-12";

interface StepCost {
  rowsRead: number;
  statements: string[];
}
const costs = new Map<string, StepCost>();

beforeAll(async () => {
  await seedReferenceData(env.DB);
  await insertRegistration({
    village: { code: "64.03.08.2001", name: "Biduk-Biduk" },
    status: "approved",
    registrationNumber: "KIM-6403082001-001",
  });
  await insertRegistration({
    village: { code: "64.03.08.2002", name: "Pantai Harapan" },
    status: "approved",
    registrationNumber: "KIM-6403082002-001",
  });
  for (let i = 0; i < 3; i++) await postAspiration(freshReport());
  await routedAspiration("pupr");

  const config = loadConfig(env);
  const queue = { send: async () => undefined, sendBatch: async () => undefined } as unknown as Queue<MailQueueMessage>;
  const input = { month: MONTH, version: 1 };
  const now = new Date();
  // One meter for the run; each step's cost is what it added.
  const meter = countingD1(env.DB);
  const db = createDb(meter.db);
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const [rowsBefore, statementsBefore] = [meter.rowsRead, meter.breakdown.length];
    const result = await work();
    const statements = meter.breakdown.slice(statementsBefore).map((b) => b.sql);
    costs.set(name, { rowsRead: meter.rowsRead - rowsBefore, statements });
    return result;
  };
  await step(STATS_FLOW_STEPS.open, () => openSnapshot(db, { ...input, reason: null, requestedBy: "test", now }));
  const kecamatan = await step(STATS_FLOW_STEPS.kecamatanList, () => listKecamatan(db));
  for (const next of monthlyStatsSteps({ db, queue, config, now: () => now }, input, kecamatan)) {
    await step(next.name, next.run);
  }
});

async function rowsOfRoute(path: string): Promise<{ status: number; rowsRead: number; statements: string[] }> {
  const meter = countingD1(env.DB);
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`), { ...env, DB: meter.db }, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return { status: res.status, rowsRead: meter.rowsRead, statements: meter.breakdown.map((b) => b.sql) };
}

describe("the statistics flow's steps", () => {
  // Measured on these fixtures (in brackets), plus headroom.
  const budgets: [string, number, string][] = [
    ["open snapshot", 10, "the month's snapshot row [1]"],
    ["list kecamatan", 40, "the kecamatan, a regency's reference data [27: 13 kecamatan in Berau]"],
    // The kecamatan's villages and registrations are walked once; then only its KIMs' events,
    // members and forwarded aspirations: it grows with villages, not history. (Before the walk was
    // shared, each of six queries repeated it: 132 and 192 rows.)
    ["kim figures 64.03.08", 80, "6 villages, two KIMs with their members [53]"],
    ["kim figures 64.03.01", 70, "14 villages, no KIM [49]"],
    [
      "regency kim figures",
      300,
      "the kecamatan rows written before, 13 × about 18 metrics, and the month's approvals [240]",
    ],
    ["aspiration figures: activity", 60, "the month's reports, events, ratings, category names [31]"],
    ["aspiration figures: answer-times", 20, "the month's first answers and the holidays between [5]"],
    ["aspiration figures: deadlines", 60, "the month's deadline rows, the cases open at its end, agency names [37]"],
    ["freeze snapshot", 5, "one snapshot row [1]"],
    ["mail the monthly report", 350, "the frozen snapshot's values and the recipients [299]"],
  ];
  for (const [name, budget, why] of budgets) {
    it(`${name}: at most ${budget} rows (${why})`, () => {
      const cost = costs.get(name);
      expect(cost, name).toBeDefined();
      expect(cost?.rowsRead).toBeLessThanOrEqual(budget);
    });
  }

  it("every step has a budget", () => {
    expect(
      [...costs.keys()].filter((name) => !budgets.some(([b]) => b === name) && !name.startsWith("kim figures")),
    ).toEqual([]);
  });

  it("no step scans a growing table", async () => {
    const problems: string[] = [];
    const statements = new Set([...costs.values()].flatMap((c) => c.statements));
    for (const sql of statements)
      for (const scan of await scansOf(sql)) problems.push(`${scan} in: ${sql.slice(0, 160)}`);
    expect(problems).toEqual([]);
  });
});

describe("the pages and API that show a snapshot", () => {
  it("read about one row per figure shown, without scanning", async () => {
    const values =
      (
        await env.DB.prepare("SELECT COUNT(*) AS n FROM stats_values WHERE month = ?")
          .bind(MONTH)
          .first<{ n: number }>()
      )?.n ?? 0;
    expect(values).toBeGreaterThan(100);
    for (const path of [`/statistik/${MONTH}`, `/api/v1/stats/monthly/${MONTH}`, `/statistik/${MONTH}.csv`]) {
      const cost = await rowsOfRoute(path);
      expect(cost.status, path).toBe(200);
      // The answer holds every figure of the month; the rest is the snapshot row, the month list and the trend.
      expect(cost.rowsRead, path).toBeLessThanOrEqual(values + 200);
      for (const sql of new Set(cost.statements))
        expect(await scansOf(sql), `${path}: ${sql.slice(0, 120)}`).toEqual([]);
    }
  });
});
