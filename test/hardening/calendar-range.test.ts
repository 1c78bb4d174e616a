import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addWorkingDays,
  type HolidayCalendar,
  MAX_CALENDAR_SPAN_DAYS,
  workingDaysBefore,
  workingDaysBetween,
} from "../../workers/domain/calendar";
import { reminderMoment } from "../../workers/domain/registration/deadlines";
import { addDays, CalendarRangeError, witaDate } from "../../workers/domain/time";
import { get, grants, sendJson, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

beforeAll(async () => {
  await seedReferenceData(env.DB);
});

const wita = (local: string) => new Date(`${local}+08:00`);

/** A calendar where every date is a decreed holiday: no count over it can ever finish. */
const everyDayAHoliday: HolidayCalendar = {
  holidays: { has: () => true } as unknown as ReadonlySet<string>,
  loadedYears: { has: () => true } as unknown as ReadonlySet<number>,
};

type Envelope = { error: { code: string; message: string; details?: { path: string; message: string }[] } };

describe("calendar dates stay in a range the arithmetic can represent", () => {
  it("refuses to step past 9999-12-31 instead of returning the same day", () => {
    // toISOString() writes year 10000 as "+010000-01-01"; its first 10 characters read back as 9999-12-31.
    expect(() => addDays("9999-12-31", 1)).toThrow(CalendarRangeError);
    expect(addDays("2100-12-31", 1)).toBe("2101-01-01");
    expect(() => witaDate(new Date(Date.UTC(10000, 0, 1)))).toThrow(CalendarRangeError);
  });

  it("answers GET working-days from 9999-12-31 with a quick 422 naming the start date", async () => {
    const started = Date.now();
    const res = await get("/api/v1/calendar/working-days?from=9999-12-31&days=1");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(422);
    const body = (await res.json()) as Envelope;
    expect(body).toMatchObject({
      error: {
        code: "validation_failed",
        details: [{ path: "from", message: "Tanggal awal harus antara 1 Januari 2000 dan 31 Desember 2100." }],
      },
    });
  });

  it.each(["1999-12-31", "2101-01-01", "1900-06-15"])("refuses the start date %s with 422", async (from) => {
    const res = await get(`/api/v1/calendar/working-days?from=${from}&days=1`);
    expect(res.status).toBe(422);
    expect(((await res.json()) as Envelope).error.details).toEqual([
      expect.objectContaining({ path: "from", code: "date_out_of_range" }),
    ]);
  });

  it("counts the maximum of 365 working days from the last accepted date, provisionally", async () => {
    const res = await get("/api/v1/calendar/working-days?from=2100-12-31&days=365");
    expect(res.status).toBe(200);
    // No decree is loaded for 2100–2102: weekends and the five fixed-date holidays only, so
    // 365 working days after Friday 31 December 2100 end on Wednesday 31 May 2102.
    expect(await res.json()).toEqual({
      from: "2100-12-31",
      days: 365,
      due: "2102-05-31T23:59:59+08:00",
      calendarComplete: false,
      provisionalYears: [2100, 2101, 2102],
    });
  });

  it("refuses a holiday dated outside 2000–2100 through the admin API", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await sendJson(
      "POST",
      "/api/v1/admin/calendar/holidays",
      { date: "9999-12-31", kind: "libur_nasional", name: "Tahun baru", basis: "SKB" },
      { session },
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as Envelope).error.details).toEqual([
      { path: "date", code: "date_out_of_range", message: "Tanggal harus antara 1 Januari 2000 dan 31 Desember 2100." },
    ]);
  });

  it("answers an audit-log filter dated 9999-12-31 with 422, on the API and on the page", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const api = await sendJson("GET", "/api/v1/admin/audit?to=9999-12-31", undefined, { session });
    expect(api.status).toBe(422);
    expect(((await api.json()) as Envelope).error.details).toEqual([
      expect.objectContaining({ path: "to", code: "date_out_of_range" }),
    ]);
    const page = await get("/admin/audit?to=9999-12-31", { session, html: true });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain("Tanggal harus antara 1 Januari 2000 dan 31 Desember 2100.");
  });
});

describe("every loop of the calendar ends, whatever its input", () => {
  it("stops counting working days over a calendar without one", () => {
    expect(() => addWorkingDays(wita("2026-03-13T09:00:00"), 1, everyDayAHoliday)).toThrow(CalendarRangeError);
  });

  it("stops looking for the day before a deadline over a calendar without working days", () => {
    expect(() => workingDaysBefore("2026-03-27", 1, everyDayAHoliday)).toThrow(CalendarRangeError);
    expect(() => reminderMoment(wita("2026-03-27T23:59:59"), 1, everyDayAHoliday)).toThrow(CalendarRangeError);
  });

  it("refuses to measure a span longer than the calendar allows", () => {
    const cal: HolidayCalendar = { holidays: new Set(), loadedYears: new Set() };
    const start = wita("2000-01-03T09:00:00");
    const tooFar = new Date(start.getTime() + (MAX_CALENDAR_SPAN_DAYS + 10) * 86_400_000);
    expect(() => workingDaysBetween(start, tooFar, cal)).toThrow(CalendarRangeError);
    expect(() => workingDaysBetween(start, new Date(Date.UTC(275000, 0, 1)), cal)).toThrow(RangeError);
  });
});
