import type { Child } from "hono/jsx";
import * as z from "zod";

/** What every template may use besides its own params: where links point and who is sending. */
export interface RenderContext {
  /** The public base URL without a trailing slash, e.g. `https://simpul.beraukab.go.id`. */
  publicBaseUrl: string;
  /** Who sends the mail, named in every footer. */
  officeName: string;
  regencyName: string;
}

/** A rendered message: a one-line subject, a plain-text body and an HTML body. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** The parts a template writes; `renderMail` adds the shared layout and footer. */
export interface MailContent {
  subject: string;
  /** The heading, the first line of both bodies. */
  heading: string;
  /** Plain-text paragraphs; URLs are written out in full. */
  textParagraphs: string[];
  /** The HTML body (hono/jsx escapes every value). */
  html: Child;
  /** Why the recipient gets this mail, completing "Anda menerima email ini karena …". */
  reason: string;
}

/** What a template file writes: its parameter schema and the content for parsed params. */
export interface TemplateDefinition<S extends z.ZodType = z.ZodType> {
  params: S;
  /**
   * Params that grant access (a sign-in link's token): the consumer blanks them in the outbox
   * once the mail is sent, so a copy of the database holds no usable link.
   */
  sensitiveParams?: readonly (keyof z.output<S> & string)[];
  content(params: z.output<S>, ctx: RenderContext & { url: (path: string) => string }): MailContent;
}

/**
 * A registered template: its parameter schema and `render`, which adds the shared layout and
 * footer. Params are stored in the outbox as JSON and parsed again by the consumer before
 * rendering, so they must be plain JSON values (ISO strings for moments, paths for links).
 */
export interface MailTemplate<S extends z.ZodType = z.ZodType> {
  params: S;
  sensitiveParams: readonly string[];
  render(params: z.output<S>, ctx: RenderContext): RenderedMail;
}

/**
 * A link inside Simpul, given as a path ("/masuk/verifikasi?token=…"); the template makes it
 * absolute with the configured public base URL, so a mail can never point at another host.
 */
export const appPath = () =>
  z
    .string()
    .min(1)
    .max(2000)
    .regex(/^\/(?!\/)[^\s]*$/, "Harus berupa alamat di dalam Simpul yang diawali garis miring (/).");

/** A moment as ISO 8601 with an offset, e.g. "2026-03-27T15:59:59Z"; shown to people in WITA. */
export const isoMoment = () => z.iso.datetime({ offset: true });

/** A short single line of text for subjects and labels. */
export const label = (max = 200) => z.string().trim().min(1).max(max);
