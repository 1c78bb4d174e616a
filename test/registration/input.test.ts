import { describe, expect, it } from "vitest";
import { normalizeMobilePhone } from "../../workers/domain/fields";
import { registrationInputSchema } from "../../workers/domain/registration/input";
import { formatIssuePath } from "../../workers/errors";
import { rawApplication, rawMember, rawMembers } from "../fixtures/registrations";

/** The problems as the API reports them: field path, our stable code where we set one, message. */
function problems(input: unknown) {
  const result = registrationInputSchema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: formatIssuePath(issue.path),
    message: issue.message,
    ...(issue.code === "custom" && issue.params?.code ? { code: issue.params.code } : {}),
  }));
}

describe("a valid application", () => {
  it("parses, normalising phones, NIKs, e-mail and blanks", () => {
    const input = rawApplication({
      contactEmail: "  KIM.LongLaai@Example.ID ",
      contactPhone: "+62 812-3456-7890",
      website: "  ",
      socials: undefined,
      communityGroups: undefined,
      members: [
        rawMember(0, { role: "ketua", nik: " 6403 0412 0390 0001 ", phone: "628123456789", declaration: "on" }),
        rawMember(1, { role: "kepala_seksi", sectionName: " Seksi Literasi Digital " }),
        rawMember(2, { role: "anggota", sectionName: "ignored for an ordinary member" }),
      ],
    });
    const parsed = registrationInputSchema.parse(input);
    expect(parsed).toEqual({
      kimName: "KIM Long La'ai Bersatu",
      villageCode: "64.03.04.2001",
      secretariatAddress: "Jl. Poros Kampung RT 02, Long La'ai",
      contactEmail: "kim.longlaai@example.id",
      contactPhone: "+6281234567890",
      foundedOn: "2026-01-10",
      decree: { number: "141/12/SK-KPG/I/2026", date: "2026-01-12", issuer: "Kepala Kampung Long La'ai" },
      website: undefined,
      socials: [],
      communityGroups: [],
      members: [
        {
          fullName: "Anggota 1",
          nik: "6403041203900001",
          gender: "L",
          birthDate: "1990-03-12",
          phone: "+628123456789",
          role: "ketua",
          sectionName: undefined,
          occupation: "petani",
          declaration: true,
        },
        expect.objectContaining({ role: "kepala_seksi", sectionName: "Seksi Literasi Digital" }),
        expect.objectContaining({ role: "anggota", sectionName: undefined }),
      ],
    });
  });
});

describe("normalizeMobilePhone", () => {
  it.each([
    ["08123456789", "+628123456789"],
    ["0812-3456-7890", "+6281234567890"],
    ["(0812) 3456.7890", "+6281234567890"],
    ["628123456789", "+628123456789"],
    ["+62 812 3456 78901", "+62812345678901"],
    ["0812345678", "+62812345678"],
  ])("reads %s as %s", (raw, normalized) => {
    expect(normalizeMobilePhone(raw)).toBe(normalized);
  });

  it.each([
    ["a landline", "0554 21234"],
    ["nine digits", "081234567"],
    ["fourteen digits", "08123456789012"],
    ["another country", "+6581234567"],
    ["letters", "0812-ABCD-7890"],
  ])("refuses %s", (_case, raw) => {
    expect(normalizeMobilePhone(raw)).toBeUndefined();
  });
});

