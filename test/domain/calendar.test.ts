import { describe, expect, it } from "vitest";
import holidaysCsv from "../../data/hari_libur_2025_2026.csv?raw";
import { addWorkingDays, type HolidayCalendar, isWorkingDay, workingDaysBetween } from "../../workers/domain/calendar";
import { parseHolidayCsv } from "../../workers/domain/holiday-import";
import { addDays } from "../../workers/domain/time";

/** The calendar as the app loads it from the shipped decree file: 2025 and 2026. */
function shippedCalendar(): HolidayCalendar {
  const parsed = parseHolidayCsv(holidaysCsv);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { holidays: new Set(parsed.rows.map((r) => r.date)), loadedYears: new Set(parsed.years) };
}
const cal = shippedCalendar();
const wita = (local: string) => new Date(`${local}+08:00`);

describe("addWorkingDays with the 2025–2026 decrees", () => {
  it("gives the issue's example: 5 working days from Friday 13 March 2026 skip Nyepi and the Idul Fitri cuti bersama", () => {
    const deadline = addWorkingDays(wita("2026-03-13T09:00:00"), 5, cal);
    expect(deadline).toEqual({
      due: new Date("2026-03-27T15:59:59Z"),
      dueWita: "2026-03-27T23:59:59+08:00",
      calendarComplete: true,
      provisionalYears: [],
    });
  });

  it("skips the whole Idul Fitri 2025 break (31 March to 7 April) and the Nyepi cuti bersama before it", () => {
    // Thursday 27 March: Fri 28 is Nyepi cuti bersama, 31 Mar–1 Apr Idul Fitri, 2–4 and 7 Apr cuti bersama.
    expect(addWorkingDays(wita("2025-03-27T10:00:00"), 1, cal).dueWita).toBe("2025-04-08T23:59:59+08:00");
    expect(addWorkingDays(wita("2025-03-27T10:00:00"), 3, cal).dueWita).toBe("2025-04-10T23:59:59+08:00");
  });

  it("skips 18 August 2025, the cuti bersama added by the August 2025 decree change", () => {
    expect(addWorkingDays(wita("2025-08-15T10:00:00"), 1, cal).dueWita).toBe("2025-08-19T23:59:59+08:00");
    const beforeTheChange = { ...cal, holidays: new Set([...cal.holidays].filter((d) => d !== "2025-08-18")) };
    expect(addWorkingDays(wita("2025-08-15T10:00:00"), 1, beforeTheChange).dueWita).toBe("2025-08-18T23:59:59+08:00");
  });

  it("counts a Friday afternoon from the following Monday", () => {
    expect(addWorkingDays(wita("2026-03-06T16:30:00"), 1, cal).dueWita).toBe("2026-03-09T23:59:59+08:00");
    expect(addWorkingDays(wita("2026-03-06T16:30:00"), 3, cal).dueWita).toBe("2026-03-11T23:59:59+08:00");
  });

  it("takes the day in WITA: 23:30 UTC on Thursday is already Friday in Berau", () => {
    expect(addWorkingDays(new Date("2026-03-05T23:30:00Z"), 1, cal).dueWita).toBe("2026-03-09T23:59:59+08:00");
    // The last second of Thursday in WITA still counts Friday as the first working day.
    expect(addWorkingDays(new Date("2026-03-05T15:59:59Z"), 1, cal).dueWita).toBe("2026-03-06T23:59:59+08:00");
  });

  it("deems a weekend or holiday start received on the next working day, which itself does not count", () => {
    // Saturday 7 and Sunday 8 March 2026 are received on Monday 9: one working day later is Tuesday 10.
    expect(addWorkingDays(wita("2026-03-07T10:00:00"), 1, cal).dueWita).toBe("2026-03-10T23:59:59+08:00");
    expect(addWorkingDays(wita("2026-03-08T23:59:00"), 1, cal).dueWita).toBe("2026-03-10T23:59:59+08:00");
    expect(addWorkingDays(wita("2026-03-14T10:00:00"), 5, cal).dueWita).toBe("2026-03-30T23:59:59+08:00");
    // Nyepi (Thursday 19 March 2026): Fri 20, Mon 23 and Tue 24 are cuti bersama, so received Wed 25.
    expect(addWorkingDays(wita("2026-03-19T08:00:00"), 1, cal).dueWita).toBe("2026-03-26T23:59:59+08:00");
  });

  it("says the deadline is provisional when it reaches 2027, and skips weekends and New Year's Day there", () => {
    // Mon 21 Dec 2026: 22, 23, (24 cuti bersama, 25 Natal, weekend) 28, 29, 30, 31, then 2027 unloaded:
    // Fri 1 Jan is a fixed-date national holiday, Sat 2 and Sun 3 are the weekend, then 4, 5, 6, 7.
    expect(addWorkingDays(wita("2026-12-21T10:00:00"), 10, cal)).toEqual({
      due: new Date("2027-01-07T15:59:59Z"),
      dueWita: "2027-01-07T23:59:59+08:00",
      calendarComplete: false,
      provisionalYears: [2027],
    });
    expect(addWorkingDays(wita("2026-12-21T10:00:00"), 6, cal)).toMatchObject({
      dueWita: "2026-12-31T23:59:59+08:00",
      calendarComplete: true,
    });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s days", (days) => {
    expect(() => addWorkingDays(wita("2026-03-13T09:00:00"), days, cal)).toThrow(RangeError);
  });
});

