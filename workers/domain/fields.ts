import * as z from "zod";
import { plainText, type TextKind } from "./text";

/**
 * Field schemas every public form and API shares (KIM registration, aspirations): each message
 * in Bahasa Indonesia names the field; checks of our own carry a stable code in `params.code`.
 * Blank form fields arrive as "".
 */

/** "wajib diisi" when the field is missing, else the type message. */
export const typeError = (label: string, kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? `${label} wajib diisi.` : `${label} harus berupa ${kind}.`;

/**
 * A required text of `min` to `max` characters after trimming; blank says "wajib diisi". Normalised
 * and free of control characters (`plainText`); only a multi-line field keeps line breaks.
 */
export const requiredText = (label: string, min: number, max: number, kind: TextKind = "single-line") =>
  plainText(label, { kind, error: typeError(label, "teks") })
    .trim()
    .min(1, `${label} wajib diisi.`)
    .refine((v) => v === "" || v.length >= min, {
      message: `${label} paling sedikit ${min} karakter.`,
      params: { code: "too_short" },
    })
    .max(max, `${label} paling banyak ${max} karakter.`);

/** An optional text field: blank (as a form sends it), null (as a program may) and absent all become undefined. */
export const optionalText = (label: string, max: number) =>
  plainText(label, { error: typeError(label, "teks") })
    .trim()
    .max(max, `${label} paling banyak ${max} karakter.`)
    .nullish()
    .transform((v) => v || undefined);

/**
 * An Indonesian mobile number in the form +628…, from `08…`, `628…` or `+628…` with any spaces,
 * dots, dashes or brackets; 10 to 13 digits when written from 08. Undefined when it is not one.
 *
 * @example
 * normalizeMobilePhone("0812-3456-7890") // "+6281234567890"
 * normalizeMobilePhone("0554 21234") // undefined (a landline)
 */
export function normalizeMobilePhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s.\-()]/g, "");
  const national = /^(?:\+62|62|0)(8\d{8,11})$/.exec(compact);
  return national ? `+62${national[1]}` : undefined;
}

const phoneMessage = (label: string) =>
  `${label} harus nomor ponsel Indonesia, misalnya 0812 3456 7890 atau +62 812 3456 7890.`;

/** Adds the phone check to a trimmed string: the number as +628…, or an `invalid_phone` issue. */
const asMobilePhone = (label: string) => (v: string, ctx: { issues: z.core.$ZodRawIssue[] }) => {
  const normalized = normalizeMobilePhone(v);
  if (normalized) return normalized;
  ctx.issues.push({ code: "custom", input: v, message: phoneMessage(label), params: { code: "invalid_phone" } });
  return z.NEVER;
};

/** A required mobile number, as +628…. */
export const mobilePhone = (label: string) =>
  z
    .string({ error: typeError(label, "teks") })
    .trim()
    .min(1, `${label} wajib diisi.`)
    .transform(asMobilePhone(label));

/** An optional mobile number, as +628…; blank becomes undefined. */
export const optionalMobilePhone = (label: string) =>
  z
    .string({ error: typeError(label, "teks") })
    .trim()
    .max(40, phoneMessage(label))
    .nullish()
    .transform((v, ctx) => (v ? asMobilePhone(label)(v, ctx) : undefined));

const emailText = (label: string) =>
  z
    .string({ error: typeError(label, "teks") })
    .trim()
    .toLowerCase()
    .max(254, `${label} paling banyak 254 karakter.`);
const emailFormat = (label: string) => z.email({ error: `${label} belum benar, misalnya nama@contoh.id.` });

/** A required e-mail address, lower-cased. */
export const email = (label: string) => emailText(label).min(1, `${label} wajib diisi.`).pipe(emailFormat(label));

/** An optional e-mail address, lower-cased; blank becomes undefined. */
export const optionalEmail = (label: string) =>
  emailText(label)
    .nullish()
    .transform((v) => v || undefined)
    .pipe(emailFormat(label).optional());

/** A choice from a fixed list: "wajib dipilih" when nothing was chosen, else `invalid`. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T, label: string, invalid: string) =>
  z.enum(values, {
    error: (issue) =>
      issue.input === undefined || issue.input === null || issue.input === "" ? `${label} wajib dipilih.` : invalid,
  });
