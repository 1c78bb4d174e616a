import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, calendarYears, holidays } from "../../schema";
import { createDb } from "../../workers/db";
import { SETTING_KEYS } from "../../workers/domain/settings";
import { witaDate } from "../../workers/domain/time";
import { get, grants, postForm, sendJson, signedInOfficial } from "../fixtures/officials";

const db = createDb(env.DB);

describe("settings", () => {
  it("lists every rule with its default beside the value in force", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await sendJson("GET", "/api/v1/admin/settings", undefined, { session });
    const { data } = (await res.json()) as { data: { key: string }[] };
    expect(data.map((s) => s.key)).toEqual(SETTING_KEYS);
    expect(data.find((s) => s.key === "kim.officerMinAge")).toEqual({
      key: "kim.officerMinAge",
      label: "Usia paling rendah pengurus (tahun)",
      defaultValue: 18,
      storedValue: null,
      effectiveValue: 18,
      invalid: false,
      updatedAt: null,
      updatedBy: null,
    });
  });

  it("stores a valid override, refuses an invalid one naming value, and resets to the default", async () => {
    const { official, session } = await signedInOfficial([grants.admin()]);
    const ok = await sendJson("PUT", "/api/v1/admin/settings/registration.revisionDays", { value: 7 }, { session });
    expect(await ok.json()).toMatchObject({
      data: { effectiveValue: 7, defaultValue: 10, storedValue: 7, updatedBy: official.id },
    });

    const tooLong = await sendJson(
      "PUT",
      "/api/v1/admin/settings/registration.revisionDays",
      { value: 500 },
      { session },
    );
    expect(tooLong.status).toBe(422);
    expect(await tooLong.json()).toMatchObject({ error: { code: "validation_failed", details: [{ path: "value" }] } });

    const crossed = await sendJson("PUT", "/api/v1/admin/settings/kim.memberCountMin", { value: 100 }, { session });
    expect(crossed.status).toBe(422);

    const unknown = await sendJson("PUT", "/api/v1/admin/settings/kim.nope", { value: 1 }, { session });
    expect(unknown.status).toBe(404);

    const reset = await sendJson("DELETE", "/api/v1/admin/settings/registration.revisionDays", undefined, { session });
    expect(await reset.json()).toMatchObject({ data: { effectiveValue: 10, storedValue: null } });
    const entries = await db.select().from(auditLog).where(eq(auditLog.actorId, official.id));
    expect(entries.map((e) => e.action).filter((a) => a.startsWith("settings."))).toEqual([
      "settings.update",
      "settings.reset",
    ]);
  });

  it("the form saves a list of occupations and shows it in force", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await postForm(
      "/admin/pengaturan/kim.excludedOccupations",
      [
        ["value", "asn"],
        ["value", "pppk"],
      ],
      { session },
    );
    expect(res.status).toBe(303);
    const page = await (await get("/admin/pengaturan", { session })).text();
    expect(page).toContain(
      "Berlaku: <strong>Aparatur Sipil Negara (ASN/PNS), PPPK (pegawai pemerintah dengan perjanjian kerja)</strong>",
    );
    await sendJson("DELETE", "/api/v1/admin/settings/kim.excludedOccupations", undefined, { session });
  });

  it("the form re-renders with the error for a bad number", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await postForm("/admin/pengaturan/kim.officerMinAge", { value: "5" }, { session });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("<code>kim.officerMinAge.value</code>");
  });
});

const CSV_2031 = [
  "date,kind,name,basis",
  "2031-01-01,libur_nasional,Tahun Baru 2031 Masehi,SKB 2031",
  "2031-08-17,libur_nasional,Hari Kemerdekaan,SKB 2031",
  "2031-12-26,cuti_bersama,Cuti bersama Natal,SKB 2031",
].join("\n");

