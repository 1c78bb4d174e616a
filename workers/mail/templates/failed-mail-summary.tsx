import * as z from "zod";
import { formatWitaHuman } from "../../domain/time";
import { defineTemplate, MailButton } from "./render";
import { appPath, isoMoment } from "./types";

/** Most failures listed in one summary; the admin list shows them all. */
export const FAILED_MAIL_SUMMARY_MAX_ITEMS = 50;

/** The daily summary to administrators of mail that could not be delivered. */
export const failedMailSummary = defineTemplate({
  params: z.object({
    /** Start of the period covered. */
    since: isoMoment(),
    /** How many messages failed in the period (may exceed the items listed). */
    total: z.number().int().min(1),
    items: z
      .array(
        z.object({
          id: z.string().min(1),
          template: z.string().min(1),
          failedAt: isoMoment(),
          lastError: z.string().nullable(),
        }),
      )
      .min(1)
      .max(FAILED_MAIL_SUMMARY_MAX_ITEMS),
    /** Path of the admin list of failed mail. */
    listPath: appPath(),
  }),
  content(p, ctx) {
    const url = ctx.url(p.listPath);
    const since = formatWitaHuman(new Date(p.since));
    const more = p.total - p.items.length;
    const lines = p.items.map(
      (i) =>
        `- ${formatWitaHuman(new Date(i.failedAt))} · ${i.template} · ${i.id}: ${i.lastError ?? "tanpa keterangan"}`,
    );
    return {
      subject: `Simpul: ${p.total} email gagal terkirim`,
      heading: "Ringkasan email yang gagal terkirim",
      textParagraphs: [
        `Sejak ${since}, ${p.total} email tidak dapat dikirim setelah semua percobaan ulang.`,
        lines.join("\n") + (more > 0 ? `\n… dan ${more} email lainnya.` : ""),
        `Periksa dan kirim ulang di: ${url}`,
      ],
      html: (
        <>
          <p>
            Sejak {since}, <strong>{p.total}</strong> email tidak dapat dikirim setelah semua percobaan ulang.
          </p>
          <ul>
            {p.items.map((i) => (
              <li>
                {formatWitaHuman(new Date(i.failedAt))} · <code>{i.template}</code> · <code>{i.id}</code>:{" "}
                {i.lastError ?? "tanpa keterangan"}
              </li>
            ))}
          </ul>
          {more > 0 ? <p>… dan {more} email lainnya.</p> : null}
          <MailButton href={url} label="Periksa dan kirim ulang" />
        </>
      ),
      reason: "Anda terdaftar sebagai administrator Simpul.",
    };
  },
});
