import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { loadConfig } from "../config";
import { createDb } from "../db";
import { listKecamatan, openSnapshot } from "../services/stats/snapshots";
import { monthlyStatsSteps, STATS_FLOW_STEPS } from "../services/stats/steps";
import { STEP_CONFIG } from "./shared";

/**
 * `MonthlyStatsFlow`: computes and freezes one version of one month's statistics. The instance id
 * is `stats-YYYY-MM` for the first computation (a second trigger for the month finds it and does
 * nothing) and `stats-YYYY-MM-vN` for a recompute. The work is split so every step stays small:
 * the KIM figures one kecamatan a step (a batch of them in a very large deployment, see
 * `inStepBatches`), then the regency's KIM totals and each part of the aspiration figures, one
 * step each, then one to freeze and one to mail the report (`services/stats/steps.ts`). Each step writes its own rows
 * idempotently and the report goes out once per version (its dedupe key), so a replayed step
 * changes nothing.
 */

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
    const deps = { db, queue: this.env.MAIL_QUEUE, config: loadConfig(this.env), now: () => new Date() };
    for (const next of monthlyStatsSteps(deps, { month, version }, kecamatan)) {
      await step.do(next.name, STEP_CONFIG, next.run);
    }
    return { month, version, status: "frozen" };
  }
}
