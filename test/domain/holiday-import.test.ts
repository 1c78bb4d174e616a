import { describe, expect, it } from "vitest";
import holidaysCsv from "../../data/hari_libur_2025_2026.csv?raw";
import { parseHolidayCsv } from "../../workers/domain/holiday-import";

const HEADER = "date,kind,name,basis";
const csv = (...lines: string[]) => `${[HEADER, ...lines].join("\n")}\n`;

describe("parseHolidayCsv on the shipped 2025–2026 file", () => {
  it("reads every decreed date and covers 2025 and 2026", () => {
    const result = parseHolidayCsv(holidaysCsv);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.years).toEqual([2025, 2026]);
    expect(result.rows).toHaveLength(53);
    expect(result.rows.filter((r) => r.kind === "cuti_bersama")).toHaveLength(19);
    expect(result.rows).toContainEqual({
      date: "2025-08-18",
      kind: "cuti_bersama",
      name: "HUT ke-80 Kemerdekaan RI (tambahan)",
      basis: "SKB perubahan 933/2025-1/2025-3/2025 (7 Aug 2025)",
    });
    expect(result.rows).toContainEqual({
      date: "2026-03-21",
      kind: "libur_nasional",
      name: "Idul Fitri 1447 H (hari 1; confirmed by sidang isbat 19 Mar 2026)",
      basis: "SKB 1497/2025-2/2025-5/2025",
    });
  });
});

describe("parseHolidayCsv", () => {
  it("reads quoted names and bases with commas and quotes, sorts by date and derives the years", () => {
    const result = parseHolidayCsv(
      csv(
        '2027-03-10,libur_nasional,"Hari Raya ""Nyepi""",SKB 1/2026',
        '2026-12-25,libur_nasional,"Natal, Kelahiran Yesus Kristus","SKB 1497/2025-2/2025-5/2025; Keppres 42/2025"',
      ),
    );
    expect(result).toEqual({
      ok: true,
      years: [2026, 2027],
      rows: [
        {
          date: "2026-12-25",
          kind: "libur_nasional",
          name: "Natal, Kelahiran Yesus Kristus",
          basis: "SKB 1497/2025-2/2025-5/2025; Keppres 42/2025",
        },
        { date: "2027-03-10", kind: "libur_nasional", name: 'Hari Raya "Nyepi"', basis: "SKB 1/2026" },
      ],
    });
  });

  it("rejects every bad row at once with its line, and returns no rows", () => {
    const result = parseHolidayCsv(
      csv(
        "2026-01-01,libur_nasional,Tahun Baru,SKB 1497/2025",
        "2026-02-30,libur_nasional,Tidak Ada,SKB 1497/2025",
        "1 Januari 2026,libur_nasional,Format Lain,SKB 1497/2025",
        "2026-01-01,cuti_bersama,Tahun Baru Lagi,SKB 1497/2025",
        "2026-05-01,libur,Hari Buruh,SKB 1497/2025",
        "2026-06-01,libur_nasional,,",
        "2026-08-17,libur_nasional,Proklamasi",
        "1999-08-17,libur_nasional,Proklamasi,SKB lama",
      ),
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          field: "date",
          message: 'Tanggal "2026-02-30" tidak ada atau tidak berbentuk TTTT-BB-HH (contoh 2026-03-19).',
        },
        {
          line: 4,
          field: "date",
          message: 'Tanggal "1 Januari 2026" tidak ada atau tidak berbentuk TTTT-BB-HH (contoh 2026-03-19).',
        },
        { line: 5, field: "date", message: "Tanggal 2026-01-01 sudah tercantum di baris 2." },
        { line: 6, field: "kind", message: 'Jenis "libur" tidak dikenal. Pilih libur_nasional atau cuti_bersama.' },
        { line: 7, field: "name", message: "Nama hari libur wajib diisi." },
        { line: 7, field: "basis", message: "Dasar hukum (nomor SKB/Keppres) wajib diisi." },
        { line: 8, message: "Baris ini berisi 3 kolom, seharusnya 4 (date,kind,name,basis)." },
        { line: 9, field: "date", message: "Tahun pada tanggal 1999-08-17 harus antara 2000 dan 2100." },
      ],
    });
  });

  it("rejects a wrong header and an empty file at line 1", () => {
    expect(parseHolidayCsv("tanggal,jenis,nama,dasar\n2026-01-01,libur_nasional,Tahun Baru,SKB\n")).toEqual({
      ok: false,
      errors: [{ line: 1, message: "Baris judul harus berisi kolom: date,kind,name,basis." }],
    });
    expect(parseHolidayCsv("")).toEqual({
      ok: false,
      errors: [{ line: 1, message: "Berkas kosong. Baris pertama harus berisi: date,kind,name,basis." }],
    });
  });

  it("rejects a file with a header and no dates", () => {
    expect(parseHolidayCsv(`${HEADER}\n`)).toEqual({
      ok: false,
      errors: [{ line: 2, message: "Berkas hanya berisi baris judul, tanpa data." }],
    });
  });

  it("rejects an unclosed quote at the line it opens", () => {
    expect(parseHolidayCsv(csv('2026-01-01,libur_nasional,"Tahun Baru,SKB 1497/2025', "2026-01-16,x,y,z"))).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'Tanda kutip (") dibuka tetapi tidak ditutup. Baris sesudahnya tidak diperiksa.' }],
    });
  });
});
