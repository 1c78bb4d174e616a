import { describe, expect, it } from "vitest";
import { aspirationInputSchema } from "../../workers/domain/aspiration/input";
import { formatIssuePath } from "../../workers/errors";

const valid = {
  kind: "pengaduan",
  categoryId: "jalan",
  title: "Jalan berlubang di Gurimbang",
  description: "Jalan poros di depan SD 005 berlubang besar sejak bulan lalu dan membahayakan anak sekolah.",
};

const problems = (input: unknown) => {
  const result = aspirationInputSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message }));
};

describe("aspiration input", () => {
  it("accepts a minimal report as anonim, with blanks as absent", () => {
    const parsed = aspirationInputSchema.parse({ ...valid, villageCode: "", reporterEmail: "", reporterPhone: "" });
    expect(parsed).toEqual({ ...valid, privacy: "anonim" });
  });

  it("normalises the contact", () => {
    const parsed = aspirationInputSchema.parse({
      ...valid,
      reporterEmail: " Siti@Contoh.ID ",
      reporterPhone: "0812-3456-7890",
      kimNumber: "kim-6403042001-001",
    });
    expect(parsed).toMatchObject({
      reporterEmail: "siti@contoh.id",
      reporterPhone: "+6281234567890",
      kimNumber: "KIM-6403042001-001",
    });
  });

  it("names every wrong field in Indonesian", () => {
    expect(
      problems({
        kind: "gosip",
        categoryId: "",
        villageCode: "64.03",
        title: "Hai",
        description: "Terlalu pendek",
        privacy: "terbuka",
        reporterEmail: "bukan-email",
        reporterPhone: "12345",
        kimNumber: "KIM-1",
      }),
    ).toEqual([
      { path: "kind", message: "Jenis laporan harus dipilih dari daftar." },
      { path: "categoryId", message: "Kategori wajib dipilih." },
      { path: "villageCode", message: "Kampung/kelurahan harus dipilih dari daftar." },
      { path: "title", message: "Judul paling sedikit 5 karakter." },
      { path: "description", message: "Uraian paling sedikit 20 karakter." },
      { path: "privacy", message: "Kerahasiaan harus anonim, rahasia atau publik." },
      { path: "reporterEmail", message: "E-mail pelapor belum benar, misalnya nama@contoh.id." },
      {
        path: "reporterPhone",
        message: "Nomor ponsel pelapor harus nomor ponsel Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890.",
      },
      { path: "kimNumber", message: "Nomor registrasi KIM harus seperti KIM-6403042001-001." },
    ]);
  });

  it("bounds the title and description", () => {
    expect(problems({ ...valid, title: "x".repeat(151), description: "y".repeat(5001) })).toEqual([
      { path: "title", message: "Judul paling banyak 150 karakter." },
      { path: "description", message: "Uraian paling banyak 5000 karakter." },
    ]);
  });

  it("asks a publik reporter for the name it will show", () => {
    expect(problems({ ...valid, privacy: "publik" })).toEqual([
      { path: "reporterName", message: "Nama pelapor wajib diisi bila laporan boleh ditampilkan dengan nama." },
    ]);
  });

  it("keeps line breaks in the description, normalised, and refuses them in the title", () => {
    const parsed = aspirationInputSchema.parse({
      ...valid,
      description: `${valid.description}\r\nSudah dua kali dilaporkan.`,
    });
    expect(parsed.description).toBe(`${valid.description}\nSudah dua kali dilaporkan.`);
    expect(problems({ ...valid, title: "Jalan\nberlubang" })).toMatchObject([{ path: "title" }]);
    expect(aspirationInputSchema.parse({ ...valid, reporterName: "Siti\u202e Aminah" }).reporterName).toBe(
      "Siti Aminah",
    );
  });
});
