import * as z from "zod";
import { defineTemplate, MailButton } from "../render";
import { appPath, label } from "../types";

/** The reporter's notice that the agency answered, with the tracking link where the answer stands. */
export const aspirationAnswered = defineTemplate({
  params: z.object({
    code: label(20),
    title: label(150),
    agencyName: label(),
    trackingPath: appPath(),
  }),
  content(p, ctx) {
    const url = ctx.url(p.trackingPath);
    return {
      subject: `Laporan Anda sudah dijawab: ${p.code}`,
      heading: "Laporan Anda sudah dijawab",
      textParagraphs: [
        `${p.agencyName} sudah menjawab laporan "${p.title}" (${p.code}).`,
        `Baca jawabannya di: ${url}`,
      ],
      html: (
        <>
          <p>
            {p.agencyName} sudah menjawab laporan <strong>{p.title}</strong> ({p.code}).
          </p>
          <MailButton href={url} label="Baca jawaban" />
        </>
      ),
      reason: "alamat ini dicantumkan sebagai e-mail pelapor pada laporan tersebut.",
    };
  },
});
