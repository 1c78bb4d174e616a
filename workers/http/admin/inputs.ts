import * as z from "zod";
import { ESCALATION_LEVELS } from "../../../schema/escalation";
import { directoryAgencySchema, directoryCategorySchema } from "../../domain/agency-directory";
import { HOLIDAY_KINDS } from "../../domain/calendar";
import { ROLES } from "../../domain/roles";
import { plainText } from "../../domain/text";
import { CALENDAR_FIRST_DATE, CALENDAR_LAST_DATE, formatDateHuman, isCalendarDate, isIsoDate } from "../../domain/time";
import { type ErrorDetail, formatIssuePath, issueCode } from "../../errors";
import type { DataSubjectQuery } from "../../services/data-subject";

const email = z.email({ error: "Tulis alamat e-mail yang benar." }).max(254);
const name = plainText("Nama").trim().min(1, "Wajib diisi.").max(120, "Paling panjang 120 karakter.");

/** A role and, for village and agency roles, the scope it applies to. */
export const grantInput = z.object({
  role: z.enum(ROLES, { error: "Pilih peran yang tersedia." }),
  scopeId: plainText("Cakupan").trim().max(60).optional(),
});

export const inviteInput = z.object({
  name,
  email,
  role: z.enum(ROLES, { error: "Pilih peran yang tersedia." }).optional(),
  scopeId: plainText("Cakupan").trim().max(60).optional(),
});

export const agencyCreateInput = directoryAgencySchema.extend({ active: z.boolean().optional() });
export const agencyUpdateInput = directoryAgencySchema.omit({ id: true }).extend({ active: z.boolean().optional() });
export const categoryCreateInput = directoryCategorySchema.extend({ active: z.boolean().optional() });
export const categoryUpdateInput = directoryCategorySchema
  .omit({ id: true })
  .extend({ active: z.boolean().optional() });

export const escalationInput = z.object({
  level: z.enum(ESCALATION_LEVELS, { error: "Pilih tingkat eskalasi." }),
  label: name,
  email,
});

/** A date inside the calendar's span: holiday dates and audit filters both feed date arithmetic. */
const isoDate = z
  .string({ error: "Tanggal wajib diisi." })
  .refine(isIsoDate, { message: "Tanggal harus tanggal yang benar dalam bentuk YYYY-MM-DD.", abort: true })
  .refine(isCalendarDate, {
    message: `Tanggal harus antara ${formatDateHuman(CALENDAR_FIRST_DATE)} dan ${formatDateHuman(CALENDAR_LAST_DATE)}.`,
    params: { code: "date_out_of_range" },
  });

export const holidayFields = z.object({
  kind: z.enum(HOLIDAY_KINDS, { error: "Pilih libur_nasional atau cuti_bersama." }),
  name: plainText("Nama hari libur").trim().min(1, "Nama hari libur wajib diisi.").max(200),
  basis: plainText("Dasar hukum").trim().min(1, "Dasar hukum wajib diisi.").max(200),
});
export const holidayInput = holidayFields.extend({ date: isoDate });

export const settingInput = z.object({ value: z.unknown() });

export const auditQuery = z.object({
  actorId: z.string().trim().max(100).optional(),
  actorName: z.string().trim().max(120).optional(),
  action: z.string().trim().max(100).optional(),
  subjectType: z.string().trim().max(100).optional(),
  subjectId: z.string().trim().max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  sebelum: z.coerce
    .number({ error: "Halaman lanjutan tidak dikenal. Buka lagi log audit dari halaman pertama." })
    .int("Halaman lanjutan tidak dikenal. Buka lagi log audit dari halaman pertama.")
    .positive("Halaman lanjutan tidak dikenal. Buka lagi log audit dari halaman pertama.")
    .optional(),
});

/** Empty form fields mean "not given". */
export function withoutEmpty<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== "" && v !== undefined)) as Partial<T>;
}

/** Zod issues as the envelope's details. */
export const detailsOf = (error: z.ZodError): ErrorDetail[] =>
  error.issues.map((i) => ({ path: formatIssuePath(i.path), message: i.message, code: issueCode(i) }));

/** The textarea of addresses, one per line or separated by commas. */
export const splitList = (value: unknown): string[] =>
  typeof value === "string"
    ? value
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

/**
 * Whom the data-subject export is about: an e-mail address or a NIK, exactly one. A NIK may be
 * typed with spaces, dots or dashes; only its 16 digits are kept (it is hashed, never stored).
 */
export const dataSubjectInput = z
  .object({
    email: z.string({ error: "Tulis alamat e-mail." }).trim().toLowerCase().max(254).optional(),
    nik: z.string({ error: "Tulis NIK." }).max(40).optional(),
  })
  .transform((input, ctx): DataSubjectQuery => {
    const email = input.email || undefined;
    const nik = input.nik?.replace(/[\s.-]/g, "") || undefined;
    if ((email === undefined) === (nik === undefined)) {
      const message = "Isi e-mail atau NIK, salah satu saja.";
      ctx.addIssue({ code: "custom", path: ["email"], message });
      return z.NEVER;
    }
    if (email !== undefined) {
      if (!z.email().safeParse(email).success) {
        ctx.addIssue({ code: "custom", path: ["email"], message: "Tulis alamat e-mail yang benar." });
        return z.NEVER;
      }
      return { kind: "email", email };
    }
    if (!/^\d{16}$/.test(nik ?? "")) {
      ctx.addIssue({ code: "custom", path: ["nik"], message: "NIK terdiri atas 16 angka." });
      return z.NEVER;
    }
    return { kind: "nik", nik: nik ?? "" };
  });
