import type { AppConfig } from "../../config";
import type { Db } from "../../db";
import { inStepBatches } from "../../domain/stats/batches";
import type { MailQueueMessage } from "../../mail/messages";
import { loadSettings } from "../settings";
import { ASPIRATION_PARTS, type AspirationPart } from "./aspiration-figures";
import { sendMonthlyReport } from "./report-mail";
import { freezeSnapshot, writeAspirationFigures, writeKecamatanFigures, writeRegencyKimFigures } from "./snapshots";

/** The names of `MonthlyStatsFlow`'s steps: the engine replays a step by its name, so they stay fixed. */
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

/** What a step hands back to the engine: small and serializable. */
export type StatsStepResult = Record<string, string | number | boolean | string[]>;

export interface StatsStep {
  name: string;
  run: () => Promise<StatsStepResult>;
}

/**
 * The steps that follow the snapshot's opening and the kecamatan list, in order: the KIM figures
 * by batches of kecamatan, the regency's KIM totals, each part of the aspiration figures, the
 * freeze and the report mail. The flow runs them as `step.do`s; the benchmark and the budget test
 * run the same list, so all three compute a month the same way.
 */
export function monthlyStatsSteps(
  deps: { db: Db; queue: Queue<MailQueueMessage>; config: AppConfig; now: () => Date },
  input: { month: string; version: number },
  kecamatan: readonly { code: string; name: string }[],
): StatsStep[] {
  const { db } = deps;
  const regencyName = deps.config.regencyName;
  return [
    ...inStepBatches(kecamatan).map((batch) => {
      const codes = batch.map((k) => k.code);
      return {
        name: STATS_FLOW_STEPS.kecamatan(codes),
        run: async () => {
          // One settings read per step, not per kecamatan: a national batch holds about 37.
          const settings = await loadSettings(db);
          for (const k of batch) await writeKecamatanFigures(db, { ...input, kecamatan: k }, settings);
          return { codes };
        },
      };
    }),
    { name: STATS_FLOW_STEPS.regency, run: () => writeRegencyKimFigures(db, { ...input, regencyName }) },
    ...ASPIRATION_PARTS.map((part) => ({
      name: STATS_FLOW_STEPS.aspirations(part),
      run: () => writeAspirationFigures(db, { ...input, regencyName, part }),
    })),
    {
      name: STATS_FLOW_STEPS.freeze,
      run: async () => {
        await freezeSnapshot(db, { ...input, now: deps.now() });
        return { frozen: true };
      },
    },
    { name: STATS_FLOW_STEPS.report, run: () => sendMonthlyReport({ ...deps, now: deps.now() }, input) },
  ];
}
