import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { loadConfig } from "../config";
import { createDb } from "../db";
import { inStepBatches } from "../domain/stats/batches";
import { ASPIRATION_PARTS, type AspirationPart } from "../services/stats/aspiration-figures";
import { sendMonthlyReport } from "../services/stats/report-mail";
import {
  freezeSnapshot,
  listKecamatan,
  openSnapshot,
  writeAspirationFigures,
  writeKecamatanFigures,
  writeRegencyKimFigures,
} from "../services/stats/snapshots";
import { STEP_CONFIG } from "./shared";

/**
 * `MonthlyStatsFlow`: computes and freezes one version of one month's statistics. The instance id
 * is `stats-YYYY-MM` for the first computation (a second trigger for the month finds it and does
 * nothing) and `stats-YYYY-MM-vN` for a recompute. The work is split so every step stays small:
 * the KIM figures one kecamatan a step (a batch of them in a very large deployment, see
 * `inStepBatches`), then the regency's KIM totals, the aspirations' activity and their deadlines,
 * one step each, then one to freeze and one to mail the report. Each step writes its own rows
 * idempotently and the report goes out once per version (its dedupe key), so a replayed step
 * changes nothing.
 */

export const STATS_FLOW_STEPS = {
  open: "open snapshot",
  kecamatanList: "list kecamatan",
  kecamatan: (codes: readonly string[]) =>
    codes.length > 1 ? `kim figures ${codes[0]} to ${codes.at(-1)}` : `kim figures ${codes[0]}`,
  regency: "regency kim figures",
  aspirations: (part: AspirationPart) => `aspiration figures: ${part}`,
  freeze: "freeze snapshot",
  report: "mail the monthly report",
} as const;

export interface StatsFlowParams {
  month: string;
  version: number;
  reason: string | null;
  requestedBy: string;
}

export class MonthlyStatsFlow extends WorkflowEntrypoint<Env, StatsFlowParams> {
  override async run(
    event: Readonly<WorkflowEvent<StatsFlowParams>>,
    step: WorkflowStep,
  ): Promise<{ month: string; version: number; status: "frozen" | "already_frozen" }> {
    const { month, version, reason, requestedBy } = event.payload;
    const db = createDb(this.env.DB);
    const opened = await step.do(STATS_FLOW_STEPS.open, STEP_CONFIG, () =>
      openSnapshot(db, { month, version, reason, requestedBy, now: new Date() }),
    );
    if (opened.frozen) return { month, version, status: "already_frozen" };
    const kecamatan = await step.do(STATS_FLOW_STEPS.kecamatanList, STEP_CONFIG, () => listKecamatan(db));
    for (const batch of inStepBatches(kecamatan)) {
      const codes = batch.map((k) => k.code);
      await step.do(STATS_FLOW_STEPS.kecamatan(codes), STEP_CONFIG, async () => {
        for (const k of batch) await writeKecamatanFigures(db, { month, version, kecamatan: k });
        return { codes };
      });
    }
    const regencyName = loadConfig(this.env).regencyName;
    await step.do(STATS_FLOW_STEPS.regency, STEP_CONFIG, () =>
      writeRegencyKimFigures(db, { month, version, regencyName }),
    );
    for (const part of ASPIRATION_PARTS) {
      await step.do(STATS_FLOW_STEPS.aspirations(part), STEP_CONFIG, () =>
        writeAspirationFigures(db, { month, version, regencyName, part }),
      );
    }
    await step.do(STATS_FLOW_STEPS.freeze, STEP_CONFIG, async () => {
      await freezeSnapshot(db, { month, version, now: new Date() });
      return { frozen: true };
    });
    await step.do(STATS_FLOW_STEPS.report, STEP_CONFIG, () =>
      sendMonthlyReport(
        { db, queue: this.env.MAIL_QUEUE, config: loadConfig(this.env), now: new Date() },
        { month, version },
      ),
    );
    return { month, version, status: "frozen" };
  }
}