describe("holiday calendar", () => {
  it("warns when the current or next year is not loaded", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const year = Number(witaDate(new Date()).slice(0, 4));
    const res = await sendJson("GET", "/api/v1/admin/calendar", undefined, { session });
    const { data } = (await res.json()) as { data: { warnings: string[] } };
    expect(data.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining(`Kalender hari libur ${year + 1} belum dimuat`)]),
    );
    expect(await (await get("/admin/kalender", { session })).text()).toContain(
      `Kalender hari libur ${year + 1} belum dimuat`,
    );
  });

  it("imports a year all or nothing, naming each bad line", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const bad = `${CSV_2031}\n2031-02-30,libur_nasional,Salah,SKB 2031\n2031-03-01,libur,Salah juga,SKB 2031\n`;
    const refused = await exportsPost("/api/v1/admin/calendar/import", bad, session.cookie);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: {
        code: "validation_failed",
        details: [
          { path: "baris 5 (date)", message: expect.any(String) },
          { path: "baris 6 (kind)", message: expect.any(String) },
        ],
      },
    });
    expect(await db.select().from(holidays).where(eq(holidays.date, "2031-01-01"))).toEqual([]);

    const ok = await exportsPost("/api/v1/admin/calendar/import", CSV_2031, session.cookie);
    expect(await ok.json()).toEqual({ data: { ok: true, years: [2031], rows: 3 } });
    expect(await db.select().from(calendarYears).where(eq(calendarYears.year, 2031))).toMatchObject([
      { source: "API" },
    ]);
    const working = await sendJson("GET", "/api/v1/calendar/working-days?from=2031-12-24&days=2");
    // 25 Dec is not in the file, 26 Dec is: Thursday 25th counts, Friday 26th is cuti bersama, so Monday 29th.
    expect(await working.json()).toMatchObject({ due: "2031-12-29T23:59:59+08:00", calendarComplete: true });
  });

  it("the page import re-renders with line errors and imports nothing", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await postForm(
      "/admin/kalender/impor",
      { csv: "date,kind,name,basis\n2032-01-01,libur_nasional,,SKB\n" },
      { session },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("<code>baris 2 (name)</code>");
    expect(await db.select().from(calendarYears).where(eq(calendarYears.year, 2032))).toEqual([]);
  });

  it("adds, edits and removes one date, with audit entries", async () => {
    const { official, session } = await signedInOfficial([grants.admin()]);
    const added = await postForm(
      "/admin/kalender",
      { date: "2033-08-18", kind: "cuti_bersama", name: "Cuti tambahan", basis: "SKB 2033" },
      { session },
    );
    expect(added.status).toBe(303);
    expect(
      await sendJson(
        "POST",
        "/api/v1/admin/calendar/holidays",
        { date: "2033-08-18", kind: "cuti_bersama", name: "x", basis: "y" },
        { session },
      ).then((r) => r.status),
    ).toBe(409);
    const edited = await postForm(
      "/admin/kalender/tanggal/2033-08-18",
      { kind: "libur_nasional", name: "Libur tambahan", basis: "Keppres 2033" },
      { session },
    );
    expect(edited.status).toBe(303);
    expect(await db.select().from(holidays).where(eq(holidays.date, "2033-08-18"))).toEqual([
      { date: "2033-08-18", kind: "libur_nasional", name: "Libur tambahan", basis: "Keppres 2033" },
    ]);
    expect((await postForm("/admin/kalender/tanggal/2033-08-18/hapus", {}, { session })).status).toBe(303);
    expect(await db.select().from(holidays).where(eq(holidays.date, "2033-08-18"))).toEqual([]);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.actorId, official.id)))
      .map((e) => e.action)
      .filter((a) => a.startsWith("calendar."));
    expect(actions).toEqual(["calendar.add", "calendar.edit", "calendar.remove"]);
  });
});

function exportsPost(path: string, csv: string, cookie: string) {
  return sendJson("POST", path, undefined, { headers: { cookie, "content-type": "text/csv" }, rawBody: csv });
}
