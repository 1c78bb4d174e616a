import { addWorkingDays, type HolidayCalendar } from "../calendar";
import { reminderMoment } from "../registration/deadlines";

/**
 * The escalation ladder of a stage whose deadline passes without an answer (DOMAIN.md, the
 * SP4N-LAPOR! frame): a warning the working day before, then each level a fixed number of working
 * days after the one below it. Who is told at each level is `LADDER_AUDIENCES`; the days are
 * settings.
 */
export const ESCALATION_STEPS = [0, 1, 2, 3] as const;
/** 0 is the warning before the deadline; 3 marks the case critical until it is answered. */
export type EscalationStep = (typeof ESCALATION_STEPS)[number];

export type LadderStage = "verification" | "agency";

/** Who hears of each step, by stage: roles and escalation-contact levels, resolved to addresses by the services. */
export const LADDER_AUDIENCES: Record<LadderStage, Record<EscalationStep, { to: string[]; cc: string[] }>> = {
  verification: {
    0: { to: ["verifier"], cc: [] },
    1: { to: ["verifier_head"], cc: ["verifier"] },
    2: { to: ["sekda", "leadership"], cc: ["verifier"] },
    3: { to: ["leadership"], cc: ["verifier"] },
  },
  agency: {
    0: { to: ["agency_officer"], cc: [] },
    1: { to: ["agency_head"], cc: ["agency_officer"] },
    2: { to: ["sekda", "leadership"], cc: ["verifier"] },
    3: { to: ["leadership"], cc: ["verifier"] },
  },
};

export interface LadderRung {
  step: EscalationStep;
  /** When this step is taken. */
  at: Date;
  /** The deadline this step sets for the answer; the last step has none. */
  nextDue?: Date;
}

/**
 * The whole ladder of one deadline, computed once when the stage starts: the Workflow sleeps
 * until each `at` and, if no answer came, takes the step.
 *
 * @example
 * // Due Friday 27 March 2026 23:59 WITA, one day's warning, two working days per level
 * escalationLadder(due, { warningDaysBefore: 1, stepDays: 2 }, cal)
 * // [{ step: 0, at: Thu 26 Mar 08:00 }, { step: 1, at: Fri 27 Mar 23:59, nextDue: Tue 31 Mar 23:59 },
 * //  { step: 2, at: Tue 31 Mar 23:59, nextDue: Thu 2 Apr 23:59 }, { step: 3, at: Thu 2 Apr 23:59 }]
 */
export function escalationLadder(
  due: Date,
  rules: { warningDaysBefore: number; stepDays: number },
  calendar: HolidayCalendar,
): LadderRung[] {
  const level1Due = addWorkingDays(due, rules.stepDays, calendar).due;
  const level2Due = addWorkingDays(level1Due, rules.stepDays, calendar).due;
  return [
    { step: 0, at: reminderMoment(due, rules.warningDaysBefore, calendar) },
    { step: 1, at: due, nextDue: level1Due },
    { step: 2, at: level1Due, nextDue: level2Due },
    { step: 3, at: level2Due },
  ];
}

/** Step names for people, e.g. on the officials' queue. */
export const ESCALATION_STEP_LABELS: Record<EscalationStep, string> = {
  0: "Peringatan tenggat",
  1: "Eskalasi tingkat 1 (kepala OPD)",
  2: "Eskalasi tingkat 2 (Sekretariat Daerah dan pimpinan)",
  3: "Kritis: dilaporkan harian kepada pimpinan",
};
