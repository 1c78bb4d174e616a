import { type HolidayCalendar, workingDaysBefore, workingDaysBetween } from "../calendar";
import { addDays, witaDate } from "../time";
import type { RegistrationStatus } from "./status";

/**
 * Time rules of the KIM approval flow that need no I/O: when a reminder goes out before a
 * deadline, how late an overdue registration is, which round of a stage a registration is in,
 * and the mail dedupe keys built from them.
 */

/** Reminders go out at the start of office hours, 08:00 WITA. */
const REMINDER_HOUR_WITA = "08:00:00+08:00";

/**
 * The moment of the reminder before a deadline: 08:00 WITA on the working day `daysBefore`
 * working days before the deadline's day (0 = the morning of the deadline day itself).
 *
 * @example
 * // Deadline Friday 27 March 2026, 23:59 WITA, one working day before
 * reminderMoment(new Date("2026-03-27T23:59:59+08:00"), 1, cal) // 2026-03-26T08:00+08:00 (Thursday)
 */
export function reminderMoment(due: Date, daysBefore: number, calendar: HolidayCalendar): Date {
  const date = workingDaysBefore(witaDate(due), daysBefore, calendar);
  return new Date(Date.parse(`${date}T${REMINDER_HOUR_WITA}`));
}

/** The calendar dates `reminderMoment` may look at, for loading just those holidays. */
export function reminderWindow(due: Date, daysBefore: number): { first: string; last: string } {
  const last = witaDate(due);
  // Two weeks of slack covers the densest cluster of holidays (Idul Fitri).
  return { first: addDays(last, -(Math.ceil(daysBefore * 1.4) + 14)), last };
}

export interface Lateness {
  overdue: boolean;
  /** Working days past the deadline: 0 while overdue on the deadline's own night or a weekend after it. */
  workingDaysLate: number;
  calendarComplete: boolean;
}

/**
 * How late a registration is at `now` against its deadline `due`.
 *
 * @example
 * // Due Friday 27 March 2026 23:59 WITA, now Wednesday 1 April 10:00 WITA
 * lateness(due, now, cal) // { overdue: true, workingDaysLate: 3, calendarComplete: true }
 */
export function lateness(due: Date, now: Date, calendar: HolidayCalendar): Lateness {
  if (now.getTime() <= due.getTime()) return { overdue: false, workingDaysLate: 0, calendarComplete: true };
  const count = workingDaysBetween(due, now, calendar);
  return { overdue: true, workingDaysLate: count.days, calendarComplete: count.calendarComplete };
}

/**
 * "3 hari kerja terlambat", "lewat tenggat" (overdue but not yet a full working day), or
 * undefined when not overdue.
 */
export function latenessLabel(late: Lateness): string | undefined {
  if (!late.overdue) return undefined;
  return late.workingDaysLate > 0 ? `${late.workingDaysLate} hari kerja terlambat` : "lewat tenggat";
}

/** The stages of the flow, as they appear in dedupe keys and timeline details. */
export type FlowStage = "endorsement" | "verification" | "revision";

export const STAGE_OF_STATUS: Partial<Record<RegistrationStatus, FlowStage>> = {
  awaiting_endorsement: "endorsement",
  awaiting_verification: "verification",
  needs_revision: "revision",
};

/**
 * Which round of its current stage a registration is in: 1 the first time it waits for
 * endorsement, verification or revision, 2 after it came back to that stage (a second
 * verification after a resubmission, a second endorsement after a move to another village).
 * Counted from the timeline: every event that entered the status, the `submit` event entering
 * `awaiting_endorsement` whatever its recorded status.
 *
 * @example
 * stageRound([{ kind: "submit", toStatus: null }, { kind: "endorse", toStatus: "awaiting_verification" },
 *   { kind: "revise", toStatus: "needs_revision" }, { kind: "resubmit", toStatus: "awaiting_verification" }],
 *   "awaiting_verification") // 2
 */
export function stageRound(
  events: ReadonlyArray<{ kind: string; toStatus: RegistrationStatus | null }>,
  status: RegistrationStatus,
): number {
  const entered = events.filter(
    (e) => e.toStatus === status || (status === "awaiting_endorsement" && e.kind === "submit"),
  ).length;
  return Math.max(1, entered);
}

/**
 * The dedupe key of one flow e-mail: `${registrationId}:${stage}-${round}:${kind}:${level}`, with
 * `:${recipient}` appended for messages sent to one official each. The round makes a second
 * verification or revision mail again; the level separates escalation steps.
 *
 * @example
 * flowMailKey("REG-7K3M9QXT2B", "verification", 2, "escalation", 1) // "REG-7K3M9QXT2B:verification-2:escalation:1"
 */
export function flowMailKey(
  registrationId: string,
  stage: FlowStage | "closing",
  round: number,
  kind: string,
  level = 0,
  recipient?: string,
): string {
  const key = `${registrationId}:${stage}-${round}:${kind}:${level}`;
  return recipient ? `${key}:${recipient}` : key;
}

/**
 * The ladder a missed verification deadline climbs: first the verifiers' head, then leadership
 * (DOMAIN.md: handling officer → head → leadership). Level n is `VERIFICATION_ESCALATION[n - 1]`.
 */
export const VERIFICATION_ESCALATION = ["verifier_head", "leadership"] as const;
export type VerificationEscalationLevel = (typeof VERIFICATION_ESCALATION)[number];
