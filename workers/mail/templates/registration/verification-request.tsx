import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, isoMoment } from "../types";
import { kimPhrase, paragraphsWithButtons, registrationParams, when } from "./common";

/** To the verifiers: a registration is ready for verification (endorsed, or resubmitted after revision). */
export const registrationVerificationRequest = defineTemplate({
  params: z.object({
    ...registrationParams,
    resubmitted: z.boolean(),
    dueAt: isoMoment(),
    detailLink: appPath(),
  }),
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `${p.resubmitted ? "Perbaikan masuk" : "Siap diverifikasi"}: ${p.kimName}`,
      heading: p.resubmitted ? "Perbaikan pendaftaran KIM siap diverifikasi" : "Pendaftaran KIM siap diverifikasi",
      before: [
        p.resubmitted
          ? `Pemohon sudah mengirim perbaikan pendaftaran ${kimPhrase(p)}.`
          : `Pendaftaran ${kimPhrase(p)} sudah disahkan kepala kampung/lurah.`,
        `Mohon verifikasi sebelum ${when(p.dueAt)}: setujui, tolak dengan alasan, atau kembalikan untuk perbaikan.`,
      ],
      buttons: [{ label: "Verifikasi sekarang", url: ctx.url(p.detailLink) }],
      reason: "Anda verifikator pendaftaran KIM.",
    });
  },
});