describe("isWorkingDay", () => {
  it.each([
    ["2026-03-16", true, "an ordinary Monday"],
    ["2026-03-14", false, "a Saturday"],
    ["2026-03-15", false, "a Sunday"],
    ["2026-03-19", false, "Nyepi, libur nasional"],
    ["2026-03-18", false, "Nyepi cuti bersama"],
    ["2025-04-07", false, "the last Idul Fitri 2025 cuti bersama"],
    ["2025-08-18", false, "the added cuti bersama of 18 August 2025"],
    ["2025-08-19", true, "the day after it"],
    ["2027-01-01", false, "New Year 2027, a fixed-date holiday although the 2027 decree is not loaded"],
    ["2027-01-04", true, "the first Monday of 2027"],
    ["2027-01-02", false, "a Saturday in 2027"],
  ])("%s is %s (%s)", (date, expected) => {
    expect(isWorkingDay(date, cal)).toBe(expected);
  });
});

describe("workingDaysBetween", () => {
  it("counts the working days after the start's day up to the end's day", () => {
    expect(workingDaysBetween(wita("2026-03-13T09:00:00"), wita("2026-03-27T10:00:00"), cal)).toEqual({
      days: 5,
      calendarComplete: true,
    });
    expect(workingDaysBetween(wita("2025-03-27T10:00:00"), wita("2025-04-08T08:00:00"), cal)).toEqual({
      days: 1,
      calendarComplete: true,
    });
  });

  it("is zero on the same WITA day and negative backwards", () => {
    expect(workingDaysBetween(wita("2026-03-13T08:00:00"), wita("2026-03-13T22:00:00"), cal).days).toBe(0);
    expect(workingDaysBetween(wita("2026-03-27T10:00:00"), wita("2026-03-13T09:00:00"), cal).days).toBe(-5);
  });

  it("flags a span that reaches an unloaded year", () => {
    expect(workingDaysBetween(wita("2026-12-21T10:00:00"), wita("2027-01-06T12:00:00"), cal)).toEqual({
      days: 9,
      calendarComplete: false,
    });
  });

  it("measures exactly n between a moment and its n-working-day deadline, across the 2025–2026 holidays", () => {
    const mismatches: string[] = [];
    for (let date = "2025-01-01"; date <= "2026-12-31"; date = addDays(date, 3)) {
      for (const time of ["00:00:00", "16:30:00", "23:30:00"]) {
        const start = wita(`${date}T${time}`);
        for (const n of [1, 3, 5, 10]) {
          const { due } = addWorkingDays(start, n, cal);
          const measured = workingDaysBetween(start, due, cal).days;
          if (measured !== n) mismatches.push(`${date}T${time} +${n}: ${measured}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
