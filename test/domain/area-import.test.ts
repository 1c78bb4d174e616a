import { describe, expect, it } from "vitest";
import berauCsv from "../../data/wilayah_berau.csv?raw";
import { countAreasByLevel, parseAreaCsv } from "../../workers/domain/area-import";

const HEADER = "code,name,level,parent_code";
const csv = (...lines: string[]) => `${[HEADER, ...lines].join("\n")}\n`;
const KABUPATEN = "64.03,Kabupaten Berau,kabupaten,64";
const KECAMATAN = "64.03.01,Kelay,kecamatan,64.03";

describe("parseAreaCsv on the shipped Berau file", () => {
  it("reads 1 kabupaten, 13 kecamatan, 100 kampung and 10 kelurahan", () => {
    const result = parseAreaCsv(berauCsv);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(countAreasByLevel(result.rows)).toEqual({
      kabupaten: 1,
      kecamatan: 13,
      kampung: 100,
      desa: 0,
      kelurahan: 10,
    });
    expect(result.rows).toContainEqual({
      code: "64.03.04.2001",
      name: "Long La'ai",
      level: "kampung",
      parentCode: "64.03.04",
    });
    expect(result.rows[0]).toEqual({ code: "64.03", name: "Kabupaten Berau", level: "kabupaten", parentCode: "64" });
  });
});

describe("parseAreaCsv quoting", () => {
  it("keeps an apostrophe, and quoted names with commas and doubled quotes", () => {
    const result = parseAreaCsv(
      csv(
        KABUPATEN,
        KECAMATAN,
        "64.03.01.2001,Long La'ai,kampung,64.03.01",
        '64.03.01.2002,"Sungai Lati, Hulu",kampung,64.03.01',
        '64.03.01.2003,"Kampung ""Baru""",desa,64.03.01',
        '"64.03.01.1001","Tanjung Redeb","kelurahan","64.03.01"',
      ),
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        { code: "64.03", name: "Kabupaten Berau", level: "kabupaten", parentCode: "64" },
        { code: "64.03.01", name: "Kelay", level: "kecamatan", parentCode: "64.03" },
        { code: "64.03.01.2001", name: "Long La'ai", level: "kampung", parentCode: "64.03.01" },
        { code: "64.03.01.2002", name: "Sungai Lati, Hulu", level: "kampung", parentCode: "64.03.01" },
        { code: "64.03.01.2003", name: 'Kampung "Baru"', level: "desa", parentCode: "64.03.01" },
        { code: "64.03.01.1001", name: "Tanjung Redeb", level: "kelurahan", parentCode: "64.03.01" },
      ],
    });
  });

  it("reads a spreadsheet export: byte-order mark, CRLF line endings, padded cells", () => {
    const text = `\uFEFF${HEADER}\r\n${KABUPATEN}\r\n 64.03.01 , Kelay ,kecamatan, 64.03\r\n`;
    expect(parseAreaCsv(text)).toEqual({
      ok: true,
      rows: [
        { code: "64.03", name: "Kabupaten Berau", level: "kabupaten", parentCode: "64" },
        { code: "64.03.01", name: "Kelay", level: "kecamatan", parentCode: "64.03" },
      ],
    });
  });

  it("reports an unclosed quote at the line it opens, with the errors before it", () => {
    const text = csv(
      KABUPATEN,
      "64.03.01,,kecamatan,64.03",
      '64.03.02,"Talisayan,kecamatan,64.03',
      "64.03.03,Biduk,kecamatan,64.03",
    );
    expect(parseAreaCsv(text)).toEqual({
      ok: false,
      errors: [
        { line: 3, field: "name", message: "Nama wajib diisi." },
        { line: 4, message: 'Tanda kutip (") dibuka tetapi tidak ditutup. Baris sesudahnya tidak diperiksa.' },
      ],
    });
  });

  it("reports a quote in the middle of an unquoted name", () => {
    expect(parseAreaCsv(csv(KABUPATEN, '64.03.01,Kampung "Baru",kecamatan,64.03'))).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          message:
            'Ada tanda kutip di tengah kolom. Apit seluruh isi kolom dengan tanda kutip dan tulis tanda kutip di dalamnya dua kali (""). Baris sesudahnya tidak diperiksa.',
        },
      ],
    });
  });

  it("refuses a name spanning two lines and keeps counting lines after it", () => {
    const text = csv(KABUPATEN, '64.03.01,"Kelay\nHulu",kecamatan,64.03', "64.03.02,,kecamatan,64.03");
    expect(parseAreaCsv(text)).toEqual({
      ok: false,
      errors: [
        { line: 3, field: "name", message: "Nama tidak boleh berisi baris baru atau karakter kendali." },
        { line: 5, field: "name", message: "Nama wajib diisi." },
      ],
    });
  });
});