describe("field problems, each with its path and an Indonesian message", () => {
  it("names every missing required field at once", () => {
    expect(problems({})).toEqual([
      { path: "kimName", message: "Nama KIM wajib diisi." },
      { path: "villageCode", message: "Kampung/kelurahan wajib diisi." },
      { path: "secretariatAddress", message: "Alamat sekretariat wajib diisi." },
      { path: "contactEmail", message: "E-mail kontak wajib diisi." },
      { path: "contactPhone", message: "Nomor ponsel kontak wajib diisi." },
      { path: "foundedOn", message: "Tanggal pembentukan wajib diisi." },
      { path: "decree", message: "Data SK pembentukan wajib diisi." },
      { path: "members", message: "Daftar anggota wajib diisi." },
    ]);
  });

  it("refuses a body that is not an object", () => {
    expect(problems("kim")).toEqual([{ path: "", message: "Data pendaftaran harus berupa objek JSON." }]);
  });

  it("explains malformed application fields", () => {
    expect(
      problems(
        rawApplication({
          kimName: "KI",
          villageCode: "64.03.04",
          contactEmail: "kim@",
          contactPhone: "0554 21234",
          foundedOn: "2026-02-30",
          decree: { number: " ", date: "1899-12-31", issuer: "Kepala Kampung" },
          website: "ftp://kim.example.id",
          socials: [{ platform: "myspace", url: "" }],
          communityGroups: ["PKK", "x"],
          members: [],
        }),
      ),
    ).toEqual([
      { path: "kimName", code: "too_short", message: "Nama KIM paling sedikit 3 karakter." },
      { path: "villageCode", message: "Kampung/kelurahan harus dipilih dari daftar." },
      { path: "contactEmail", message: "E-mail kontak belum benar, misalnya nama@contoh.id." },
      {
        path: "contactPhone",
        code: "invalid_phone",
        message: "Nomor ponsel kontak harus nomor ponsel Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890.",
      },
      {
        path: "foundedOn",
        code: "invalid_date",
        message: "Tanggal pembentukan harus berupa tanggal yang benar (format TTTT-BB-HH).",
      },
      { path: "decree.number", message: "Nomor SK pembentukan wajib diisi." },
      {
        path: "decree.date",
        code: "date_too_early",
        message: "Tanggal SK pembentukan tidak boleh sebelum tahun 1900.",
      },
      {
        path: "website",
        code: "invalid_url",
        message: "Situs web harus alamat web lengkap, misalnya https://kim-contoh.id.",
      },
      { path: "socials[0].platform", message: "Jenis akun media sosial harus dipilih dari daftar." },
      { path: "socials[0].url", code: "required", message: "Alamat akun media sosial wajib diisi." },
      { path: "communityGroups[1]", code: "too_short", message: "Nama kelompok masyarakat paling sedikit 2 karakter." },
      { path: "members", message: "Daftar anggota wajib diisi." },
    ]);
  });

  it("names the member and field of every member problem, all at once", () => {
    const members = rawMembers(2);
    members[1] = { ...rawMember(1), fullName: "", gender: "W", birthDate: "", phone: "12345" };
    members[3] = rawMember(3, { role: "wakil", occupation: "", declaration: false });
    members[4] = rawMember(4, {
      role: "kepala_seksi",
      sectionName: " ",
      occupation: "astronaut",
      nik: "6403041203900O05",
    });
    expect(problems(rawApplication({ members }))).toEqual([
      { path: "members[1].fullName", message: "Nama lengkap wajib diisi." },
      { path: "members[1].gender", message: "Jenis kelamin harus L (laki-laki) atau P (perempuan)." },
      { path: "members[1].birthDate", message: "Tanggal lahir wajib diisi." },
      {
        path: "members[1].phone",
        code: "invalid_phone",
        message: "Nomor ponsel harus nomor ponsel Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890.",
      },
      { path: "members[3].role", message: "Jabatan harus dipilih dari daftar." },
      { path: "members[3].occupation", message: "Pekerjaan wajib dipilih." },
      { path: "members[3].declaration", message: "Pernyataan bahwa data ini benar harus dicentang." },
      { path: "members[4].nik", code: "nik_digits", message: "NIK hanya boleh berisi angka." },
      { path: "members[4].occupation", message: "Pekerjaan harus dipilih dari daftar." },
      { path: "members[4].sectionName", code: "required", message: "Nama seksi wajib diisi untuk Kepala Seksi." },
    ]);
  });

  it("reports every structural NIK problem under the member's nik", () => {
    const members = rawMembers(0);
    members[0] = rawMember(0, { nik: "2000003102990000" });
    members[2] = rawMember(2, { nik: "640304120390001" });
    expect(problems(rawApplication({ members }))).toEqual([
      {
        path: "members[0].nik",
        code: "nik_province",
        message: "Dua angka pertama NIK bukan kode provinsi yang dikenal.",
      },
      {
        path: "members[0].nik",
        code: "nik_region",
        message: "Kode kabupaten/kota dan kecamatan pada NIK (angka ke-3 sampai ke-6) tidak boleh 00.",
      },
      {
        path: "members[0].nik",
        code: "nik_birth_date",
        message: "Tanggal lahir pada NIK (angka ke-7 sampai ke-12) bukan tanggal yang benar.",
      },
      {
        path: "members[0].nik",
        code: "nik_serial",
        message: "Nomor urut NIK (empat angka terakhir) tidak boleh 0000.",
      },
      {
        path: "members[2].nik",
        code: "nik_length",
        message: "NIK harus terdiri dari 16 angka; yang diisi 15 karakter.",
      },
    ]);
  });

  it("requires the NIK and the declaration to be given", () => {
    const members = rawMembers(0);
    members[0] = rawMember(0, { nik: "  " });
    members[1] = { ...rawMember(1), declaration: undefined };
    expect(problems(rawApplication({ members }))).toEqual([
      { path: "members[0].nik", code: "required", message: "NIK wajib diisi." },
      { path: "members[1].declaration", message: "Pernyataan bahwa data ini benar harus dicentang." },
    ]);
  });

  it("caps the lists", () => {
    const tooMany = Array.from({ length: 11 }, () => ({ platform: "facebook", url: "https://facebook.com/kim" }));
    expect(problems(rawApplication({ socials: tooMany, communityGroups: Array(31).fill("Karang Taruna") }))).toEqual([
      { path: "socials", message: "Akun media sosial paling banyak 10." },
      { path: "communityGroups", message: "Kelompok masyarakat mitra paling banyak 30." },
    ]);
  });
});
