import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, label } from "../types";
import { kimPhrase, paragraphsWithButtons, registrationParams } from "./common";

const STAGE_LABELS = {
  endorsement: "pengesahan kepala kampung/lurah",
  verification: "verifikasi Diskominfo",
  revision: "perbaikan oleh pemohon",
} as const;

const STAGES = ["endorsement", "verification", "revision"] as const;

/** To the applicant: the registration was rejected, with the stage and the reason given. */
export const registrationRejected = defineTemplate({
  params: z.object({
    ...registrationParams,
    stage: z.enum(STAGES),
    reason: label(1000),
    trackingLink: appPath(),
  }),
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `Pendaftaran ${p.kimName} ditolak`,
      heading: "Pendaftaran KIM ditolak",
      before: [
        `Mohon maaf, pendaftaran ${kimPhrase(p)} ditolak pada tahap ${STAGE_LABELS[p.stage]}.`,
        `Alasan: ${p.reason}`,
        "Kampung/kelurahan dan para anggota kini bebas untuk pendaftaran baru. Setelah hal di atas dibereskan, Anda dapat mendaftar lagi.",
      ],
      buttons: [{ label: "Lihat riwayat pendaftaran", url: ctx.url(p.trackingLink) }],
      reason: "alamat ini dicantumkan sebagai e-mail kontak pendaftaran KIM tersebut.",
    });
  },
});

/** To the applicant: the registration expired because a deadline passed without a decision or a resubmission. */
export const registrationExpired = defineTemplate({
  params: z.object({
    ...registrationParams,
    stage: z.enum(STAGES),
    reason: label(1000),
    trackingLink: appPath(),
  }),
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `Pendaftaran ${p.kimName} kedaluwarsa`,
      heading: "Pendaftaran KIM kedaluwarsa",
      before: [
        `Pendaftaran ${kimPhrase(p)} dinyatakan kedaluwarsa pada tahap ${STAGE_LABELS[p.stage]}.`,
        `Sebabnya: ${p.reason}`,
        "Kampung/kelurahan dan para anggota kini bebas untuk pendaftaran baru. Anda dapat mendaftar lagi kapan saja.",
      ],
      buttons: [{ label: "Lihat riwayat pendaftaran", url: ctx.url(p.trackingLink) }],
      reason: "alamat ini dicantumkan sebagai e-mail kontak pendaftaran KIM tersebut.",
    });
  },
});

/** To the applicant: their withdrawal was recorded. */
export const registrationWithdrawn = defineTemplate({
  params: z.object({ ...registrationParams, trackingLink: appPath() }),
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `Pendaftaran ${p.kimName} dibatalkan`,
      heading: "Pendaftaran KIM dibatalkan",
      before: [
        `Pembatalan pendaftaran ${kimPhrase(p)} sudah kami catat. Proses verifikasi dihentikan.`,
        "Kampung/kelurahan dan para anggota kini bebas untuk pendaftaran baru. Bila Anda tidak merasa membatalkan, segera hubungi Diskominfo.",
      ],
      buttons: [{ label: "Lihat riwayat pendaftaran", url: ctx.url(p.trackingLink) }],
      reason: "alamat ini dicantumkan sebagai e-mail kontak pendaftaran KIM tersebut.",
    });
  },
});
