import * as z from "zod";
import { formatWitaHuman } from "../../domain/time";
import { defineTemplate, MailButton } from "./render";
import { appPath, isoMoment, label } from "./types";

/**
 * A missed deadline passed up the escalation ladder (handling officer → head of the OPD → Sekda),
 * for any flow. The caller names the item, the action that was due, who missed it and why this
 * recipient is told.
 */
export const deadlineEscalation = defineTemplate({
  params: z.object({
    /** The item, e.g. "Aspirasi ASP-2026-0042". */
    item: label(),
    /** What was due, e.g. "menindaklanjuti aspirasi". */
    action: label(),
    /** The deadline that passed. */
    dueAt: isoMoment(),
    /** Who should have acted, e.g. "Dinas PUPR". */
    responsible: label(),
    /** Step on the escalation ladder, 1 for the first escalation. */
    level: z.number().int().min(1).max(10),
    /** Path of the page where the item is handled. */
    link: appPath(),
    /** Completes "Anda menerima email ini karena …", e.g. "Anda Kepala Dinas PUPR." */
    reason: label(300),
  }),
  content(p, ctx) {
    const url = ctx.url(p.link);
    const due = formatWitaHuman(new Date(p.dueAt));
    return {
      subject: `Eskalasi tingkat ${p.level}: ${p.item}`,
      heading: `Eskalasi tingkat ${p.level}: tenggat terlewati`,
      textParagraphs: [
        `${p.item}: ${p.responsible} belum ${p.action} sampai tenggat ${due}.`,
        "Mohon tindak lanjuti atau tunjuk petugas yang menanganinya.",
        `Buka: ${url}`,
      ],
      html: (
        <>
          <p>
            <strong>{p.item}</strong>: {p.responsible} belum {p.action} sampai tenggat <strong>{due}</strong>.
          </p>
          <p>Mohon tindak lanjuti atau tunjuk petugas yang menanganinya.</p>
          <MailButton href={url} label="Buka di Simpul" />
        </>
      ),
      reason: p.reason,
    };
  },
});
