import { AREA_LEVELS, type AreaLevel } from "./areas";
import { hasControlChars, type ImportError, type ImportResult, readCsvTable } from "./csv-table";

/** The columns of an area file, in this order. */
export const AREA_CSV_COLUMNS = ["code", "name", "level", "parent_code"] as const;

/** One validated area, ready to store. */
export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string;
}

export interface AreaImportOptions {
  /** Areas already stored (code → level), so a file may add villages to a stored kecamatan. */
  existing?: ReadonlyMap<string, AreaLevel>;
}

const NAME_MAX = 100;

/** Kemendagri code shapes: kabupaten 64.03, kecamatan 64.03.01, village 64.03.01.2001. */
const CODE_SHAPE: Record<AreaLevel, { pattern: RegExp; example: string; shape: string }> = {
  kabupaten: { pattern: /^\d{2}\.\d{2}$/, example: "64.03", shape: "NN.NN" },
  kecamatan: { pattern: /^\d{2}\.\d{2}\.\d{2}$/, example: "64.03.01", shape: "NN.NN.NN" },
  // A desa (kampung in Berau) is 2NNN; the fourteen desa adat of Kabupaten Jayapura are 3NNN.
  kampung: { pattern: /^\d{2}\.\d{2}\.\d{2}\.[23]\d{3}$/, example: "64.03.01.2001", shape: "NN.NN.NN.2NNN" },
  desa: { pattern: /^\d{2}\.\d{2}\.\d{2}\.[23]\d{3}$/, example: "64.03.01.2001", shape: "NN.NN.NN.2NNN" },
  kelurahan: { pattern: /^\d{2}\.\d{2}\.\d{2}\.1\d{3}$/, example: "64.03.02.1001", shape: "NN.NN.NN.1NNN" },
};
const VILLAGE_CODE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;

/** The level an area's parent must have; a kabupaten's parent is a province, which is not stored. */
const PARENT_LEVEL: Record<AreaLevel, AreaLevel | "provinsi"> = {
  kabupaten: "provinsi",
  kecamatan: "kabupaten",
  kampung: "kecamatan",
  desa: "kecamatan",
  kelurahan: "kecamatan",
};

const isAreaLevel = (value: string): value is AreaLevel => (AREA_LEVELS as readonly string[]).includes(value);

function codeError(code: string, level: AreaLevel): string | undefined {
  const { pattern, example, shape } = CODE_SHAPE[level];
  if (pattern.test(code)) return undefined;
  if (VILLAGE_CODE.test(code) && level !== "kabupaten" && level !== "kecamatan") {
    return level === "kelurahan"
      ? "Bagian keempat kode kelurahan harus diawali angka 1 (kode kampung/desa diawali 2)."
      : `Bagian keempat kode ${level} harus diawali angka 2, atau 3 untuk desa adat (kode kelurahan diawali 1).`;
  }
  return `Kode ${level} harus berbentuk ${shape}, contoh ${example}.`;
}

/**
 * Parses and validates an area CSV (`code,name,level,parent_code`). Every row is checked (code
 * shape for its level, known level, a name, the parent's code as the code's prefix, the parent
 * present in the file or among `existing` with the right level, no duplicate code), and either all
 * rows come back or every error does, each with its line.
 *
 * @example
 * parseAreaCsv("code,name,level,parent_code\n64.03,Kabupaten Berau,kabupaten,64\n")
 * // { ok: true, rows: [{ code: "64.03", name: "Kabupaten Berau", level: "kabupaten", parentCode: "64" }] }
 */
export function parseAreaCsv(text: string, options: AreaImportOptions = {}): ImportResult<AreaRow> {
  const table = readCsvTable(text, AREA_CSV_COLUMNS);
  const errors: ImportError[] = [...table.errors];
  const firstLine = new Map<string, number>();
  const levelInFile = new Map<string, string>();
  for (const { line, fields } of table.rows) {
    if (!firstLine.has(fields.code)) {
      firstLine.set(fields.code, line);
      levelInFile.set(fields.code, fields.level);
    }
  }
  const levelOf = (code: string) => levelInFile.get(code) ?? options.existing?.get(code);

  const rows: AreaRow[] = [];
  for (const { line, fields } of table.rows) {
    const { code, name, level, parent_code: parentCode } = fields;
    const rowErrors: ImportError[] = [];
    const fail = (field: string, message: string) => rowErrors.push({ line, field, message });

    const earlier = firstLine.get(code);
    if (code === "") fail("code", "Kode wajib diisi.");
    else if (earlier !== line) fail("code", `Kode ${code} sudah dipakai di baris ${earlier}.`);

    if (name === "") fail("name", "Nama wajib diisi.");
    else if (name.length > NAME_MAX) fail("name", `Nama paling panjang ${NAME_MAX} karakter.`);
    else if (hasControlChars(name)) fail("name", "Nama tidak boleh berisi baris baru atau karakter kendali.");

    if (!isAreaLevel(level)) {
      fail("level", `Tingkat "${level}" tidak dikenal. Pilih salah satu: ${AREA_LEVELS.join(", ")}.`);
    } else if (code !== "") {
      const shapeError = codeError(code, level);
      if (shapeError) fail("code", shapeError);
      else checkParent(code, level, parentCode, levelOf, fail);
    }

    if (rowErrors.length > 0 || !isAreaLevel(level)) errors.push(...rowErrors);
    else rows.push({ code, name, level, parentCode });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, rows };
}

function checkParent(
  code: string,
  level: AreaLevel,
  parentCode: string,
  levelOf: (code: string) => string | undefined,
  fail: (field: string, message: string) => void,
): void {
  const expected = code.slice(0, code.lastIndexOf("."));
  if (parentCode !== expected) {
    const problem = parentCode === "" ? "Kode induk wajib diisi" : `Kode induk ${parentCode} tidak cocok`;
    fail("parent_code", `${problem}: kode ${code} harus diawali kode induknya, yaitu ${expected}.`);
    return;
  }
  const parentLevel = PARENT_LEVEL[level];
  // The province above a kabupaten is not an area Simpul stores: its code being the prefix is enough.
  if (parentLevel === "provinsi") return;
  const actual = levelOf(parentCode);
  if (actual === undefined) {
    fail("parent_code", `Induk ${parentCode} tidak ada di berkas ini maupun di data yang sudah tersimpan.`);
  } else if (actual !== parentLevel) {
    fail("parent_code", `Induk ${parentCode} bertingkat ${actual}, seharusnya ${parentLevel}.`);
  }
}

/** How many rows of each level, e.g. for Berau { kabupaten: 1, kecamatan: 13, kampung: 100, desa: 0, kelurahan: 10 }. */
export function countAreasByLevel(rows: readonly AreaRow[]): Record<AreaLevel, number> {
  const counts: Record<AreaLevel, number> = { kabupaten: 0, kecamatan: 0, kampung: 0, desa: 0, kelurahan: 0 };
  for (const row of rows) counts[row.level]++;
  return counts;
}
