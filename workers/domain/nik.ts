import { isIsoDate } from "./time";

/**
 * Province codes, the first two digits of every NIK, with the province's name.
 *
 * Source: Kemendagri's area codes (Kepmendagri 300.2.2-2430/2025, the same list as
 * `data/wilayah_berau.csv`), including the four Papua provinces formed in 2022: Papua Selatan 93,
 * Papua Tengah 94 and Papua Pegunungan 95 (UU 14, 15 and 16/2022) and Papua Barat Daya 96
 * (UU 29/2022). A NIK never changes when its province splits, so people from the new provinces
 * may still carry 91 or 92; both stay valid.
 */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  "11": "Aceh",
  "12": "Sumatera Utara",
  "13": "Sumatera Barat",
  "14": "Riau",
  "15": "Jambi",
  "16": "Sumatera Selatan",
  "17": "Bengkulu",
  "18": "Lampung",
  "19": "Kepulauan Bangka Belitung",
  "21": "Kepulauan Riau",
  "31": "DKI Jakarta",
  "32": "Jawa Barat",
  "33": "Jawa Tengah",
  "34": "Daerah Istimewa Yogyakarta",
  "35": "Jawa Timur",
  "36": "Banten",
  "51": "Bali",
  "52": "Nusa Tenggara Barat",
  "53": "Nusa Tenggara Timur",
  "61": "Kalimantan Barat",
  "62": "Kalimantan Tengah",
  "63": "Kalimantan Selatan",
  "64": "Kalimantan Timur",
  "65": "Kalimantan Utara",
  "71": "Sulawesi Utara",
  "72": "Sulawesi Tengah",
  "73": "Sulawesi Selatan",
  "74": "Sulawesi Tenggara",
  "75": "Gorontalo",
  "76": "Sulawesi Barat",
  "81": "Maluku",
  "82": "Maluku Utara",
  "91": "Papua",
  "92": "Papua Barat",
  "93": "Papua Selatan",
  "94": "Papua Tengah",
  "95": "Papua Pegunungan",
  "96": "Papua Barat Daya",
};

/** Gender as the NIK and Dukcapil records write it: L (laki-laki) or P (perempuan). */
export const GENDERS = ["L", "P"] as const;
export type Gender = (typeof GENDERS)[number];

export type NikProblemCode =
  | "nik_length"
  | "nik_digits"
  | "nik_province"
  | "nik_region"
  | "nik_birth_date"
  | "nik_serial";

/** One structural problem of a NIK, with a message for people. */
export interface NikProblem {
  code: NikProblemCode;
  message: string;
}

/** What a structurally valid NIK encodes. */
export interface NikParts {
  /** Digits 1–2, e.g. "64" (Kalimantan Timur). */
  provinceCode: string;
  /** Digits 1–6: province, kabupaten/kota and kecamatan where the NIK was issued, e.g. "640304". */
  regionPrefix: string;
  /** YYYY-MM-DD, the century chosen against the reference date (see `decodeNik`). */
  birthDate: string;
  gender: Gender;
  /** Digits 13–16, never "0000". */
  serial: string;
}

export type NikResult = { ok: true; value: NikParts } | { ok: false; problems: NikProblem[] };

/** Women's NIKs carry the day of birth plus 40. */
const FEMALE_DAY_OFFSET = 40;

/** Day, month and two-digit year of the birth date digits (7–12), with the gender they encode. */
function birthDigits(nik: string): { day: number; month: number; yy: number; gender: Gender } {
  const rawDay = Number(nik.slice(6, 8));
  const female = rawDay > FEMALE_DAY_OFFSET;
  return {
    day: female ? rawDay - FEMALE_DAY_OFFSET : rawDay,
    month: Number(nik.slice(8, 10)),
    yy: Number(nik.slice(10, 12)),
    gender: female ? "P" : "L",
  };
}

const pad2 = (n: number) => String(n).padStart(2, "0");
const isoFrom = (century: number, yy: number, month: number, day: number) =>
  `${century + yy}-${pad2(month)}-${pad2(day)}`;

/**
 * The structural problems of a NIK, all at once; an empty list means the NIK is well formed.
 * A NIK of the wrong length or with other characters than digits is only reported as such,
 * because its digit positions mean nothing. The birth date is accepted when it is a real date in
 * either the 1900s or the 2000s, so the check needs no clock (`decodeNik` picks the century).
 *
 * @example
 * nikProblems("6403045203900001") // [] (a woman born 12 March 1990, registered in 64.03.04)
 * nikProblems("6403043102990001") // [{ code: "nik_birth_date", message: "…" }] (31 February)
 */
