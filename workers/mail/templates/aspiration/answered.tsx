import * as z from "zod";
import { formatWitaHuman } from "../../../domain/time";
import { defineTemplate, MailButton } from "../render";
import { appPath, isoMoment, label } from "../types";

/** The reporter's notice that the agency answered, with the tracking link where the answer stands. */
export const aspirationAnswered = defineTemplate({
  params: z.object({
    code: label(20),
    title: label(150),
    agencyName: label(),
    trackingPath: appPath(),
    /** The end of the window to rate, accept or reopen. */
    feedbackDueAt: isoMoment(),
  }),
  content(p, ctx) {
    const url = ctx.url(p.trackingPath);
    const until = formatWitaHuman(new Date(p.feedbackDueAt));
    return {
      subject: `Laporan Anda sudah dijawab: ${p.code}`,
      heading: "Laporan Anda sudah dijawab",
      textParagraphs: [
        `${p.agencyName} sudah menjawab laporan "${p.title}" (${p.code}).`,
        `Baca jawabannya di: ${url}`,
        `Di halaman itu Anda dapat menilai jawaban, atau membuka kembali laporan bila belum puas, sampai ${until}.`,
      ],
      html: (
        <>
          <p>
            {p.agencyName} sudah menjawab laporan <strong>{p.title}</strong> ({p.code}).
          </p>
          <p>
            Di halaman itu Anda dapat menilai jawaban, atau membuka kembali laporan bila belum puas, sampai {until}.
          </p>
          <MailButton href={url} label="Baca dan nilai jawaban" />
        </>
      ),
      reason: "alamat ini dicantumkan sebagai e-mail pelapor pada laporan tersebut.",
    };
  },
});
