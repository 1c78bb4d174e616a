import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import { missingDecreeYears } from "../../workers/domain/calendar";
import worker from "../../workers/index";
import { templates } from "../../workers/mail/templates";
import { createOfficial, get, grants, sendJson, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

const db = createDb(env.DB);
const WARNING_2027 = "Kalender hari libur 2027 belum dimuat.";

beforeAll(async () => {
  // The shipped decrees: 2025 and 2026 loaded, 2027 not.
  await seedReferenceData(env.DB);
});

afterEach(() => {
  vi.useRealTimers();
});

/** Pins the clock the Worker reads (`new Date()`) to a WITA moment. */
function atWita(local: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(`${local}+08:00`));
}

async function workingDays(query: string) {
  const res = await get(`/api/v1/calendar/working-days?${query}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe("fixed-date national holidays in a year whose decree is not loaded", () => {
  it("does not count 1 January 2027 as a working day in a deadline set in late December 2026", async () => {
    // Wednesday 30 December 2026: Thursday 31 counts, Friday 1 January is New Year's Day, then Monday 4.
    expect(await workingDays("from=2026-12-30&days=2")).toEqual({
      from: "2026-12-30",
      days: 2,
      due: "2027-01-04T23:59:59+08:00",
      calendarComplete: false,
      provisionalYears: [2027],
    });
  });

  it("skips Pancasila Day and Independence Day of 2027 too (1 May and 25 December fall on a Saturday)", async () => {
    // Monday 31 May + 1 skips Tuesday 1 June; Monday 16 August + 1 skips Tuesday 17 August.
    expect(await workingDays("from=2027-05-31&days=1")).toMatchObject({ due: "2027-06-02T23:59:59+08:00" });
    expect(await workingDays("from=2027-08-16&days=1")).toMatchObject({ due: "2027-08-18T23:59:59+08:00" });
  });

  it("gives way to the decree once that year is imported", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    // Friday 29 December 2028 + 1: before the import, Monday 1 January 2029 is skipped provisionally.
    expect(await workingDays("from=2028-12-29&days=1")).toMatchObject({
      due: "2029-01-02T23:59:59+08:00",
      provisionalYears: [2028, 2029],
    });
    const csv = [
      "date,kind,name,basis",
      "2028-12-25,libur_nasional,Natal,SKB 2028",
      "2029-01-01,libur_nasional,Tahun Baru,SKB 2028",
      "2029-01-02,cuti_bersama,Cuti bersama Tahun Baru,SKB 2028",
    ].join("\n");
    const res = await sendJson("POST", "/api/v1/admin/calendar/import", undefined, {
      headers: { cookie: session.cookie, "content-type": "text/csv" },
      rawBody: csv,
    });
    expect(res.status).toBe(200);
    expect(await workingDays("from=2028-12-29&days=1")).toEqual({
      from: "2028-12-29",
      days: 1,
      due: "2029-01-03T23:59:59+08:00",
      calendarComplete: true,
      provisionalYears: [],
    });
  });
});

describe("missingDecreeYears", () => {
  const loaded = new Set([2025, 2026]);
  it.each([
    ["2026-09-30", []],
    ["2026-10-01", [2027]],
    ["2026-12-04", [2027]],
    ["2027-01-04", [2027]],
  ])("on %s warns about %j", (today, years) => {
    expect(missingDecreeYears(today, loaded)).toEqual(years);
  });
});

describe("the warning on the officials' pages", () => {
  it("appears on the work queue from 1 October 2026 while the 2027 decree is missing", async () => {
    atWita("2026-10-01T00:30:00");
    const { session } = await signedInOfficial([grants.verifier()]);
    const res = await get("/pendaftaran", { session, html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(WARNING_2027);
    expect(html).toContain("17 Agustus");
  });

  it("appears on the admin pages in December 2026", async () => {
    atWita("2026-12-04T09:00:00");
    const { session } = await signedInOfficial([grants.admin()]);
    expect(await (await get("/admin", { session, html: true })).text()).toContain(WARNING_2027);
    // The calendar page says it once, although its own overview warns about next year too.
    const calendarPage = await (await get("/admin/kalender", { session, html: true })).text();
    expect(calendarPage.split(WARNING_2027).length - 1).toBe(1);
  });

  it("is absent before 1 October", async () => {
    atWita("2026-09-30T23:00:00");
    const { session } = await signedInOfficial([grants.verifier()]);
    expect(await (await get("/pendaftaran", { session, html: true })).text()).not.toContain("belum dimuat");
  });
});

describe("the warning in the administrators' daily mail", () => {
  it("goes out at 08:00 WITA from 1 October although no mail failed", async () => {
    const admin = await createOfficial({ email: "admin.kalender@diskominfo.test", grants: [grants.admin()] });
    await worker.scheduled(
      createScheduledController({ cron: "0 0 * * *", scheduledTime: Date.parse("2026-12-04T00:00:00Z") }),
      env,
    );
    const row = await db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, "failed-mail-summary:2026-12-04"))
      .get();
    expect(row).toMatchObject({
      template: "failed_mail_summary",
      recipients: expect.arrayContaining([admin.email]),
      params: { total: 0, items: [], missingDecreeYears: [2027] },
    });
    const mail = templates.failed_mail_summary.render(templates.failed_mail_summary.params.parse(row?.params), {
      publicBaseUrl: "https://simpul.beraukab.test",
      officeName: "Diskominfo Berau",
      regencyName: "Kabupaten Berau",
    });
    expect(mail.subject).toBe("Simpul: kalender hari libur 2027 belum dimuat");
    expect(mail.text).toContain(WARNING_2027);
    expect(mail.text).toContain("https://simpul.beraukab.test/admin/kalender");
    expect(mail.text).not.toContain("email tidak dapat dikirim");
  });

  it("is not sent in September when no mail failed", async () => {
    await createOfficial({ email: "admin.september@diskominfo.test", grants: [grants.admin()] });
    await worker.scheduled(
      createScheduledController({ cron: "0 0 * * *", scheduledTime: Date.parse("2026-09-15T00:00:00Z") }),
      env,
    );
    expect(
      await db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, "failed-mail-summary:2026-09-15")),
    ).toEqual([]);
  });
});
