import { describe, expect, it } from "vitest";
import directoryJson from "../../data/sample/agencies.json?raw";
import { parseAgencyDirectory } from "../../workers/domain/agency-directory";

const agency = (id: string) => ({
  id,
  name: `Dinas ${id}`,
  shortName: id,
  contactEmails: [`pengaduan@${id}.berau.example`],
  headEmail: `kepala@${id}.berau.example`,
});

describe("parseAgencyDirectory", () => {
  it("accepts the sample directory: labelled as sample, placeholder addresses only, every category routed", () => {
    const result = parseAgencyDirectory(directoryJson);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { _note, agencies, categories } = result.directory;
    expect(_note).toMatch(/^SAMPLE DATA/);
    expect(agencies).toHaveLength(12);
    expect(categories).toHaveLength(15);
    const addresses = agencies.flatMap((a) => [...a.contactEmails, a.headEmail]);
    expect(addresses.filter((a) => !a.endsWith(".berau.example"))).toEqual([]);
    const agencyIds = new Set(agencies.map((a) => a.id));
    expect(categories.filter((c) => !agencyIds.has(c.agencyId))).toEqual([]);
    expect(agencies.find((a) => a.id === "pupr")).toEqual({
      id: "pupr",
      name: "Dinas Pekerjaan Umum dan Penataan Ruang",
      shortName: "Dinas PUPR",
      contactEmails: ["pengaduan@pupr.berau.example"],
      headEmail: "kepala@pupr.berau.example",
    });
  });

  it("names each problem by its path: a duplicate id, a bad address, a category without its agency", () => {
    const result = parseAgencyDirectory({
      agencies: [agency("pupr"), { ...agency("pupr"), headEmail: "bukan-email" }],
      categories: [{ id: "jalan", name: "Jalan", agencyId: "dishub" }],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: "agencies.1.headEmail", message: "Alamat e-mail tidak sah." },
        { path: "agencies.1.id", message: "Id pupr dipakai dua kali." },
        { path: "categories.0.agencyId", message: "OPD dishub tidak ada di daftar agencies." },
      ],
    });
  });

  it("refuses text that is not JSON", () => {
    expect(parseAgencyDirectory("{ agencies: [")).toMatchObject({
      ok: false,
      errors: [{ path: "", message: expect.stringMatching(/^Berkas bukan JSON yang sah/) }],
    });
  });
});
