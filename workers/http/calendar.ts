import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import {
  CALENDAR_FIRST_DATE,
  CALENDAR_LAST_DATE,
  formatDateHuman,
  isCalendarDate,
  isIsoDate,
  witaStartOfDay,
} from "../domain/time";
import { computeDeadline, getYearCalendar } from "../services/calendar";
import type { AppEnv } from "./context";
import { errorResponses } from "./openapi";
import { validate } from "./validation";

const workingDaysQuery = z.object({
  from: z
    .string({ error: "Tanggal awal wajib diisi (YYYY-MM-DD)." })
    .refine(isIsoDate, { message: "Tanggal awal harus tanggal yang benar dalam bentuk YYYY-MM-DD.", abort: true })
    .refine(isCalendarDate, {
      message: `Tanggal awal harus antara ${formatDateHuman(CALENDAR_FIRST_DATE)} dan ${formatDateHuman(CALENDAR_LAST_DATE)}.`,
      params: { code: "date_out_of_range" },
    })
    .meta({ example: "2026-03-13" }),
  days: z.coerce
    .number({ error: "Jumlah hari kerja wajib berupa angka." })
    .int("Jumlah hari kerja harus bilangan bulat.")
    .min(1, "Jumlah hari kerja paling sedikit 1.")
    .max(365, "Jumlah hari kerja paling banyak 365.")
    .meta({ example: 5 }),
});

const deadlineSchema = z.object({
  from: z.string().meta({ example: "2026-03-13" }),
  days: z.number().meta({ example: 5 }),
  due: z.string().meta({ example: "2026-03-27T23:59:59+08:00" }),
  calendarComplete: z.boolean(),
  provisionalYears: z
    .array(z.number())
    .meta({ description: "Years crossed whose decree is not loaded: the deadline there is provisional." }),
});

const yearParam = z.object({
  year: z.coerce
    .number({ error: "Tahun harus berupa angka." })
    .int("Tahun harus bilangan bulat.")
    .min(2000, "Tahun paling awal 2000.")
    .max(2100, "Tahun paling akhir 2100."),
});

const yearSchema = z.object({
  year: z.number(),
  loaded: z.boolean(),
  source: z.string().nullable(),
  holidays: z.array(
    z.object({
      date: z.string(),
      kind: z.enum(["libur_nasional", "cuti_bersama"]),
      name: z.string(),
      basis: z.string(),
      provisional: z.boolean().meta({ description: "A fixed-date national holiday of a year not yet loaded." }),
    }),
  ),
});

export const calendarRoutes = new Hono<AppEnv>()
  .get(
    "/working-days",
    describeRoute({
      tags: ["Calendar"],
      summary: "Deadline N working days after a date",
      description:
        "Counts N working days (Monday–Friday minus loaded holidays and cuti bersama) after the given WITA date; " +
        "the deadline is 23:59:59 WITA of the N-th. `calendarComplete` is false when the count crossed a year " +
        "whose holiday decree is not loaded: there only weekends and the fixed-date national holidays (1 January, " +
        "1 May, 1 June, 17 August, 25 December) were skipped, and `provisionalYears` lists those years.",
      responses: {
        200: { description: "The deadline", content: { "application/json": { schema: resolver(deadlineSchema) } } },
        ...errorResponses(422),
      },
    }),
    validate("query", workingDaysQuery),
    async (c) => {
      const { from, days } = c.req.valid("query");
      const deadline = await computeDeadline(c.var.db, witaStartOfDay(from), days);
      return c.json({
        from,
        days,
        due: deadline.dueWita,
        calendarComplete: deadline.calendarComplete,
        provisionalYears: deadline.provisionalYears,
      });
    },
  )
  .get(
    "/:year",
    describeRoute({
      tags: ["Calendar"],
      summary: "The decreed holidays of one year",
      responses: {
        200: {
          description: "Holidays and whether the year is loaded",
          content: { "application/json": { schema: resolver(yearSchema) } },
        },
        ...errorResponses(422),
      },
    }),
    validate("param", yearParam),
    async (c) => c.json(await getYearCalendar(c.var.db, c.req.valid("param").year)),
  );
