import * as z from "zod";
import { formatWitaHuman } from "../../../domain/time";
import { defineTemplate, MailButton } from "../render";
import { appPath, isoMoment, label } from "../types";

/** The reporter's notice that a verifier needs more information before the report can go on. */
export const aspirationInfoRequested = defineTemplate({
  params: z.object({
    code: label(20),
    title: label(150),
    replyDueAt: isoMoment(),
    trackingPath: appPath(),
  }),
  content(p, ctx) {
    const url = ctx.url(p.trackingPath);
    const due = formatWitaHuman(new Date(p.replyDueAt));
    return {
      subject: `Mohon lengkapi laporan Anda: ${p.code}`,
      heading: "Mohon lengkapi laporan Anda",
      textParagraphs: [
        `Verifikator Diskominfo memerlukan keterangan tambahan untuk laporan "${p.title}" (${p.code}).`,
        `Baca pertanyaannya dan kirim jawaban Anda paling lambat ${due} di: ${url}`,
        "Bila tidak ada jawaban sampai batas itu, laporan ditutup.",
      ],
      html: (
        <>
          <p>
            Verifikator Diskominfo memerlukan keterangan tambahan untuk laporan <strong>{p.title}</strong> ({p.code}).
          </p>
          <p>
            Kirim jawaban Anda paling lambat <strong>{due}</strong>. Bila tidak ada jawaban sampai batas itu, laporan
            ditutup.
          </p>
          <MailButton href={url} label="Lengkapi laporan" />
        </>
      ),
      reason: "alamat ini dicantumkan sebagai e-mail pelapor pada laporan tersebut.",
    };
  },
});
