import * as z from "zod";
import { choice, email, mobilePhone, optionalText, requiredText, typeError } from "../fields";
import { GENDERS, nikProblems } from "../nik";
import { plainText } from "../text";
import { isIsoDate } from "../time";
import { OCCUPATION_CODES } from "./occupations";

/**
 * The KIM application as the public form (`/daftar-kim`) and `POST /api/v1/registrations` both
 * send it. Every field is a string except `declaration`, so a form's fields map onto it by name
 * (`members[3].occupation`); the form's checkbox value "on" counts as `true`. Each message is in
 * Bahasa Indonesia; checks of our own carry a stable code in `params.code`.
 *
 * The schema checks each field on its own. Rules across fields, across applications or bound to
 * the settings and the submission day live in `eligibility.ts` and run on the parsed result.
 */

export const MEMBER_ROLES = ["ketua", "sekretaris", "bendahara", "anggota", "kepala_seksi"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
/** Each of these roles must be held by exactly one member. */
export const REQUIRED_OFFICER_ROLES = ["ketua", "sekretaris", "bendahara"] as const;
/** Roles that count as officers (pengurus) for the minimum age. */
export const OFFICER_ROLES = [...REQUIRED_OFFICER_ROLES, "kepala_seksi"] as const;

export const MEMBER_ROLE_LABELS: Record<MemberRole, string> = {
  ketua: "Ketua",
  sekretaris: "Sekretaris",
  bendahara: "Bendahara",
  anggota: "Anggota",
  kepala_seksi: "Kepala Seksi",
};

export const SOCIAL_PLATFORMS = ["facebook", "instagram", "youtube", "tiktok", "x", "lainnya"] as const;
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

/** Hard ceiling on the member list; the configurable bounds (`kim.memberCount*`) are eligibility rules. */
export const MAX_MEMBERS = 500;

/** A member's fields other than the declaration, in form order: the names forms and error paths use. */
export const MEMBER_FIELDS = [
  "fullName",
  "nik",
  "gender",
  "birthDate",
  "phone",
  "role",
  "sectionName",
  "occupation",
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

/** True for an absolute http(s) address whose host has a dot, e.g. "https://kim-merabu.id". */
export function isWebUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === "https:" || url.protocol === "http:") && /^[^.]+(\.[^.]+)+$/.test(url.hostname);
}

const date = (label: string) =>
  z
    .string({ error: typeError(label, "tanggal") })
    .trim()
    .min(1, `${label} wajib diisi.`)
    // Each check passes what an earlier one reports, so one bad value gives one message. (No
    // `abort`: an aborted issue would also stop the member-level section-name check.)
    .refine((v) => v === "" || isIsoDate(v), {
      message: `${label} harus berupa tanggal yang benar (format TTTT-BB-HH).`,
      params: { code: "invalid_date" },
    })
    .refine((v) => !isIsoDate(v) || v >= "1900-01-01", {
      message: `${label} tidak boleh sebelum tahun 1900.`,
      params: { code: "date_too_early" },
    });

const webUrl = (label: string) =>
  // URL parsing drops tabs and line breaks, so they would pass `isWebUrl` and be stored: refuse them first.
  plainText(label, { error: typeError(label, "teks") })
    .trim()
    .max(300, `${label} paling banyak 300 karakter.`)
    .refine((v) => v === "" || isWebUrl(v), {
      message: `${label} harus alamat web lengkap, misalnya https://kim-contoh.id.`,
      params: { code: "invalid_url" },
    });

/** The NIK with spaces, dots and dashes removed, checked by `nikProblems` (each problem one issue). */
const nik = z.string({ error: typeError("NIK", "teks") }).transform((v, ctx) => {
  const compact = v.replace(/[\s.-]/g, "");
  if (compact === "") {
    ctx.issues.push({ code: "custom", input: v, message: "NIK wajib diisi.", params: { code: "required" } });
    return z.NEVER;
  }
  const problems = nikProblems(compact);
  for (const problem of problems) {
    ctx.issues.push({ code: "custom", input: v, message: problem.message, params: { code: problem.code } });
  }
  return problems.length > 0 ? z.NEVER : compact;
});