describe("parseAreaCsv rejections", () => {
  it.each([
    ["an empty file", "", "Berkas kosong. Baris pertama harus berisi: code,name,level,parent_code."],
    ["a missing header", `${KABUPATEN}\n`, "Baris judul harus berisi kolom: code,name,level,parent_code."],
    ["another header", "kode,nama,tingkat,induk\n", "Baris judul harus berisi kolom: code,name,level,parent_code."],
  ])("rejects %s at line 1", (_case, text, message) => {
    expect(parseAreaCsv(text)).toEqual({ ok: false, errors: [{ line: 1, message }] });
  });

  it.each([
    ["64.3", "kabupaten", "64", "Kode kabupaten harus berbentuk NN.NN, contoh 64.03."],
    ["64.03.1", "kecamatan", "64.03", "Kode kecamatan harus berbentuk NN.NN.NN, contoh 64.03.01."],
    ["64.03.01.201", "kampung", "64.03.01", "Kode kampung harus berbentuk NN.NN.NN.2NNN, contoh 64.03.01.2001."],
    [
      "64.03.01.1001",
      "kampung",
      "64.03.01",
      "Bagian keempat kode kampung harus diawali angka 2, atau 3 untuk desa adat (kode kelurahan diawali 1).",
    ],
    [
      "64.03.01.4001",
      "desa",
      "64.03.01",
      "Bagian keempat kode desa harus diawali angka 2, atau 3 untuk desa adat (kode kelurahan diawali 1).",
    ],
    [
      "64.03.01.2001",
      "kelurahan",
      "64.03.01",
      "Bagian keempat kode kelurahan harus diawali angka 1 (kode kampung/desa diawali 2).",
    ],
    ["64.03.09", "kabupaten", "64.03", "Kode kabupaten harus berbentuk NN.NN, contoh 64.03."],
  ])("rejects code %s for a %s", (code, level, parent, message) => {
    expect(parseAreaCsv(csv(KABUPATEN, KECAMATAN, `${code},Contoh,${level},${parent}`))).toEqual({
      ok: false,
      errors: [{ line: 4, field: "code", message }],
    });
  });

  it("rejects a code that does not start with its parent's code", () => {
    expect(
      parseAreaCsv(
        csv(KABUPATEN, KECAMATAN, "64.03.01.2001,Merabu,kampung,64.03.02", "64.04,Kabupaten Lain,kabupaten,65"),
      ),
    ).toEqual({
      ok: false,
      errors: [
        {
          line: 4,
          field: "parent_code",
          message: "Kode induk 64.03.02 tidak cocok: kode 64.03.01.2001 harus diawali kode induknya, yaitu 64.03.01.",
        },
        {
          line: 5,
          field: "parent_code",
          message: "Kode induk 65 tidak cocok: kode 64.04 harus diawali kode induknya, yaitu 64.",
        },
      ],
    });
  });

  it("rejects a parent that is neither in the file nor stored, and accepts a stored one", () => {
    const text = csv("64.03.02.2002,Dumaring,kampung,64.03.02");
    expect(parseAreaCsv(text)).toEqual({
      ok: false,
      errors: [
        {
          line: 2,
          field: "parent_code",
          message: "Induk 64.03.02 tidak ada di berkas ini maupun di data yang sudah tersimpan.",
        },
      ],
    });
    expect(parseAreaCsv(text, { existing: new Map([["64.03.02", "kecamatan"]]) })).toEqual({
      ok: true,
      rows: [{ code: "64.03.02.2002", name: "Dumaring", level: "kampung", parentCode: "64.03.02" }],
    });
  });

  it("rejects a parent of the wrong level", () => {
    const text = csv(KABUPATEN, "64.03.01,Kelay,kelurahan,64.03", "64.03.01.2001,Merabu,kampung,64.03.01");
    expect(parseAreaCsv(text)).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          field: "code",
          message: "Kode kelurahan harus berbentuk NN.NN.NN.1NNN, contoh 64.03.02.1001.",
        },
        { line: 4, field: "parent_code", message: "Induk 64.03.01 bertingkat kelurahan, seharusnya kecamatan." },
      ],
    });
  });

  it("rejects an unknown level, a duplicate code, an empty name and a wrong column count, all at once", () => {
    const text = csv(
      KABUPATEN,
      KECAMATAN,
      "64.03.01.2001,Merabu,dusun,64.03.01",
      "64.03.01.2002,Panaan,kampung,64.03.01",
      "64.03.01.2002,Panaan Lagi,kampung,64.03.01",
      "64.03.01.2003,  ,kampung,64.03.01",
      "64.03.01.2004,Muara Lesan,kampung",
      "64.03.01.2005,Merasa,kampung,64.03.01,extra",
      ",Tanpa Kode,kampung,64.03.01",
    );
    expect(parseAreaCsv(text)).toEqual({
      ok: false,
      errors: [
        {
          line: 4,
          field: "level",
          message: 'Tingkat "dusun" tidak dikenal. Pilih salah satu: kabupaten, kecamatan, kampung, desa, kelurahan.',
        },
        { line: 6, field: "code", message: "Kode 64.03.01.2002 sudah dipakai di baris 5." },
        { line: 7, field: "name", message: "Nama wajib diisi." },
        { line: 8, message: "Baris ini berisi 3 kolom, seharusnya 4 (code,name,level,parent_code)." },
        { line: 9, message: "Baris ini berisi 5 kolom, seharusnya 4 (code,name,level,parent_code)." },
        { line: 10, field: "code", message: "Kode wajib diisi." },
      ],
    });
  });

  it("keeps line numbers true across blank lines", () => {
    expect(parseAreaCsv(`${HEADER}\n\n${KABUPATEN}\n\n\n64.03.01,Kelay,kecamatan,64.99\n`)).toEqual({
      ok: false,
      errors: [
        {
          line: 6,
          field: "parent_code",
          message: "Kode induk 64.99 tidak cocok: kode 64.03.01 harus diawali kode induknya, yaitu 64.03.",
        },
      ],
    });
  });

  it("rejects an overlong name", () => {
    expect(parseAreaCsv(csv(KABUPATEN, `64.03.01,${"A".repeat(101)},kecamatan,64.03`))).toEqual({
      ok: false,
      errors: [{ line: 3, field: "name", message: "Nama paling panjang 100 karakter." }],
    });
  });
});
