import * as z from "zod";
import { formatWitaHuman } from "../../domain/time";
import { defineTemplate, MailButton } from "./render";
import { appPath, isoMoment, label } from "./types";

/**
 * A warning before a deadline, for any flow (endorsement, verification, an agency's follow-up).
 * The caller names the item, the action due and why this recipient is responsible.
 */
export const deadlineReminder = defineTemplate({
  params: z.object({
    /** The item, e.g. "Pendaftaran KIM Maju Bersama, Kampung Tanjung Redeb". */
    item: label(),
    /** What must be done, e.g. "memverifikasi pendaftaran". */
    action: label(),
    /** The deadline. */
    dueAt: isoMoment(),
    /** Path of the page where the action is done. */
    link: appPath(),
    /** Completes "Anda menerima email ini karena …", e.g. "Anda verifikator Bidang IKP." */
    reason: label(300),
  }),
  content(p, ctx) {
    const url = ctx.url(p.link);
    const due = formatWitaHuman(new Date(p.dueAt));
    return {
      subject: `Pengingat tenggat: ${p.item}`,
      heading: "Pengingat tenggat",
      textParagraphs: [
        `${p.item}: mohon segera ${p.action} sebelum ${due}.`,
        `Buka: ${url}`,
        "Jika tenggat terlewati, perkara ini akan diteruskan kepada atasan sesuai aturan eskalasi.",
      ],
      html: (
        <>
          <p>
            <strong>{p.item}</strong>: mohon segera {p.action} sebelum <strong>{due}</strong>.
          </p>
          <MailButton href={url} label="Buka di Simpul" />
          <p>Jika tenggat terlewati, perkara ini akan diteruskan kepada atasan sesuai aturan eskalasi.</p>
        </>
      ),
      reason: p.reason,
    };
  },
});
