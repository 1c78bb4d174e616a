import { describe, expect, it } from "vitest";
import berauCsv from "../../data/wilayah_berau.csv?raw";
import districts from "../../node_modules/idn-area-data/data/districts.csv?raw";
import regencies from "../../node_modules/idn-area-data/data/regencies.csv?raw";
import villages from "../../node_modules/idn-area-data/data/villages.csv?raw";
import { parseAreaCsv } from "../../workers/domain/area-import";
import { regencyAreaCsv } from "../../workers/domain/idn-areas";

/** Any regency's areas from `idn-area-data`, through Simpul's own validated import. */

const files = { regencies, districts, villages };
const rowsOf = (csv: string) => {
  const parsed = parseAreaCsv(csv);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  return parsed.rows;
};

describe("areas from idn-area-data", () => {
  it("gives Berau exactly the shipped CSV, code for code and name for name, when desa are called kampung", () => {
    const built = regencyAreaCsv(files, "64.03", "kampung");
    if ("error" in built) throw new Error(built.error);
    const sort = (rows: ReturnType<typeof rowsOf>) => [...rows].sort((a, b) => a.code.localeCompare(b.code));
    expect(sort(rowsOf(built.csv))).toEqual(sort(rowsOf(berauCsv)));
  });

  it("loads another regency with desa and kelurahan, and the desa adat of Kabupaten Jayapura as desa", () => {
    const kutaiTimur = regencyAreaCsv(files, "64.08");
    if ("error" in kutaiTimur) throw new Error(kutaiTimur.error);
    const rows = rowsOf(kutaiTimur.csv);
    expect(rows[0]).toMatchObject({ code: "64.08", name: "Kabupaten Kutai Timur", level: "kabupaten" });
    expect(rows.some((r) => r.level === "desa")).toBe(true);
    expect(rows.some((r) => r.level === "kampung")).toBe(false);

    const jayapura = regencyAreaCsv(files, "91.03");
    if ("error" in jayapura) throw new Error(jayapura.error);
    const adat = rowsOf(jayapura.csv).filter((r) => r.name.startsWith("Desa Adat"));
    expect(adat).toHaveLength(14);
    expect(new Set(adat.map((r) => r.level))).toEqual(new Set(["desa"]));
  });

  it("says so for a regency code it does not hold", () => {
    expect(regencyAreaCsv(files, "64.05")).toEqual({ error: "Kode kabupaten/kota 64.05 tidak ada di idn-area-data." });
  });
});
