import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, isoMoment, label } from "../types";
import { formatDateId, isoDate, kimPhrase, paragraphsWithButtons, registrationParams, when } from "./common";

/**
 * To a village head: please endorse (confirm the formation decree of) a KIM registration of
 * their village, with one link to endorse and one to refuse. `kind` is the first request, the
 * reminder before the deadline, or the last reminder after it passed (`final`, with the second
 * deadline). The links act without signing in, so they are blanked in the outbox once sent.
 */
export const registrationEndorsementRequest = defineTemplate({
  params: z.object({
    ...registrationParams,
    kind: z.enum(["request", "reminder", "final"]),
    decreeNumber: label(),
    decreeDate: isoDate(),
    decreeIssuer: label(),
    dueAt: isoMoment(),
    endorseLink: appPath(),
    rejectLink: appPath(),
  }),
  sensitiveParams: ["endorseLink", "rejectLink"],
  content(p, ctx) {
    const due = when(p.dueAt);
    const subjects = {
      request: `Mohon pengesahan pendaftaran ${p.kimName}`,
      reminder: `Pengingat: pengesahan ${p.kimName} sebelum ${due}`,
      final: `Tenggat terlewati: pengesahan ${p.kimName}`,
    };
    const opening = {
      request: `${kimPhrase(p)} mendaftar ke ${ctx.officeName}. Sebelum diverifikasi, pendaftaran ini perlu pengesahan Anda sebagai kepala kampung/lurah.`,
      reminder: `Pendaftaran ${kimPhrase(p)} masih menunggu pengesahan Anda.`,
      final: `Tenggat pengesahan pendaftaran ${kimPhrase(p)} sudah terlewati. Verifikator Diskominfo sudah diberi tahu. Pendaftaran diberi tenggat kedua.`,
    };
    return paragraphsWithButtons({
      subject: subjects[p.kind],
      heading: p.kind === "request" ? "Mohon pengesahan pendaftaran KIM" : "Pengingat pengesahan pendaftaran KIM",
      before: [
        opening[p.kind],
        `SK pembentukan: nomor ${p.decreeNumber}, tanggal ${formatDateId(p.decreeDate)}, diterbitkan oleh ${p.decreeIssuer}.`,
        `Mohon periksa SK tersebut lalu sahkan atau tolak pendaftaran ini sebelum ${due}. Bila sampai tenggat ${p.kind === "final" ? "ini" : "kedua"} tidak ada keputusan, pendaftaran dinyatakan kedaluwarsa.`,
      ],
      buttons: [
        { label: "Sahkan pendaftaran", url: ctx.url(p.endorseLink) },
        { label: "Tolak pendaftaran", url: ctx.url(p.rejectLink) },
      ],
      after: [
        "Setiap tautan membuka halaman konfirmasi dahulu dan hanya dapat dipakai satu kali. Jangan teruskan email ini kepada orang lain.",
      ],
      reason: "Anda tercatat sebagai kepala kampung/lurah untuk wilayah KIM ini.",
    });
  },
});
