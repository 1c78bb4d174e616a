import * as z from "zod";

/**
 * The one normaliser for text people type into Simpul: names, addresses, decree fields, reasons,
 * and later aspirations. A single-line field is one line of visible text; a multi-line field (a
 * textarea: an address, a reason) may also hold line breaks and tabs.
 *
 * The policy, and why:
 * - Unicode NFC, so "é" typed two ways is one value for comparisons, uniqueness and search.
 * - Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) and the
 *   direction marks (U+200E, U+200F, U+061C) are removed. They are invisible, so a person who
 *   pasted one could not find it to fix a refusal, and in the Latin-script Indonesian we collect
 *   they have no meaning; left in, an override reverses text on a certificate or in a mail.
 * - Every other control character (C0, DEL, C1: NUL, CR, LF, ESC…) is refused with a message
 *   naming the field, except line breaks and tabs in multi-line fields. A browser never sends one
 *   from a single-line input, so only a crafted request meets the refusal, and refusing keeps such
 *   text out of mail headers, CSV exports and certificates instead of silently changing it.
 * - In a single-line field a tab becomes a space (it comes from pasting a spreadsheet cell); in a
 *   multi-line field CR LF, lone CR and U+2028/U+2029 become LF.
 */
export type TextKind = "single-line" | "multi-line";

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
/** `\p{Cc}` is C0, DEL and C1; a single line also refuses the Unicode line and paragraph separators. */
const CONTROLS_SINGLE_LINE = /[\p{Cc}\u2028\u2029]/u;
const CONTROLS_MULTI_LINE = /(?![\n\t])\p{Cc}/u;

/**
 * The text in NFC, without bidi controls; tabs as spaces (single-line) or line breaks as LF
 * (multi-line). Control characters that remain are for `hasControlCharacters` to refuse.
 *
 * @example
 * normalizeText("KIM\u202eujaM", "single-line") // "KIMujaM"
 * normalizeText("Jl. Ahmad Yani\r\nRT 03", "multi-line") // "Jl. Ahmad Yani\nRT 03"
 */
export function normalizeText(value: string, kind: TextKind): string {
  const text = value.normalize("NFC").replace(BIDI_CONTROLS, "");
  return kind === "single-line" ? text.replace(/\t/g, " ") : text.replace(LINE_BREAKS, "\n");
}

/**
 * True when normalised text still holds a character its kind does not allow: any control
 * character or line break in a single-line field; a control other than LF and tab in a multi-line one.
 *
 * @example
 * hasControlCharacters("KIM Maju\r\nBcc: x@y.id", "single-line") // true
 * hasControlCharacters("Jl. Ahmad Yani\nRT 03", "multi-line") // false
 */
export function hasControlCharacters(value: string, kind: TextKind): boolean {
  return (kind === "single-line" ? CONTROLS_SINGLE_LINE : CONTROLS_MULTI_LINE).test(value);
}

/** The message refusing a control character, naming the field. */
export function controlCharacterMessage(label: string, kind: TextKind): string {
  return kind === "single-line"
    ? `${label} harus satu baris, tanpa baris baru atau karakter kontrol.`
    : `${label} tidak boleh berisi karakter kontrol.`;
}

/**
 * A zod string normalised by `normalizeText` and refusing control characters (code
 * `control_character`), still a `ZodString` so `.trim().min().max()` chain after it.
 *
 * @example
 * const kimName = plainText("Nama KIM").trim().min(3).max(100);
 * const address = plainText("Alamat sekretariat", { kind: "multi-line" }).trim().max(300);
 */
export function plainText(
  label: string,
  options: { kind?: TextKind; error?: z.core.$ZodStringParams["error"] } = {},
): z.ZodString {
  const kind = options.kind ?? "single-line";
  return z
    .string(options.error ? { error: options.error } : undefined)
    .overwrite((v) => normalizeText(v, kind))
    .refine((v) => !hasControlCharacters(v, kind), {
      message: controlCharacterMessage(label, kind),
      params: { code: "control_character" },
    });
}
