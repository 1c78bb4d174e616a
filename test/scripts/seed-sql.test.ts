import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import holidaysCsv from "../../data/hari_libur_2025_2026.csv?raw";
import {
  areaStatements,
  directoryStatements,
  holidayStatements,
  ROWS_PER_STATEMENT,
  sqlLiteral,
} from "../../scripts/seed-sql";
import type { AreaRow } from "../../workers/domain/area-import";
import { parseHolidayCsv } from "../../workers/domain/holiday-import";
import { REFERENCE_HOLIDAY_SOURCE, REFERENCE_LOADED_AT, seedReferenceData } from "../fixtures/reference-data";

const db = env.DB;

async function run(statements: string[]) {
  const results = await db.batch(statements.map((sql) => db.prepare(sql)));
  return {
    rowsWritten: results.reduce((sum, r) => sum + r.meta.rows_written, 0),
    changes: results.reduce((sum, r) => sum + r.meta.changes, 0),
  };
}

/** Everything the seed writes, in a stable order, to compare runs. */
async function snapshot() {
  const [areas, holidays, years, agencies, categories] = await db.batch([
    db.prepare("SELECT * FROM areas ORDER BY code"),
    db.prepare("SELECT * FROM holidays ORDER BY date"),
    db.prepare("SELECT * FROM calendar_years ORDER BY year"),
    db.prepare("SELECT * FROM agencies ORDER BY id"),
    db.prepare("SELECT * FROM categories ORDER BY id"),
  ]);
  return {
    areas: areas?.results,
    holidays: holidays?.results,
    years: years?.results,
    agencies: agencies?.results,
    categories: categories?.results,
  };
}

function shippedHolidays() {
  const parsed = parseHolidayCsv(holidaysCsv);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed;
}

// Storage is shared by the tests of one file: each test starts from empty reference tables.
beforeEach(async () => {
  await db.batch(
    ["categories", "agencies", "holidays", "calendar_years", "areas"].map((t) => db.prepare(`DELETE FROM ${t}`)),
  );
});

