import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, isoMoment, label } from "../types";
import { paragraphsWithButtons, registrationParams, when } from "./common";

/**
 * To the applicant: the verifier sent the registration back, naming each part to fix and why,
 * with a signed link to the pre-filled form. `reminder` marks the reminder before the deadline.
 */
export const registrationRevisionRequest = defineTemplate({
  params: z.object({
    ...registrationParams,
    reminder: z.boolean(),
    fields: z.array(z.object({ label: label(), reason: label(1000) })).min(1),
    summary: label(1000).optional(),
    dueAt: isoMoment(),
    formLink: appPath(),
    trackingLink: appPath(),
  }),
  sensitiveParams: ["formLink"],
  content(p, ctx) {
    const due = when(p.dueAt);
    return paragraphsWithButtons({
      subject: p.reminder
        ? `Pengingat: perbaikan ${p.kimName} sebelum ${due}`
        : `Pendaftaran ${p.kimName} perlu diperbaiki`,
      heading: p.reminder ? "Pengingat perbaikan pendaftaran KIM" : "Pendaftaran KIM perlu diperbaiki",
      before: [
        `Verifikator ${ctx.officeName} meminta perbaikan pendaftaran ${p.kimName} (${p.villageName}) berikut:`,
        ...(p.summary ? [p.summary] : []),
        ...p.fields.map((f) => `• ${f.label}: ${f.reason}`),
        `Kirim perbaikan lewat formulir berikut sebelum ${due}. Formulir sudah terisi data pendaftaran Anda; NIK tidak ditampilkan lagi dan hanya perlu diisi untuk anggota baru atau bila tanggal lahir atau jenis kelamin berubah.`,
      ],
      buttons: [
        { label: "Buka formulir perbaikan", url: ctx.url(p.formLink) },
        { label: "Lihat status pendaftaran", url: ctx.url(p.trackingLink) },
      ],
      after: [
        "Bila perbaikan tidak dikirim sampai tenggat, pendaftaran dinyatakan kedaluwarsa. Tautan formulir hanya dapat dipakai untuk satu kali pengiriman.",
      ],
      reason: "alamat ini dicantumkan sebagai e-mail kontak pendaftaran KIM tersebut.",
    });
  },
});
