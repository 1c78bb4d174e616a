/**
 * Runs `MonthlyStatsFlow`'s steps (the same list, `monthlyStatsSteps`) for one month on a served
 * database, timing each and counting D1 rows with the Worker's own meter. The steps run in Node
 * against the served D1, so every statement crosses a process boundary: step times are an upper
 * bound of what they take inside the Worker. The month's earlier snapshot goes first, so every
 * run computes the same.
 */
import { loadConfig } from "../../workers/config";
import { type CountingD1, countingD1 } from "../../workers/d1-meter";
import { createDb } from "../../workers/db";
import type { MailQueueMessage } from "../../workers/mail/messages";
import { listKecamatan, openSnapshot } from "../../workers/services/stats/snapshots";
import { monthlyStatsSteps, STATS_FLOW_STEPS } from "../../workers/services/stats/steps";
import type { BenchServer } from "./server";

export interface StepFigure {
  name: string;
  ms: number;
  rowsRead: number;
}

export async function computeMonth(
  server: BenchServer,
  month: string,
  log: (line: string) => void,
): Promise<{ steps: StepFigure[]; meter: CountingD1 }> {
  await server.db.batch([
    server.db.prepare("DELETE FROM stats_values WHERE month = ?").bind(month),
    server.db.prepare("DELETE FROM stats_snapshots WHERE month = ?").bind(month),
    server.db.prepare("DELETE FROM mail_outbox WHERE dedupe_key LIKE ?").bind(`stats-${month}%`),
  ]);
  const meter = countingD1(server.db);
  const db = createDb(meter.db);
  const config = loadConfig((await server.mf.getBindings()) as unknown as Env);
  const queue = { send: async () => undefined, sendBatch: async () => undefined } as unknown as Queue<MailQueueMessage>;
  const steps: StepFigure[] = [];
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const before = meter.rowsRead;
    const started = performance.now();
    const result = await work();
    steps.push({ name, ms: performance.now() - started, rowsRead: meter.rowsRead - before });
    return result;
  };
  const now = new Date();
  const input = { month, version: 1 };
  await step(STATS_FLOW_STEPS.open, () => openSnapshot(db, { ...input, reason: null, requestedBy: "bench", now }));
  const kecamatan = await step(STATS_FLOW_STEPS.kecamatanList, () => listKecamatan(db));
  const plan = monthlyStatsSteps({ db, queue, config, now: () => now }, input, kecamatan);
  for (const [i, next] of plan.entries()) {
    await step(next.name, next.run);
    if (i % 50 === 49) log(`  ${i + 1} of ${plan.length} steps`);
  }
  return { steps, meter };
}
