import { describe, expect, it } from "vitest";
import { decodeNik, nikLast4, nikMatchesDeclared, nikProblems, PROVINCE_CODES } from "../../workers/domain/nik";
import { hashNik, nikHasher } from "../../workers/domain/nik-hash";
import { makeNik } from "../fixtures/registrations";

const TODAY = "2026-03-13";
const codes = (nik: string) => nikProblems(nik).map((p) => p.code);

describe("decodeNik", () => {
  it("decodes a man's NIK: region, birth date, gender and serial", () => {
    expect(decodeNik("6403041203900001", TODAY)).toEqual({
      ok: true,
      value: { provinceCode: "64", regionPrefix: "640304", birthDate: "1990-03-12", gender: "L", serial: "0001" },
    });
  });

  it("reads a woman's day of birth minus 40", () => {
    const nik = makeNik({ birthDate: "1985-11-30", gender: "P", serial: "0123" });
    expect(nik).toBe("6403047011850123");
    expect(decodeNik(nik, TODAY)).toMatchObject({ ok: true, value: { birthDate: "1985-11-30", gender: "P" } });
  });

  it("picks the century against the reference date", () => {
    expect(decodeNik(makeNik({ birthDate: "2008-03-13" }), TODAY)).toMatchObject({
      value: { birthDate: "2008-03-13" },
    });
    // The same digits one day later would be tomorrow in 2026: it must be 1926.
    expect(decodeNik(makeNik({ birthDate: "1926-03-14" }), TODAY)).toMatchObject({
      value: { birthDate: "1926-03-14" },
    });
    expect(decodeNik(makeNik({ birthDate: "2000-02-29" }), TODAY)).toMatchObject({
      value: { birthDate: "2000-02-29" },
    });
  });

  it("accepts every province code of the list, the new Papua provinces included", () => {
    for (const code of ["11", "21", "36", "53", "65", "76", "82", "93", "94", "95", "96"]) {
      expect(Object.hasOwn(PROVINCE_CODES, code)).toBe(true);
      expect(nikProblems(`${code}03041203900001`)).toEqual([]);
    }
    expect(Object.keys(PROVINCE_CODES)).toHaveLength(38);
  });

  it("returns the problems instead of parts for a malformed NIK", () => {
    expect(decodeNik("2003041203900001", TODAY)).toEqual({
      ok: false,
      problems: [{ code: "nik_province", message: "Dua angka pertama NIK bukan kode provinsi yang dikenal." }],
    });
  });
});

describe("nikProblems", () => {
  it("finds nothing wrong with a well-formed NIK", () => {
    expect(nikProblems(makeNik())).toEqual([]);
  });

  it.each([
    ["a province code that does not exist", "2003041203900001", ["nik_province"]],
    ["province 00", "0003041203900001", ["nik_province"]],
    ["kabupaten 00", "6400041203900001", ["nik_region"]],
    ["kecamatan 00", "6403001203900001", ["nik_region"]],
    ["31 February", "6403043102990001", ["nik_birth_date"]],
    ["a woman's 31 February (71)", "6403047102990001", ["nik_birth_date"]],
    ["day 00", "6403040003900001", ["nik_birth_date"]],
    ["day 32 (neither a man's nor a woman's day)", "6403043203900001", ["nik_birth_date"]],
    ["month 13", "6403041213900001", ["nik_birth_date"]],
    ["29 February in a year that is never leap (1901/2001)", "6403042902010001", ["nik_birth_date"]],
    ["serial 0000", "6403041203900000", ["nik_serial"]],
    ["several problems at once", "2000003102990000", ["nik_province", "nik_region", "nik_birth_date", "nik_serial"]],
  ])("reports %s", (_case, nik, expected) => {
    expect(codes(nik)).toEqual(expected);
  });

  it("accepts 29 February of a year that is leap in one of the two centuries", () => {
    expect(codes("6403042902000001")).toEqual([]);
  });

  it("reports a wrong length with the count, and stops there", () => {
    expect(nikProblems("640304120390001")).toEqual([
      { code: "nik_length", message: "NIK harus terdiri dari 16 angka; yang diisi 15 karakter." },
    ]);
    expect(codes("64030412039000011")).toEqual(["nik_length"]);
    expect(codes("")).toEqual(["nik_length"]);
  });

  it("reports letters, and the length too when it is also wrong", () => {
    expect(nikProblems("64030412039000O1")).toEqual([{ code: "nik_digits", message: "NIK hanya boleh berisi angka." }]);
    expect(codes("6403A41203")).toEqual(["nik_length", "nik_digits"]);
  });
});

describe("nikMatchesDeclared", () => {
  const nik = makeNik({ birthDate: "1990-03-12", gender: "P" });

  it("agrees with the declared birth date and gender", () => {
    expect(nikMatchesDeclared(nik, { birthDate: "1990-03-12", gender: "P" })).toEqual([]);
  });

  it("names each disagreement", () => {
    expect(nikMatchesDeclared(nik, { birthDate: "1990-03-13", gender: "P" })).toEqual(["birth_date"]);
    expect(nikMatchesDeclared(nik, { birthDate: "1990-03-12", gender: "L" })).toEqual(["gender"]);
    expect(nikMatchesDeclared(nik, { birthDate: "1991-03-12", gender: "L" })).toEqual(["birth_date", "gender"]);
  });

  it("compares only the two-digit year, so a centenarian's NIK still matches", () => {
    expect(nikMatchesDeclared(makeNik({ birthDate: "1925-06-01" }), { birthDate: "1925-06-01", gender: "L" })).toEqual(
      [],
    );
  });

  it("leaves a malformed NIK to nikProblems", () => {
    expect(nikMatchesDeclared("123", { birthDate: "1990-03-12", gender: "L" })).toEqual([]);
  });
});

describe("nikLast4 and hashNik", () => {
  it("keeps only the last four digits for display", () => {
    expect(nikLast4("6403041203900123")).toBe("0123");
  });

  it("is HMAC-SHA256 in hex (RFC 4231 test case 2)", async () => {
    expect(await hashNik("what do ya want for nothing?", "Jefe")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
  });

  it("gives one hash per NIK and key, and another under another key", async () => {
    const nik = makeNik();
    const hash = await nikHasher("test-hash-key-0123456789");
    const [a, b, other] = await Promise.all([
      hash(nik),
      hash(makeNik({ serial: "0002" })),
      hashNik(nik, "another-key-0123456789"),
    ]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashNik(nik, "test-hash-key-0123456789")).toBe(a);
    expect(b).not.toBe(a);
    expect(other).not.toBe(a);
  });
});
