import * as z from "zod";
import { formatWitaHuman } from "../../domain/time";
import { defineTemplate, MailButton } from "./render";
import { appPath, isoMoment } from "./types";

/** The one-time sign-in link for officials (issue 4). */
export const signInLink = defineTemplate({
  params: z.object({
    /** Path of the sign-in link, token included, e.g. `/masuk/tautan?token=…`. */
    link: appPath(),
    /** When the link stops working. */
    expiresAt: isoMoment(),
  }),
  sensitiveParams: ["link"],
  content(p, ctx) {
    const url = ctx.url(p.link);
    const until = formatWitaHuman(new Date(p.expiresAt));
    return {
      subject: "Tautan masuk ke Simpul",
      heading: "Tautan masuk ke Simpul",
      textParagraphs: [
        "Gunakan tautan berikut untuk masuk ke Simpul:",
        url,
        `Tautan ini berlaku sampai ${until} dan hanya dapat dipakai satu kali. Jangan teruskan email ini kepada siapa pun.`,
        "Jika Anda tidak meminta tautan ini, abaikan email ini; akun Anda tetap aman.",
      ],
      html: (
        <>
          <p>Gunakan tombol berikut untuk masuk ke Simpul.</p>
          <MailButton href={url} label="Masuk ke Simpul" />
          <p>
            Tautan ini berlaku sampai <strong>{until}</strong> dan hanya dapat dipakai satu kali. Jangan teruskan email
            ini kepada siapa pun.
          </p>
          <p>Jika Anda tidak meminta tautan ini, abaikan email ini; akun Anda tetap aman.</p>
        </>
      ),
      reason: "ada permintaan masuk ke Simpul dengan alamat email ini.",
    };
  },
});
