import { parse } from "csv-parse/sync";
import type { AreaLevel } from "./areas";

/**
 * One regency's areas from the national data of `idn-area-data` (Kemendagri codes for every
 * province, regency, district and village), as the rows of Simpul's own area CSV
 * (`code,name,level,parent_code`), so they go through the same validated, all-or-nothing import.
 *
 * Village codes whose fourth part starts with 1 are kelurahan, with 2 desa. Fourteen villages
 * nationwide start with 3: all are "Desa Adat" in Papua (Kabupaten Jayapura); a desa adat is a
 * desa under UU 6/2014, so they are imported as desa. A regency that calls its desa "kampung"
 * (Berau) passes `desaLevel: "kampung"`.
 */

export interface IdnAreaFiles {
  regencies: string;
  districts: string;
  villages: string;
}

type Row = Record<string, string>;
const rowsOf = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true, trim: true });

export function regencyAreaCsv(
  files: IdnAreaFiles,
  regencyCode: string,
  desaLevel: Extract<AreaLevel, "desa" | "kampung"> = "desa",
): { csv: string; rows: number } | { error: string } {
  const regency = rowsOf(files.regencies).find((r) => r.code === regencyCode);
  if (!regency) return { error: `Kode kabupaten/kota ${regencyCode} tidak ada di idn-area-data.` };
  const districts = rowsOf(files.districts).filter((d) => d.regency_code === regencyCode);
  const districtCodes = new Set(districts.map((d) => d.code));
  const villages = rowsOf(files.villages).filter((v) => districtCodes.has(v.district_code ?? ""));
  const line = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(",");
  const lines = [
    "code,name,level,parent_code",
    line([regencyCode, regency.name ?? "", "kabupaten", regency.province_code ?? ""]),
    ...districts.map((d) => line([d.code ?? "", d.name ?? "", "kecamatan", regencyCode])),
    ...villages.map((v) =>
      line([
        v.code ?? "",
        v.name ?? "",
        (v.code ?? "").split(".")[3]?.startsWith("1") ? "kelurahan" : desaLevel,
        v.district_code ?? "",
      ]),
    ),
  ];
  return { csv: `${lines.join("\n")}\n`, rows: lines.length - 1 };
}