describe("reference data seed", () => {
  it("loads Berau's areas, the 2025–2026 calendar and the sample directory", async () => {
    const results = await seedReferenceData(db);
    expect(results.reduce((sum, r) => sum + r.meta.changes, 0)).toBe(124 + 53 + 2 + 12 + 15);
    const { results: levels } = await db
      .prepare("SELECT level, count(*) AS n FROM areas GROUP BY level ORDER BY level")
      .all();
    expect(levels).toEqual([
      { level: "kabupaten", n: 1 },
      { level: "kampung", n: 100 },
      { level: "kecamatan", n: 13 },
      { level: "kelurahan", n: 10 },
    ]);
    const data = await snapshot();
    expect(data.years).toEqual([
      { year: 2025, source: REFERENCE_HOLIDAY_SOURCE, loaded_at: REFERENCE_LOADED_AT },
      { year: 2026, source: REFERENCE_HOLIDAY_SOURCE, loaded_at: REFERENCE_LOADED_AT },
    ]);
    expect(data.areas).toContainEqual({
      code: "64.03.04.2001",
      name: "Long La'ai",
      level: "kampung",
      parent_code: "64.03.04",
    });
    expect(data.holidays).toContainEqual({
      date: "2025-01-28",
      kind: "cuti_bersama",
      name: "Tahun Baru Imlek 2576 Kongzili",
      basis: "SKB 1017/2024-2/2024-2/2024; Keppres 2/2025 (ASN)",
    });
    expect(data.agencies).toContainEqual({
      id: "pupr",
      name: "Dinas Pekerjaan Umum dan Penataan Ruang",
      short_name: "Dinas PUPR",
      contact_emails: '["pengaduan@pupr.berau.example"]',
      head_email: "kepala@pupr.berau.example",
      active: 1,
    });
    expect(data.categories).toHaveLength(15);
  });

  it("changes nothing when run a second time: same data, zero rows written", async () => {
    await seedReferenceData(db);
    const before = await snapshot();
    const second = await seedReferenceData(db);
    expect(second.reduce((sum, r) => sum + r.meta.rows_written, 0)).toBe(0);
    expect(second.reduce((sum, r) => sum + r.meta.changes, 0)).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps loaded_at when the same calendar is loaded again later", async () => {
    const holidays = shippedHolidays();
    const seed = { rows: holidays.rows, years: holidays.years, source: "hari_libur_2025_2026.csv" };
    await run(holidayStatements({ ...seed, loadedAt: "2026-01-05T00:00:00.000Z" }));
    expect(await run(holidayStatements({ ...seed, loadedAt: "2026-06-01T00:00:00.000Z" }))).toEqual({
      rowsWritten: 0,
      changes: 0,
    });
    const { results } = await db.prepare("SELECT year, loaded_at FROM calendar_years ORDER BY year").all();
    expect(results).toEqual([
      { year: 2025, loaded_at: "2026-01-05T00:00:00.000Z" },
      { year: 2026, loaded_at: "2026-01-05T00:00:00.000Z" },
    ]);
  });

  it("makes a year equal to a changed decree: a moved date is removed, and only that year's loaded_at moves", async () => {
    const holidays = shippedHolidays();
    const seed = { years: holidays.years, source: "hari_libur_2025_2026.csv" };
    await run(holidayStatements({ ...seed, rows: holidays.rows, loadedAt: "2026-01-05T00:00:00.000Z" }));
    const moved = holidays.rows.map((r) => (r.date === "2026-12-24" ? { ...r, date: "2026-12-28" } : r));
    const result = await run(holidayStatements({ ...seed, rows: moved, loadedAt: "2026-11-20T00:00:00.000Z" }));
    expect(result.changes).toBe(3);
    const { results: december } = await db
      .prepare("SELECT date, kind FROM holidays WHERE date BETWEEN '2026-12-20' AND '2026-12-31' ORDER BY date")
      .all();
    expect(december).toEqual([
      { date: "2026-12-25", kind: "libur_nasional" },
      { date: "2026-12-28", kind: "cuti_bersama" },
    ]);
    const { results: years } = await db.prepare("SELECT year, loaded_at FROM calendar_years ORDER BY year").all();
    expect(years).toEqual([
      { year: 2025, loaded_at: "2026-01-05T00:00:00.000Z" },
      { year: 2026, loaded_at: "2026-11-20T00:00:00.000Z" },
    ]);
  });

  it("updates a renamed area and leaves an agency an administrator switched off alone", async () => {
    await seedReferenceData(db);
    await db.batch([
      db.prepare("UPDATE areas SET name = 'Kelay Lama' WHERE code = '64.03.01'"),
      db.prepare("UPDATE agencies SET active = 0 WHERE id = 'dlh'"),
    ]);
    const second = await seedReferenceData(db);
    expect(second.reduce((sum, r) => sum + r.meta.changes, 0)).toBe(1);
    expect(await db.prepare("SELECT name FROM areas WHERE code = '64.03.01'").first()).toEqual({ name: "Kelay" });
    expect(await db.prepare("SELECT active FROM agencies WHERE id = 'dlh'").first()).toEqual({ active: 0 });
  });

  it("splits a large import into statements of at most 100 rows and stores awkward names intact", async () => {
    const villages: AreaRow[] = Array.from({ length: 250 }, (_, i) => ({
      code: `65.01.01.2${String(i + 1).padStart(3, "0")}`,
      name: `Kampung O'Neil "${i + 1}"; DROP TABLE areas; --`,
      level: "kampung",
      parentCode: "65.01.01",
    }));
    const statements = areaStatements(villages);
    expect(statements).toHaveLength(Math.ceil(250 / ROWS_PER_STATEMENT));
    expect((await run(statements)).changes).toBe(250);
    expect(await db.prepare("SELECT name FROM areas WHERE code = '65.01.01.2250'").first()).toEqual({
      name: `Kampung O'Neil "250"; DROP TABLE areas; --`,
    });
    expect(await run(areaStatements(villages))).toEqual({ rowsWritten: 0, changes: 0 });
  });

  it("loads categories after the agencies they reference", async () => {
    const directory = {
      agencies: [
        {
          id: "dinkes",
          name: "Dinas Kesehatan",
          shortName: "Dinkes",
          contactEmails: ["a@b.example"],
          headEmail: "c@b.example",
        },
      ],
      categories: [{ id: "kesehatan", name: "Layanan kesehatan", description: "", agencyId: "dinkes" }],
    };
    expect((await run(directoryStatements(directory))).changes).toBe(2);
  });
});

describe("sqlLiteral", () => {
  it("doubles single quotes, keeps numbers and NULL, and refuses NUL", () => {
    expect(sqlLiteral("Long La'ai")).toBe("'Long La''ai'");
    expect(sqlLiteral(2026)).toBe("2026");
    expect(sqlLiteral(null)).toBe("NULL");
    expect(() => sqlLiteral("a\u0000b")).toThrow(RangeError);
    expect(() => sqlLiteral(Number.NaN)).toThrow(RangeError);
  });
});
