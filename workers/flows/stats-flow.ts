import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { loadConfig } from "../config";
import { createDb } from "../db";
import { sendMonthlyReport } from "../services/stats/report-mail";
import {
  freezeSnapshot,
  listKecamatan,
  openSnapshot,
  writeKecamatanFigures,
  writeRegencyFigures,
} from "../services/stats/snapshots";
import { STEP_CONFIG } from "./shared";

/**
 * `MonthlyStatsFlow`: computes and freezes one version of one month's statistics. The instance id
 * is `stats-YYYY-MM` for the first computation (a second trigger for the month finds it and does
 * nothing) and `stats-YYYY-MM-vN` for a recompute. The work is split so every step stays small:
 * one step per kecamatan for the KIM figures, one for the regency totals and the aspirations, one
 * to freeze, one to mail the report. Each step writes its own rows idempotently and the report
 * goes out once per version (its dedupe key), so a replayed step changes nothing.
 */

export const STATS_FLOW_STEPS = {
  open: "open snapshot",
  kecamatanList: "list kecamatan",
  kecamatan: (code: string) => `kim figures ${code}`,
  regency: "regency and aspiration figures",
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
    for (const k of kecamatan) {
      await step.do(STATS_FLOW_STEPS.kecamatan(k.code), STEP_CONFIG, async () => {
        await writeKecamatanFigures(db, { month, version, kecamatan: k });
        return { code: k.code };
      });
    }
    await step.do(STATS_FLOW_STEPS.regency, STEP_CONFIG, () =>
      writeRegencyFigures(db, { month, version, regencyName: loadConfig(this.env).regencyName }),
    );
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
