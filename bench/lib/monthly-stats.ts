/**
 * Runs `MonthlyStatsFlow`'s steps (the same batches, in the same order) for one month on a served
 * database, timing each and counting D1 rows with the Worker's own meter. The steps run in Node
 * against the served D1, so every statement crosses a process boundary: step times are an upper
 * bound of what they take inside the Worker. The month's earlier snapshot goes first, so every
 * run computes the same.
 */
import { loadConfig } from "../../workers/config";
import { type CountingD1, countingD1 } from "../../workers/d1-meter";
import { createDb } from "../../workers/db";
import { inStepBatches } from "../../workers/domain/stats/batches";
import type { MailQueueMessage } from "../../workers/mail/messages";
import { ASPIRATION_PARTS } from "../../workers/services/stats/aspiration-figures";
import { sendMonthlyReport } from "../../workers/services/stats/report-mail";
import {
  freezeSnapshot,
  listKecamatan,
  openSnapshot,
  writeAspirationFigures,
  writeKecamatanFigures,
  writeRegencyKimFigures,
} from "../../workers/services/stats/snapshots";
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
  await step("open snapshot", () => openSnapshot(db, { ...input, reason: null, requestedBy: "bench", now }));
  const kecamatan = await step("list kecamatan", () => listKecamatan(db));
  const batches = inStepBatches(kecamatan);
  for (const [i, batch] of batches.entries()) {
    const name =
      batch.length > 1 ? `kim figures ${batch[0]?.code} to ${batch.at(-1)?.code}` : `kim figures ${batch[0]?.code}`;
    await step(name, async () => {
      for (const k of batch) await writeKecamatanFigures(db, { ...input, kecamatan: k });
    });
    if (i % 50 === 49) log(`  ${i + 1} of ${batches.length} kecamatan steps`);
  }
  const regencyName = config.regencyName;
  await step("regency kim figures", () => writeRegencyKimFigures(db, { ...input, regencyName }));
  for (const part of ASPIRATION_PARTS) {
    await step(`aspiration figures: ${part}`, () => writeAspirationFigures(db, { ...input, regencyName, part }));
  }
  await step("freeze snapshot", () => freezeSnapshot(db, { ...input, now }));
  await step("mail the monthly report", () => sendMonthlyReport({ db, queue, config, now }, input));
  return { steps, meter };
}
