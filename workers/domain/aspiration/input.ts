import * as z from "zod";
import { choice, optionalEmail, optionalMobilePhone, optionalText, requiredText, typeError } from "../fields";
import { ASPIRATION_KINDS } from "./kinds";
import { PRIVACY_MODES } from "./privacy";

/**
 * An aspiration as the public form (`/aspirasi`) and `POST /api/v1/aspirations` both send it.
 * Every field is a string, so the form's fields map onto it by name. The category and village are
 * checked against D1 by the intake; the photos by `photos.ts`.
 */
export const aspirationInputSchema = z
  .object(
    {
      kind: choice(ASPIRATION_KINDS, "Jenis laporan", "Jenis laporan harus dipilih dari daftar."),
      categoryId: z
        .string({ error: typeError("Kategori", "teks") })
        .trim()
        .min(1, "Kategori wajib dipilih.")
        .max(60, "Kategori harus dipilih dari daftar."),
      villageCode: z
        .string({ error: typeError("Kampung/kelurahan", "kode wilayah") })
        .trim()
        .nullish()
        .transform((v) => v || undefined)
        .pipe(
          z
            .string()
            .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, "Kampung/kelurahan harus dipilih dari daftar.")
            .optional(),
        ),
      title: requiredText("Judul", 5, 150),
      description: requiredText("Uraian", 20, 5000, "multi-line"),
      privacy: choice(PRIVACY_MODES, "Kerahasiaan", "Kerahasiaan harus anonim, rahasia atau publik.")
        .optional()
        .transform((v) => v ?? "anonim"),
      reporterName: optionalText("Nama pelapor", 120),
      reporterEmail: optionalEmail("E-mail pelapor"),
      reporterPhone: optionalMobilePhone("Nomor ponsel pelapor"),
      kimNumber: z
        .string({ error: typeError("Nomor registrasi KIM", "teks") })
        .trim()
        .toUpperCase()
        .nullish()
        .transform((v) => v || undefined)
        .pipe(
          z
            .string()
            .regex(/^KIM-\d{10}-\d{3}$/, "Nomor registrasi KIM harus seperti KIM-6403042001-001.")
            .optional(),
        ),
    },
    { error: "Data aspirasi harus berupa objek JSON." },
  )
  .superRefine(
    (input, ctx) => {
      // A public report shows a name: without one there is nothing to show.
      if (input.privacy === "publik" && !input.reporterName) {
        ctx.addIssue({
          code: "custom",
          path: ["reporterName"],
          message: "Nama pelapor wajib diisi bila laporan boleh ditampilkan dengan nama.",
          params: { code: "required" },
        });
      }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );

export type AspirationInput = z.output<typeof aspirationInputSchema>;

/** The form's fields, in order: the names forms and error paths use. */
export const ASPIRATION_FIELDS = [
  "kind",
  "categoryId",
  "villageCode",
  "title",
  "description",
  "privacy",
  "reporterName",
  "reporterEmail",
  "reporterPhone",
  "kimNumber",
] as const;
