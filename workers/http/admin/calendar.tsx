import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as z from "zod";
import type { ImportError } from "../../domain/csv-table";
import { type ErrorDetail, validationFailed } from "../../errors";
import {
  addHoliday,
  calendarOverview,
  importHolidays,
  listHolidays,
  removeHoliday,
  updateHoliday,
} from "../../services/holidays";
import { CalendarPage, CalendarYearPage } from "../../views/admin/calendar";
import { authorize, csrfProtection, currentActor, currentSession } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { field, flashOf, formFields } from "./forms";
import { detailsOf, holidayFields, holidayInput } from "./inputs";

const guard = authorize("calendar.manage");
const yearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const dateParam = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Tanggal harus YYYY-MM-DD.") });

/** Import errors as envelope details: `line 4 (date)`. */
const importDetails = (errors: ImportError[]): ErrorDetail[] =>
  errors.map((e) => ({
    path: `baris ${e.line}${e.field ? ` (${e.field})` : ""}`,
    message: e.message,
    code: "invalid_row",
  }));

async function overviewPage(c: Context<AppEnv>, errors?: ErrorDetail[]) {
  const overview = await calendarOverview(serviceDeps(c), currentActor(c));
  return <CalendarPage session={currentSession(c)} overview={overview} flash={flashOf(c)} errors={errors} />;
}

async function yearPage(c: Context<AppEnv>, year: number, errors?: ErrorDetail[]) {
  const holidays = await listHolidays(serviceDeps(c), currentActor(c), year);
  return (
    <CalendarYearPage session={currentSession(c)} year={year} holidays={holidays} flash={flashOf(c)} errors={errors} />
  );
}

/** The CSV from an uploaded file or the pasted text. */
async function csvFromForm(c: Context<AppEnv>): Promise<{ text: string; source: string }> {
  const body = await c.req.parseBody();
  const file = body.file;
  if (file instanceof File && file.size > 0) return { text: await file.text(), source: file.name.slice(0, 100) };
  return { text: typeof body.csv === "string" ? body.csv : "", source: "ditempel di halaman admin" };
}

/** `/admin/kalender` (a year's CSV is a few KB, well inside the default body limit): years loaded, one-date edits and the all-or-nothing CSV import. */
export const calendarPages = new Hono<AppEnv>()
  .use(guard)
  .use(csrfProtection())
  .get("/", async (c) => c.html(await overviewPage(c)))
  .post("/", async (c) => {
    const fields = await formFields(c);
    const parsed = holidayInput.safeParse({
      date: field(fields, "date"),
      kind: field(fields, "kind"),
      name: field(fields, "name"),
      basis: field(fields, "basis"),
    });
    if (!parsed.success) return c.html(await overviewPage(c, detailsOf(parsed.error)), 422);
    await addHoliday(serviceDeps(c), currentActor(c), parsed.data);
    return c.redirect(`/admin/kalender/${parsed.data.date.slice(0, 4)}?pesan=disimpan`, 303);
  })
  .post("/impor", async (c) => {
    const { text, source } = await csvFromForm(c);
    const result = await importHolidays(serviceDeps(c), currentActor(c), text, source);
    if (!result.ok) return c.html(await overviewPage(c, importDetails(result.errors)), 422);
    return c.redirect("/admin/kalender?pesan=diimpor", 303);
  })
  .get("/:year", validate("param", yearParam), async (c) => c.html(await yearPage(c, c.req.valid("param").year)))
  .post("/tanggal/:date", validate("param", dateParam), async (c) => {
    const { date } = c.req.valid("param");
    const fields = await formFields(c);
    const parsed = holidayFields.safeParse({
      kind: field(fields, "kind"),
      name: field(fields, "name"),
      basis: field(fields, "basis"),
    });
    const year = Number(date.slice(0, 4));
    if (!parsed.success) return c.html(await yearPage(c, year, detailsOf(parsed.error)), 422);
    await updateHoliday(serviceDeps(c), currentActor(c), date, parsed.data);
    return c.redirect(`/admin/kalender/${year}?pesan=disimpan`, 303);
  })
  .post("/tanggal/:date/hapus", validate("param", dateParam), async (c) => {
    const { date } = c.req.valid("param");
    await removeHoliday(serviceDeps(c), currentActor(c), date);
    return c.redirect(`/admin/kalender/${date.slice(0, 4)}?pesan=dihapus`, 303);
  });

const docs = (summary: string, ...errors: number[]) =>
  describeRoute({
    tags: ["Admin"],
    summary,
    responses: { 200: { description: "OK" }, ...errorResponses(401, 403, ...errors) },
  });

/** `/api/v1/admin/calendar`. */
export const calendarApi = new Hono<AppEnv>()
  .use(guard)
  .get("/", docs("Years loaded and warnings"), async (c) =>
    c.json({ data: await calendarOverview(serviceDeps(c), currentActor(c)) }),
  )
  .get("/:year", docs("One year's holidays", 422), validate("param", yearParam), async (c) =>
    c.json({ data: await listHolidays(serviceDeps(c), currentActor(c), c.req.valid("param").year) }),
  )
  .post("/holidays", docs("Add one date", 409, 422), validate("json", holidayInput), async (c) =>
    c.json({ data: await addHoliday(serviceDeps(c), currentActor(c), c.req.valid("json")) }, 201),
  )
  .put(
    "/holidays/:date",
    docs("Change one date", 404, 422),
    validate("param", dateParam),
    validate("json", holidayFields),
    async (c) =>
      c.json({
        data: await updateHoliday(serviceDeps(c), currentActor(c), c.req.valid("param").date, c.req.valid("json")),
      }),
  )
  .delete("/holidays/:date", docs("Remove one date", 404), validate("param", dateParam), async (c) => {
    await removeHoliday(serviceDeps(c), currentActor(c), c.req.valid("param").date);
    return c.body(null, 204);
  })
  .post(
    "/import",
    describeRoute({
      tags: ["Admin"],
      summary: "Import holidays from CSV (text/csv body), all or nothing",
      description: "Columns `date,kind,name,basis`. 422 lists every bad line (`details[].path` = `baris N (field)`).",
      responses: { 200: { description: "Imported" }, ...errorResponses(401, 403, 413, 422) },
    }),
    async (c) => {
      const result = await importHolidays(serviceDeps(c), currentActor(c), await c.req.text(), "API");
      if (!result.ok)
        throw validationFailed(importDetails(result.errors), "Berkas kalender belum benar; tidak ada yang diimpor.");
      return c.json({ data: result });
    },
  );
