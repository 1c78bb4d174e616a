import * as z from "zod";
import { defineTemplate, MailButton } from "./render";
import { appPath, label } from "./types";

/**
 * Tells a newly added official that they have an account (issue 4). It carries no token: the
 * official asks for a 15-minute sign-in link on the sign-in page when they are ready.
 */
export const officialInvite = defineTemplate({
  params: z.object({
    /** The roles given, as people read them, e.g. "Verifikator Diskominfo". */
    roles: label(500),
    /** Path of the sign-in page. */
    signInPath: appPath(),
  }),
  content(p, ctx) {
    const url = ctx.url(p.signInPath);
    return {
      subject: "Akun Simpul Anda sudah dibuat",
      heading: "Akun Simpul Anda sudah dibuat",
      textParagraphs: [
        `Administrator ${ctx.officeName} menambahkan Anda sebagai pejabat di Simpul dengan peran: ${p.roles}.`,
        `Untuk masuk, buka ${url}, tulis alamat e-mail ini, lalu tekan tautan masuk yang kami kirim.`,
        `Jika Anda merasa tidak seharusnya menerima e-mail ini, abaikan saja atau hubungi ${ctx.officeName}.`,
      ],
      html: (
        <>
          <p>
            Administrator {ctx.officeName} menambahkan Anda sebagai pejabat di Simpul dengan peran:{" "}
            <strong>{p.roles}</strong>.
          </p>
          <p>Untuk masuk, buka halaman masuk, tulis alamat e-mail ini, lalu tekan tautan masuk yang kami kirim.</p>
          <MailButton href={url} label="Buka halaman masuk" />
          <p>Jika Anda merasa tidak seharusnya menerima e-mail ini, abaikan saja atau hubungi {ctx.officeName}.</p>
        </>
      ),
      reason: "seorang administrator Simpul mendaftarkan alamat ini sebagai akun pejabat.",
    };
  },
});
