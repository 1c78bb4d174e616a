import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, isoMoment } from "../types";
import { kimPhrase, paragraphsWithButtons, registrationParams, when } from "./common";

/**
 * To the applicant: the village head endorsed the registration (or a verifier recorded it on
 * their behalf) and it now waits for Diskominfo's verification, with the tracking link.
 */
export const registrationEndorsed = defineTemplate({
  params: z.object({
    ...registrationParams,
    /** True when a verifier recorded the endorsement on the village head's behalf. */
    onBehalf: z.boolean(),
    /** Deadline of the verification. */
    dueAt: isoMoment(),
    trackingLink: appPath(),
  }),
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `Pendaftaran ${p.kimName} telah disahkan`,
      heading: "Pendaftaran KIM telah disahkan",
      before: [
        `Pendaftaran ${kimPhrase(p)} telah disahkan kepala kampung/lurah dan menunggu verifikasi Diskominfo.`,
        ...(p.onBehalf
          ? ["Pengesahan dicatat oleh verifikator Diskominfo atas nama kepala kampung/lurah setelah memeriksa SK."]
          : []),
        `Diskominfo memverifikasi pendaftaran paling lambat ${when(p.dueAt)}. Bila ada yang perlu diperbaiki, kami mengirim tautan formulir perbaikan ke alamat ini.`,
      ],
      buttons: [{ label: "Pantau pendaftaran", url: ctx.url(p.trackingLink) }],
      reason: "alamat ini dicantumkan sebagai e-mail kontak pendaftaran KIM tersebut.",
    });
  },
});
