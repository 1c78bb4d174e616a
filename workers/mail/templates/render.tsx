import type { Child } from "hono/jsx";
import type { z } from "zod";
import type { MailTemplate, RenderContext, RenderedMail, TemplateDefinition } from "./types";

/** Subjects travel in a header: one line, no control characters, bounded length. */
function oneLine(value: string, max = 180): string {
  const line = value
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** `${publicBaseUrl}${path}`: every link in a mail is absolute and on Simpul's own host. */
export function absoluteUrl(publicBaseUrl: string, path: string): string {
  return `${publicBaseUrl}${path.startsWith("/") ? path : `/${path}`}`;
}

/**
 * The sender as the footer names it: the office, and the regency only when the office's name does
 * not already say it ("Dinas Komunikasi dan Informatika Kabupaten Berau", not "… Berau, Kabupaten Berau").
 */
function senderName(ctx: RenderContext): string {
  return ctx.officeName.toLowerCase().includes(ctx.regencyName.toLowerCase())
    ? ctx.officeName
    : `${ctx.officeName}, ${ctx.regencyName}`;
}

function footerLines(ctx: RenderContext, reason: string): string[] {
  return [
    `Email ini dikirim oleh ${senderName(ctx)}, melalui Simpul (${ctx.publicBaseUrl}).`,
    `Anda menerima email ini karena ${reason}`,
    "Email ini dikirim otomatis; mohon tidak membalas ke alamat pengirim.",
  ];
}

// Mail clients ignore stylesheets and the site's CSP does not apply to mail, so the few styles
// this layout needs are inline.
function MailLayout(props: { heading: string; body: Child; footer: string[] }) {
  return (
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.heading}</title>
      </head>
      <body style="margin:0;padding:16px;background:#f4f5f7;color:#1f2328;font-family:Arial,Helvetica,sans-serif;line-height:1.5">
        <div style="max-width:600px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px">
          <h1 style="font-size:20px;margin:0 0 16px">{props.heading}</h1>
          {props.body}
          <hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0 12px" />
          {props.footer.map((line) => (
            <p style="font-size:12px;color:#57606a;margin:0 0 4px">{line}</p>
          ))}
        </div>
      </body>
    </html>
  );
}

/** Server-side JSX to a string. Mail templates never use async components. */
function toHtmlString(node: { toString(): string | Promise<string> }): string {
  const out = node.toString();
  if (typeof out !== "string") throw new Error("mail templates must render synchronously");
  return `<!doctype html>${out}`;
}

/**
 * Renders a definition with already parsed params into subject, text and HTML, adding the shared
 * layout and the footer saying who sent the mail and why.
 */
function renderMail<S extends z.ZodType>(
  definition: TemplateDefinition<S>,
  params: z.output<S>,
  ctx: RenderContext,
): RenderedMail {
  const content = definition.content(params, { ...ctx, url: (path) => absoluteUrl(ctx.publicBaseUrl, path) });
  const footer = footerLines(ctx, content.reason);
  const text = [content.heading, "", ...content.textParagraphs.flatMap((p) => [p, ""]), "--", ...footer].join("\n");
  return {
    subject: oneLine(content.subject),
    text: `${text}\n`,
    html: toHtmlString(<MailLayout heading={content.heading} body={content.html} footer={footer} />),
  };
}

/**
 * Turns a template file's definition into a registry entry whose `render(params, ctx)` returns
 * `{ subject, text, html }` with the shared layout and footer.
 *
 * @example
 * export const signInLink = defineTemplate({ params: z.object({ link: appPath() }), content: (p, ctx) => ({ ... }) });
 * signInLink.render({ link: "/masuk?token=abc" }, ctx).subject // "Tautan masuk ke Simpul"
 */
export function defineTemplate<S extends z.ZodType>(definition: TemplateDefinition<S>): MailTemplate<S> {
  return {
    params: definition.params,
    sensitiveParams: definition.sensitiveParams ?? [],
    render: (params, ctx) => renderMail(definition, params, ctx),
  };
}

/** A link that reads well in mail clients; its text is the full URL when no label is given. */
export function MailLink(props: { href: string; children?: Child }) {
  return (
    <a href={props.href} style="color:#0b5cad">
      {props.children ?? props.href}
    </a>
  );
}

/** A prominent call-to-action link, with the full URL repeated below for clients that hide links. */
export function MailButton(props: { href: string; label: string }) {
  return (
    <>
      <p style="margin:24px 0">
        <a
          href={props.href}
          style="display:inline-block;background:#0b5cad;color:#ffffff;padding:10px 18px;border-radius:4px;text-decoration:none;font-weight:bold"
        >
          {props.label}
        </a>
      </p>
      <p style="font-size:13px;color:#57606a;word-break:break-all">
        Jika tombol tidak berfungsi, salin alamat ini ke peramban: <MailLink href={props.href} />
      </p>
    </>
  );
}
