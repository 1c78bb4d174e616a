import { describe, expect, it } from "vitest";
import type { HolidayCalendar } from "../../workers/domain/calendar";
import {
  flowMailKey,
  lateness,
  latenessLabel,
  reminderMoment,
  stageRound,
} from "../../workers/domain/registration/deadlines";

/** March 2026 around Nyepi and Idul Fitri, as decreed (data/hari_libur_2025_2026.csv). */
const march2026: HolidayCalendar = {
  holidays: new Set([
    "2026-03-18",
    "2026-03-19",
    "2026-03-20",
    "2026-03-21",
    "2026-03-22",
    "2026-03-23",
    "2026-03-24",
    "2026-04-03",
  ]),
  loadedYears: new Set([2026]),
};
const wita = (s: string) => new Date(`${s}+08:00`);

describe("reminderMoment", () => {
  it("is 08:00 WITA one working day before the deadline's day", () => {
    expect(reminderMoment(wita("2026-03-27T23:59:59"), 1, march2026)).toEqual(wita("2026-03-26T08:00:00"));
  });

  it("skips weekends, holidays and cuti bersama", () => {
    // Wednesday 25 March: the working day before is Tuesday 17 March.
    expect(reminderMoment(wita("2026-03-25T23:59:59"), 1, march2026)).toEqual(wita("2026-03-17T08:00:00"));
    expect(reminderMoment(wita("2026-03-30T23:59:59"), 2, march2026)).toEqual(wita("2026-03-26T08:00:00"));
  });

  it("with 0 days is the morning of the deadline day", () => {
    expect(reminderMoment(wita("2026-03-27T23:59:59"), 0, march2026)).toEqual(wita("2026-03-27T08:00:00"));
  });
});

describe("lateness", () => {
  const due = wita("2026-03-27T23:59:59");

  it("counts the working days after the deadline: 3 on the Wednesday after a Friday deadline", () => {
    const late = lateness(due, wita("2026-04-01T10:00:00"), march2026);
    expect(late).toEqual({ overdue: true, workingDaysLate: 3, calendarComplete: true });
    expect(latenessLabel(late)).toBe("3 hari kerja terlambat");
  });

  it("is overdue but 0 working days on the weekend after, and not overdue before", () => {
    expect(latenessLabel(lateness(due, wita("2026-03-28T09:00:00"), march2026))).toBe("lewat tenggat");
    expect(lateness(due, wita("2026-03-27T12:00:00"), march2026)).toEqual({
      overdue: false,
      workingDaysLate: 0,
      calendarComplete: true,
    });
    expect(latenessLabel(lateness(due, wita("2026-03-27T12:00:00"), march2026))).toBeUndefined();
  });

  it("says when the count crossed a year whose holidays are not loaded", () => {
    const late = lateness(wita("2026-12-30T23:59:59"), wita("2027-01-05T10:00:00"), march2026);
    expect(late.calendarComplete).toBe(false);
  });
});

describe("stageRound and flowMailKey", () => {
  const timeline = [
    { kind: "submit", toStatus: "awaiting_endorsement" as const },
    { kind: "endorse", toStatus: "awaiting_verification" as const },
    { kind: "revise", toStatus: "needs_revision" as const },
    { kind: "resubmit", toStatus: "awaiting_verification" as const },
    { kind: "remind", toStatus: null },
  ];

  it("counts the times a registration entered its status", () => {
    expect(stageRound(timeline, "awaiting_verification")).toBe(2);
    expect(stageRound(timeline, "needs_revision")).toBe(1);
    expect(stageRound(timeline, "awaiting_endorsement")).toBe(1);
    expect(stageRound([{ kind: "submit", toStatus: null }], "awaiting_endorsement")).toBe(1);
    expect(
      stageRound([...timeline, { kind: "resubmit", toStatus: "awaiting_endorsement" }], "awaiting_endorsement"),
    ).toBe(2);
  });

  it("builds keys from id, stage, round, kind, level and an optional recipient", () => {
    expect(flowMailKey("REG-7K3M9QXT2B", "verification", 2, "escalation", 1)).toBe(
      "REG-7K3M9QXT2B:verification-2:escalation:1",
    );
    expect(flowMailKey("REG-7K3M9QXT2B", "endorsement", 1, "request", 0, "official-1")).toBe(
      "REG-7K3M9QXT2B:endorsement-1:request:0:official-1",
    );
  });
});
