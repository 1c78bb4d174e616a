import { CsvError, parse } from "csv-parse/sync";

/** One problem in an imported file: the CSV line (1 = the header), the column if one is at fault, and why. */
export interface ImportError {
  line: number;
  field?: string;
  message: string;
}

/** An import either yields every row, validated, or every problem found: never a partial result. */
export type ImportResult<T> = { ok: true; rows: T[] } | { ok: false; errors: ImportError[] };

/** A data row of a CSV table: its first line in the file and its trimmed fields by column name. */
export interface CsvRow<C extends string> {
  line: number;
  fields: Record<C, string>;
}

const SYNTAX_MESSAGES: Partial<Record<CsvError["code"], string>> = {
  CSV_QUOTE_NOT_CLOSED: 'Tanda kutip (") dibuka tetapi tidak ditutup.',
  CSV_INVALID_CLOSING_QUOTE:
    'Ada karakter sesudah tanda kutip penutup. Apit seluruh isi kolom dengan tanda kutip dan tulis tanda kutip di dalamnya dua kali ("").',
  INVALID_OPENING_QUOTE:
    'Ada tanda kutip di tengah kolom. Apit seluruh isi kolom dengan tanda kutip dan tulis tanda kutip di dalamnya dua kali ("").',
};

/** Control characters (line breaks, tabs, NUL) have no place in a name or a decree number. */
const CONTROL_CHARS = /\p{Cc}/u;

/** True when a text field holds a control character such as a line break. */
export const hasControlChars = (value: string) => CONTROL_CHARS.test(value);

/**
 * Reads a CSV file whose first row must be exactly `columns`. Rows are checked for their column
 * count and returned with their first line number; a quoting error stops the reading there (what
 * follows an unbalanced quote cannot be read reliably) and is reported with its line.
 *
 * @example
 * readCsvTable('code,name\n64.03,"Long La\'ai"\n', ["code", "name"])
 * // { rows: [{ line: 2, fields: { code: "64.03", name: "Long La'ai" } }], errors: [] }
 */
export function readCsvTable<const C extends string>(
  text: string,
  columns: readonly C[],
): { rows: CsvRow<C>[]; errors: ImportError[] } {
  // One line ending everywhere, so csv-parse's line count matches what an editor shows.
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const physical = normalized.split("\n");
  const records: { line: number; fields: string[] }[] = [];
  const errors: ImportError[] = [];
  let lastEnd = 0;
  // csv-parse reports the line a record ends on; the line it starts on is the first non-empty one after the previous record.
  const startAfter = (end: number, limit: number) => {
    let line = end + 1;
    while (line < limit && physical[line - 1] === "") line++;
    return line;
  };
  try {
    parse(normalized, {
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        records.push({ line: startAfter(lastEnd, context.lines), fields: record });
        lastEnd = context.lines;
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = startAfter(lastEnd, physical.length);
    const reason = SYNTAX_MESSAGES[err.code] ?? "Baris ini tidak dapat dibaca sebagai CSV.";
    errors.push({ line, message: `${reason} Baris sesudahnya tidak diperiksa.` });
  }

  const [header, ...data] = records;
  const expected = columns.join(",");
  if (!header) {
    if (errors.length === 0)
      errors.push({ line: 1, message: `Berkas kosong. Baris pertama harus berisi: ${expected}.` });
    return { rows: [], errors };
  }
  if (header.fields.map((f) => f.trim().toLowerCase()).join(",") !== expected) {
    return { rows: [], errors: [{ line: header.line, message: `Baris judul harus berisi kolom: ${expected}.` }] };
  }
  if (data.length === 0 && errors.length === 0) {
    return { rows: [], errors: [{ line: header.line + 1, message: "Berkas hanya berisi baris judul, tanpa data." }] };
  }
  const rows: CsvRow<C>[] = [];
  for (const record of data) {
    if (record.fields.length !== columns.length) {
      errors.push({
        line: record.line,
        message: `Baris ini berisi ${record.fields.length} kolom, seharusnya ${columns.length} (${expected}).`,
      });
      continue;
    }
    const fields = Object.fromEntries(columns.map((c, i) => [c, (record.fields[i] ?? "").trim()]));
    rows.push({ line: record.line, fields: fields as Record<C, string> });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}
