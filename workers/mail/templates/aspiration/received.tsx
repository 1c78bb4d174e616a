import * as z from "zod";
import { formatWitaHuman } from "../../../domain/time";
import { defineTemplate, MailButton } from "../render";
import { appPath, isoMoment, label } from "../types";

/**
 * The reporter's confirmation that an aspiration arrived, with its tracking code. It repeats
 * only what the reporter wrote as the title: never the description, which may hold more than a
 * mailbox should keep.
 */
export const aspirationReceived = defineTemplate({
  params: z.object({
    /** `ASP-7K3Q-H9TM` */
    code: label(20),
    title: label(150),
    /** Path of the public tracking page, e.g. `/lacak/ASP-7K3Q-H9TM`. */
    trackingPath: appPath(),
    /** Deadline of Diskominfo's verification. */
    verificationDueAt: isoMoment(),
  }),
  content(p, ctx) {
    const url = ctx.url(p.trackingPath);
    const due = formatWitaHuman(new Date(p.verificationDueAt));
    return {
      subject: `Laporan Anda diterima: ${p.code}`,
      heading: "Laporan Anda sudah kami terima",
      textParagraphs: [
        `Terima kasih. Laporan "${p.title}" sudah kami terima dengan kode pelacakan ${p.code}.`,
        `Diskominfo memeriksa laporan dan meneruskannya kepada perangkat daerah yang berwenang paling lambat ${due}.`,
        `Pantau perkembangannya di: ${url}`,
        "Simpan kode pelacakan ini. Siapa pun yang memegang kode dapat melihat perkembangan laporan, tetapi tidak dapat melihat identitas Anda.",
      ],
      html: (
        <>
          <p>
            Terima kasih. Laporan <strong>{p.title}</strong> sudah kami terima dengan kode pelacakan{" "}
            <strong>{p.code}</strong>.
          </p>
          <p>
            Diskominfo memeriksa laporan dan meneruskannya kepada perangkat daerah yang berwenang paling lambat{" "}
            <strong>{due}</strong>.
          </p>
          <MailButton href={url} label="Pantau laporan" />
          <p>
            Simpan kode pelacakan ini. Siapa pun yang memegang kode dapat melihat perkembangan laporan, tetapi tidak
            dapat melihat identitas Anda.
          </p>
        </>
      ),
      reason: "alamat ini dicantumkan sebagai e-mail pelapor pada laporan tersebut.",
    };
  },
});
