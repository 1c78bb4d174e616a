import * as z from "zod";
import { plainText } from "./text";

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Gunakan huruf kecil, angka dan tanda hubung saja, contoh dinas-pupr.")
  .max(40, "Paling panjang 40 karakter.");
const text = (label: string, max: number) =>
  plainText(label).trim().min(1, "Wajib diisi.").max(max, `Paling panjang ${max} karakter.`);
const email = z.email("Alamat e-mail tidak sah.");

/** An agency (OPD) as a directory file lists it. */
export const directoryAgencySchema = z.strictObject({
  id: slug,
  name: text("Nama OPD", 150),
  shortName: text("Singkatan", 40),
  contactEmails: z.array(email).min(1, "Paling sedikit satu alamat e-mail.").max(5, "Paling banyak lima alamat."),
  headEmail: email,
});

/** An aspiration category and the agency that handles it by default. */
export const directoryCategorySchema = z.strictObject({
  id: slug,
  name: text("Nama kategori", 100),
  description: plainText("Keterangan").trim().max(300, "Paling panjang 300 karakter.").default(""),
  agencyId: slug,
  /** The agency's deadline for this category in working days; absent or null: the setting for the report's kind. */
  responseDays: z
    .number({ error: "Tenggat OPD harus berupa angka hari kerja." })
    .int("Tenggat OPD harus bilangan bulat.")
    .min(1, "Tenggat OPD paling sedikit 1 hari kerja.")
    .max(120, "Tenggat OPD paling lama 120 hari kerja.")
    .nullable()
    .optional(),
});

/**
 * A directory of agencies and categories (the shape of `data/sample/agencies.json`): ids are unique
 * and every category names an agency of the same file.
 */
export const agencyDirectorySchema = z
  .strictObject({
    /** Free text for people reading the file, e.g. that it is sample data. */
    _note: z.string().optional(),
    agencies: z.array(directoryAgencySchema).min(1, "Paling sedikit satu OPD."),
    categories: z.array(directoryCategorySchema),
  })
  .superRefine((directory, ctx) => {
    const agencyIds = new Set<string>();
    directory.agencies.forEach((agency, i) => {
      if (agencyIds.has(agency.id))
        ctx.addIssue({ code: "custom", path: ["agencies", i, "id"], message: `Id ${agency.id} dipakai dua kali.` });
      agencyIds.add(agency.id);
    });
    const categoryIds = new Set<string>();
    directory.categories.forEach((category, i) => {
      if (categoryIds.has(category.id))
        ctx.addIssue({
          code: "custom",
          path: ["categories", i, "id"],
          message: `Id ${category.id} dipakai dua kali.`,
        });
      categoryIds.add(category.id);
      if (!agencyIds.has(category.agencyId))
        ctx.addIssue({
          code: "custom",
          path: ["categories", i, "agencyId"],
          message: `OPD ${category.agencyId} tidak ada di daftar agencies.`,
        });
    });
  });

export type AgencyDirectory = z.output<typeof agencyDirectorySchema>;

/** One problem in a directory file: a dotted path such as `categories.3.agencyId` and why. */
export interface DirectoryError {
  path: string;
  message: string;
}

/**
 * Validates a parsed directory file (JSON text or an already parsed value).
 *
 * @example
 * const result = parseAgencyDirectory(await readFile("data/sample/agencies.json", "utf8"));
 * if (result.ok) result.directory.categories.length // 15
 */
export function parseAgencyDirectory(
  input: unknown,
): { ok: true; directory: AgencyDirectory } | { ok: false; errors: DirectoryError[] } {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (err) {
      return {
        ok: false,
        errors: [
          { path: "", message: `Berkas bukan JSON yang sah: ${err instanceof Error ? err.message : String(err)}` },
        ],
      };
    }
  }
  const parsed = agencyDirectorySchema.safeParse(value);
  if (parsed.success) return { ok: true, directory: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  };
}