export function nikProblems(nik: string): NikProblem[] {
  const problems: NikProblem[] = [];
  if (nik.length !== 16) {
    problems.push({
      code: "nik_length",
      message: `NIK harus terdiri dari 16 angka; yang diisi ${nik.length} karakter.`,
    });
  }
  if (!/^\d*$/.test(nik)) problems.push({ code: "nik_digits", message: "NIK hanya boleh berisi angka." });
  if (problems.length > 0) return problems;

  if (!Object.hasOwn(PROVINCE_CODES, nik.slice(0, 2))) {
    problems.push({ code: "nik_province", message: "Dua angka pertama NIK bukan kode provinsi yang dikenal." });
  }
  if (nik.slice(2, 4) === "00" || nik.slice(4, 6) === "00") {
    problems.push({
      code: "nik_region",
      message: "Kode kabupaten/kota dan kecamatan pada NIK (angka ke-3 sampai ke-6) tidak boleh 00.",
    });
  }
  const { day, month, yy } = birthDigits(nik);
  if (!isIsoDate(isoFrom(1900, yy, month, day)) && !isIsoDate(isoFrom(2000, yy, month, day))) {
    problems.push({
      code: "nik_birth_date",
      message: "Tanggal lahir pada NIK (angka ke-7 sampai ke-12) bukan tanggal yang benar.",
    });
  }
  if (nik.slice(12) === "0000") {
    problems.push({ code: "nik_serial", message: "Nomor urut NIK (empat angka terakhir) tidak boleh 0000." });
  }
  return problems;
}

/**
 * Checks a NIK's structure and decodes it. The two-digit birth year is read as 20YY when that
 * date is not after `referenceDate` (YYYY-MM-DD, normally the WITA date of submission), else as
 * 19YY. Someone over 100 is therefore read as a child; `nikMatchesDeclared` compares only the
 * digits and is not fooled by that.
 *
 * @example
 * decodeNik("6403045203900001", "2026-03-13")
 * // { ok: true, value: { provinceCode: "64", regionPrefix: "640304", birthDate: "1990-03-12", gender: "P", serial: "0001" } }
 */
export function decodeNik(nik: string, referenceDate: string): NikResult {
  const problems = nikProblems(nik);
  if (problems.length > 0) return { ok: false, problems };
  const { day, month, yy, gender } = birthDigits(nik);
  const recent = isoFrom(2000, yy, month, day);
  const birthDate = isIsoDate(recent) && recent <= referenceDate ? recent : isoFrom(1900, yy, month, day);
  return {
    ok: true,
    value: { provinceCode: nik.slice(0, 2), regionPrefix: nik.slice(0, 6), birthDate, gender, serial: nik.slice(12) },
  };
}

export type NikMismatch = "birth_date" | "gender";

/**
 * Where a well-formed NIK disagrees with the birth date (YYYY-MM-DD) and gender a person declared.
 * The birth date is compared as day, month and two-digit year, exactly what the NIK holds, so no
 * century guess is involved; an undeclared birth date (a kept member's, which is not stored) is
 * not compared. A NIK with structural problems yields no mismatches: those problems are reported
 * by `nikProblems`.
 *
 * @example
 * nikMatchesDeclared("6403045203900001", { birthDate: "1990-03-12", gender: "L" }) // ["gender"]
 */
export function nikMatchesDeclared(
  nik: string,
  declared: { birthDate?: string | undefined; gender: Gender },
): NikMismatch[] {
  if (nikProblems(nik).length > 0) return [];
  const { day, month, yy, gender } = birthDigits(nik);
  const mismatches: NikMismatch[] = [];
  if (declared.birthDate !== undefined && declared.birthDate.slice(2) !== `${pad2(yy)}-${pad2(month)}-${pad2(day)}`) {
    mismatches.push("birth_date");
  }
  if (declared.gender !== gender) mismatches.push("gender");
  return mismatches;
}

/** The last four digits, the only part of a NIK ever shown after submission. Example: "…0001" → "0001". */
export function nikLast4(nik: string): string {
  return nik.slice(-4);
}
