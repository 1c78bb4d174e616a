import { HOLIDAY_KINDS, type HolidayKind } from "./calendar";
import { hasControlChars, type ImportError, readCsvTable } from "./csv-table";
import { isIsoDate } from "./time";

/** The columns of a holiday file, in this order. */
export const HOLIDAY_CSV_COLUMNS = ["date", "kind", "name", "basis"] as const;

/** One validated decreed non-working day. */
export interface HolidayRow {
  /** WITA calendar date, YYYY-MM-DD. */
  date: string;
  kind: HolidayKind;
  name: string;
  /** The decree: SKB or Keppres number. */
  basis: string;
}

/**
 * The rows of a valid holiday file and the years it covers (sorted). A covered year is one whose
 * decree the file states in full: storing the file marks those years as loaded.
 */
export type HolidayImportResult =
  | { ok: true; rows: HolidayRow[]; years: number[] }
  | { ok: false; errors: ImportError[] };

const TEXT_MAX = 200;
const YEAR_MIN = 2000;
const YEAR_MAX = 2100;

const isHolidayKind = (value: string): value is HolidayKind => (HOLIDAY_KINDS as readonly string[]).includes(value);

function textError(value: string, label: string): string | undefined {
  if (value === "") return `${label} wajib diisi.`;
  if (value.length > TEXT_MAX) return `${label} paling panjang ${TEXT_MAX} karakter.`;
  if (hasControlChars(value)) return `${label} tidak boleh berisi baris baru atau karakter kendali.`;
  return undefined;
}

/**
 * Parses and validates a holiday CSV (`date,kind,name,basis`): real dates, a known kind
 * (`libur_nasional` or `cuti_bersama`), a name and a legal basis on every row, no date twice.
 * Either every row comes back with the covered years, or every error with its line.
 *
 * @example
 * parseHolidayCsv("date,kind,name,basis\n2026-03-19,libur_nasional,Nyepi,SKB 1497/2025\n")
 * // { ok: true, rows: [{ date: "2026-03-19", kind: "libur_nasional", ... }], years: [2026] }
 */
export function parseHolidayCsv(text: string): HolidayImportResult {
  const table = readCsvTable(text, HOLIDAY_CSV_COLUMNS);
  const errors: ImportError[] = [...table.errors];
  const firstLine = new Map<string, number>();
  const rows: HolidayRow[] = [];
  for (const { line, fields } of table.rows) {
    const { date, kind, name, basis } = fields;
    const before = errors.length;
    const fail = (field: string, message: string) => errors.push({ line, field, message });

    const earlier = firstLine.get(date);
    if (!isIsoDate(date)) {
      fail("date", `Tanggal "${date}" tidak ada atau tidak berbentuk TTTT-BB-HH (contoh 2026-03-19).`);
    } else if (Number(date.slice(0, 4)) < YEAR_MIN || Number(date.slice(0, 4)) > YEAR_MAX) {
      fail("date", `Tahun pada tanggal ${date} harus antara ${YEAR_MIN} dan ${YEAR_MAX}.`);
    } else if (earlier !== undefined) {
      fail("date", `Tanggal ${date} sudah tercantum di baris ${earlier}.`);
    } else {
      firstLine.set(date, line);
    }
    if (!isHolidayKind(kind)) fail("kind", `Jenis "${kind}" tidak dikenal. Pilih ${HOLIDAY_KINDS.join(" atau ")}.`);
    const nameError = textError(name, "Nama hari libur");
    if (nameError) fail("name", nameError);
    const basisError = textError(basis, "Dasar hukum (nomor SKB/Keppres)");
    if (basisError) fail("basis", basisError);

    if (errors.length === before && isHolidayKind(kind)) rows.push({ date, kind, name, basis });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  rows.sort((a, b) => a.date.localeCompare(b.date));
  return { ok: true, rows, years: holidayYears(rows) };
}

/** The sorted distinct years of some holiday dates: [2025, 2026] for the shipped file. */
export function holidayYears(rows: readonly Pick<HolidayRow, "date">[]): number[] {
  return [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))].sort((a, b) => a - b);
}
