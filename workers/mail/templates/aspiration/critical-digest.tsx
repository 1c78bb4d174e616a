import * as z from "zod";
import { formatDateHuman, formatWitaHuman } from "../../../domain/time";
import { defineTemplate, MailButton } from "../render";
import { appPath, isoMoment, label } from "../types";

/** Most cases listed in one digest; the queue lists them all. */
export const CRITICAL_DIGEST_MAX_ITEMS = 50;

/**
 * Leadership's daily list of critical aspirations: cases past the last escalation level, still
 * without an answer. Names each case by title and code, the agency and the stage: never the
 * reporter.
 */
export const aspirationCriticalDigest = defineTemplate({
  params: z.object({
    /** The WITA day of the digest, YYYY-MM-DD. */
    day: z.iso.date(),
    total: z.number().int().min(1),
    items: z
      .array(
        z.object({
          code: label(20),
          title: label(150),
          holder: label(),
          stage: label(60),
          dueAt: isoMoment(),
          link: appPath(),
        }),
      )
      .min(1)
      .max(CRITICAL_DIGEST_MAX_ITEMS),
    listPath: appPath(),
  }),
  content(p, ctx) {
    const more = p.total - p.items.length;
    const day = formatDateHuman(p.day);
    const lines = p.items.map(
      (i) =>
        `- ${i.title} (${i.code}) · ${i.holder} · ${i.stage} · tenggat ${formatWitaHuman(new Date(i.dueAt))}: ${ctx.url(i.link)}`,
    );
    return {
      subject: `${p.total} aspirasi kritis belum dijawab (${day})`,
      heading: "Aspirasi kritis yang belum dijawab",
      textParagraphs: [
        `Per ${day}, ${p.total} aspirasi sudah melewati semua tingkat eskalasi dan belum dijawab:`,
        lines.join("\n"),
        ...(more > 0 ? [`Dan ${more} lainnya.`] : []),
        `Daftar lengkap: ${ctx.url(p.listPath)}`,
      ],
      html: (
        <>
          <p>
            Per {day}, <strong>{p.total}</strong> aspirasi sudah melewati semua tingkat eskalasi dan belum dijawab:
          </p>
          <ul>
            {p.items.map((i) => (
              <li>
                <a href={ctx.url(i.link)}>{i.title}</a> ({i.code}) · {i.holder} · {i.stage} · tenggat{" "}
                {formatWitaHuman(new Date(i.dueAt))}
              </li>
            ))}
          </ul>
          {more > 0 ? <p>Dan {more} lainnya.</p> : null}
          <MailButton href={ctx.url(p.listPath)} label="Buka daftar aspirasi" />
        </>
      ),
      reason: "Anda tercantum sebagai pimpinan yang menerima laporan aspirasi kritis.",
    };
  },
});
