import * as z from "zod";
import { formatWitaHuman } from "../../../domain/time";
import { defineTemplate, MailButton } from "../render";
import { appPath, isoMoment, label } from "../types";

/** The applicant's confirmation that a KIM registration arrived, with its tracking link (issue 5). */
export const registrationSubmitted = defineTemplate({
  params: z.object({
    /** `REG-…` */
    registrationId: label(20),
    kimName: label(),
    /** The village as people say it, e.g. "Kampung Long La'ai". */
    villageName: label(),
    /** Path of the public tracking page, e.g. `/daftar-kim/REG-…`. */
    trackingPath: appPath(),
    /** Deadline of the village head's endorsement. */
    endorsementDueAt: isoMoment(),
  }),
  content(p, ctx) {
    const url = ctx.url(p.trackingPath);
    const due = formatWitaHuman(new Date(p.endorsementDueAt));
    return {
      subject: `Pendaftaran ${p.kimName} diterima (${p.registrationId})`,
      heading: "Pendaftaran KIM diterima",
      textParagraphs: [
        `Terima kasih. Pendaftaran ${p.kimName} di ${p.villageName} sudah kami terima dengan nomor ${p.registrationId}.`,
        `Langkah berikutnya: kepala kampung/lurah memeriksa dan mengesahkan SK pembentukan paling lambat ${due}. Setelah itu Diskominfo memverifikasi pendaftaran.`,
        `Pantau perkembangannya di: ${url}`,
        "Simpan email ini. Nomor pendaftaran diperlukan bila Anda menghubungi Diskominfo.",
      ],
      html: (
        <>
          <p>
            Terima kasih. Pendaftaran <strong>{p.kimName}</strong> di {p.villageName} sudah kami terima dengan nomor{" "}
            <strong>{p.registrationId}</strong>.
          </p>
          <p>
            Langkah berikutnya: kepala kampung/lurah memeriksa dan mengesahkan SK pembentukan paling lambat{" "}
            <strong>{due}</strong>. Setelah itu Diskominfo memverifikasi pendaftaran.
          </p>
          <MailButton href={url} label="Pantau pendaftaran" />
          <p>Simpan email ini. Nomor pendaftaran diperlukan bila Anda menghubungi Diskominfo.</p>
        </>
      ),
      reason: "alamat ini dicantumkan sebagai e-mail kontak pendaftaran KIM tersebut.",
    };
  },
});