export const memberInputSchema = z
  .object(
    {
      fullName: requiredText("Nama lengkap", 2, 100),
      nik,
      gender: choice(GENDERS, "Jenis kelamin", "Jenis kelamin harus L (laki-laki) atau P (perempuan)."),
      birthDate: date("Tanggal lahir"),
      phone: mobilePhone("Nomor ponsel"),
      role: choice(MEMBER_ROLES, "Jabatan", "Jabatan harus dipilih dari daftar."),
      /** Required for a section head (`kepala_seksi`), dropped for every other role. */
      sectionName: optionalText("Nama seksi", 100),
      occupation: choice(OCCUPATION_CODES, "Pekerjaan", "Pekerjaan harus dipilih dari daftar."),
      declaration: z
        .union([z.literal(true), z.literal("on")], {
          error: "Pernyataan bahwa data ini benar harus dicentang.",
        })
        .transform(() => true as const),
    },
    { error: "Data anggota harus berupa objek." },
  )
  .superRefine(
    (member, ctx) => {
      if (member.role === "kepala_seksi" && typeof member.sectionName !== "string") {
        ctx.addIssue({
          code: "custom",
          path: ["sectionName"],
          message: "Nama seksi wajib diisi untuk Kepala Seksi.",
          params: { code: "required" },
        });
      }
    },
    // Run even when other fields of the member failed, so every problem is reported at once.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform((member) => ({
    ...member,
    sectionName: member.role === "kepala_seksi" ? member.sectionName : undefined,
  }));

export const registrationInputSchema = z.object(
  {
    kimName: requiredText("Nama KIM", 3, 100),
    villageCode: z
      .string({ error: typeError("Kampung/kelurahan", "kode wilayah") })
      .trim()
      .min(1, "Kampung/kelurahan wajib dipilih.")
      .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, "Kampung/kelurahan harus dipilih dari daftar."),
    secretariatAddress: requiredText("Alamat sekretariat", 5, 300, "multi-line"),
    contactEmail: email("E-mail kontak"),
    contactPhone: mobilePhone("Nomor ponsel kontak"),
    foundedOn: date("Tanggal pembentukan"),
    decree: z.object(
      {
        number: requiredText("Nomor SK pembentukan", 1, 100),
        date: date("Tanggal SK pembentukan"),
        issuer: requiredText("Pejabat penerbit SK", 3, 150),
      },
      { error: "Data SK pembentukan wajib diisi." },
    ),
    website: webUrl("Situs web")
      .optional()
      .transform((v) => v || undefined),
    socials: z
      .array(
        z.object(
          {
            platform: choice(
              SOCIAL_PLATFORMS,
              "Jenis akun media sosial",
              "Jenis akun media sosial harus dipilih dari daftar.",
            ),
            url: webUrl("Alamat akun media sosial").refine((v) => v !== "", {
              message: "Alamat akun media sosial wajib diisi.",
              params: { code: "required" },
            }),
          },
          { error: "Akun media sosial harus berupa objek." },
        ),
        { error: "Daftar akun media sosial harus berupa daftar." },
      )
      .max(10, "Akun media sosial paling banyak 10.")
      .default([]),
    communityGroups: z
      .array(requiredText("Nama kelompok masyarakat", 2, 120), {
        error: "Kelompok masyarakat mitra harus berupa daftar.",
      })
      .max(30, "Kelompok masyarakat mitra paling banyak 30.")
      .default([]),
    members: z
      .array(memberInputSchema, { error: typeError("Daftar anggota", "daftar") })
      .min(1, "Daftar anggota wajib diisi.")
      .max(MAX_MEMBERS, `Anggota paling banyak ${MAX_MEMBERS} orang.`),
  },
  { error: "Data pendaftaran harus berupa objek JSON." },
);

/** A parsed application: trimmed, phones as +628…, NIKs as 16 digits, optional blanks as undefined. */
export type RegistrationInput = z.output<typeof registrationInputSchema>;
export type MemberInput = z.output<typeof memberInputSchema>;
