import * as z from "zod";
import { missingDecreeMessage } from "../../domain/calendar";
import { formatWitaHuman } from "../../domain/time";
import { defineTemplate, MailButton } from "./render";
import { appPath, isoMoment } from "./types";

/** Most failures listed in one summary; the admin list shows them all. */
export const FAILED_MAIL_SUMMARY_MAX_ITEMS = 50;

/** The admin page where a year's holiday decree is imported. */
const CALENDAR_ADMIN_PATH = "/admin/kalender";

/**
 * The administrators' daily mail: the mail that could not be delivered, and a warning while a
 * holiday decree that deadlines depend on is missing. Sent when either has something to say.
 */
export const failedMailSummary = defineTemplate({
  params: z
    .object({
      /** Start of the period covered. */
      since: isoMoment(),
      /** How many messages failed in the period (may exceed the items listed). */
      total: z.number().int().min(0),
      items: z
        .array(
          z.object({
            id: z.string().min(1),
            template: z.string().min(1),
            failedAt: isoMoment(),
            lastError: z.string().nullable(),
          }),
        )
        .max(FAILED_MAIL_SUMMARY_MAX_ITEMS),
      /** Path of the admin list of failed mail. */
      listPath: appPath(),
      /** Years whose holiday decree is missing (the current one, and the next from 1 October). */
      missingDecreeYears: z.array(z.number().int().min(2000).max(2101)).max(2).optional(),
    })
    .refine((p) => p.total > 0 || (p.missingDecreeYears ?? []).length > 0, {
      message: "Ringkasan harian tanpa email gagal dan tanpa peringatan kalender tidak perlu dikirim.",
      path: ["total"],
    })
    .refine((p) => p.total > 0 === p.items.length > 0, {
      message: "Daftar email gagal harus ada bila dan hanya bila jumlahnya lebih dari nol.",
      path: ["items"],
    }),
  content(p, ctx) {
    const url = ctx.url(p.listPath);
    const calendarUrl = ctx.url(CALENDAR_ADMIN_PATH);
    const since = formatWitaHuman(new Date(p.since));
    const more = p.total - p.items.length;
    const lines = p.items.map(
      (i) =>
        `- ${formatWitaHuman(new Date(i.failedAt))} · ${i.template} · ${i.id}: ${i.lastError ?? "tanpa keterangan"}`,
    );
    const decreeYears = p.missingDecreeYears ?? [];
    const warnings = decreeYears.map(missingDecreeMessage);
    const calendarText = warnings.length > 0 ? [...warnings, `Impor SKB hari libur di: ${calendarUrl}`] : [];
    const failedText =
      p.total > 0
        ? [
            `Sejak ${since}, ${p.total} email tidak dapat dikirim setelah semua percobaan ulang.`,
            lines.join("\n") + (more > 0 ? `\n… dan ${more} email lainnya.` : ""),
            `Periksa dan kirim ulang di: ${url}`,
          ]
        : [];
    const years = decreeYears.join(" dan ");
    return {
      subject:
        p.total > 0
          ? `Simpul: ${p.total} email gagal terkirim${years ? ` · kalender libur ${years} belum dimuat` : ""}`
          : `Simpul: kalender hari libur ${years} belum dimuat`,
      heading: p.total > 0 ? "Ringkasan email yang gagal terkirim" : "Kalender hari libur belum lengkap",
      textParagraphs: [...calendarText, ...failedText],
      html: (
        <>
          {warnings.map((w) => (
            <p style="padding:8px 12px;border-left:4px solid #bf8700;background:#fff8c5">{w}</p>
          ))}
          {warnings.length > 0 ? <MailButton href={calendarUrl} label="Impor SKB hari libur" /> : null}
          {p.total > 0 ? (
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
          ) : null}
        </>
      ),
      reason: "Anda terdaftar sebagai administrator Simpul.",
    };
  },
});
