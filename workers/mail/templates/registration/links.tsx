import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, isoMoment, label } from "../types";
import { paragraphsWithButtons, registrationParams, when } from "./common";

/** To the applicant, on their request from the tracking page: the signed link to withdraw the registration. */
export const registrationWithdrawLink = defineTemplate({
  params: z.object({ ...registrationParams, link: appPath(), expiresAt: isoMoment() }),
  sensitiveParams: ["link"],
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `Tautan pembatalan pendaftaran ${p.kimName}`,
      heading: "Tautan pembatalan pendaftaran KIM",
      before: [
        `Ada permintaan untuk membatalkan pendaftaran ${p.kimName} (${p.villageName}). Bila Anda yang memintanya, buka tautan berikut dan konfirmasikan pembatalannya.`,
      ],
      buttons: [{ label: "Batalkan pendaftaran", url: ctx.url(p.link) }],
      after: [
        `Tautan ini berlaku sampai ${when(p.expiresAt)} dan hanya dapat dipakai satu kali. Bila Anda tidak memintanya, abaikan email ini; pendaftaran tetap berjalan.`,
      ],
      reason: "alamat ini dicantumkan sebagai e-mail kontak pendaftaran KIM tersebut.",
    });
  },
});

/** To an active KIM's contact address, on request: the signed link to change the member list. */
export const kimMembersLink = defineTemplate({
  params: z.object({ ...registrationParams, registrationNumber: label(40), link: appPath(), expiresAt: isoMoment() }),
  sensitiveParams: ["link"],
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `Tautan perubahan anggota ${p.kimName}`,
      heading: "Tautan perubahan daftar anggota KIM",
      before: [
        `Ada permintaan untuk mengubah daftar anggota ${p.kimName} (${p.registrationNumber}). Buka tautan berikut untuk mengubahnya.`,
      ],
      buttons: [{ label: "Ubah daftar anggota", url: ctx.url(p.link) }],
      after: [
        `Tautan ini berlaku sampai ${when(p.expiresAt)} dan hanya dapat dipakai untuk satu kali penyimpanan. Bila Anda tidak memintanya, abaikan email ini.`,
      ],
      reason: "alamat ini dicantumkan sebagai e-mail kontak KIM tersebut.",
    });
  },
});

/** To an active KIM's contact address: its member list was changed (counts only), so a misused link does not go unnoticed. */
export const kimMembersChanged = defineTemplate({
  params: z.object({
    ...registrationParams,
    registrationNumber: label(40),
    added: z.number().int().min(0),
    removed: z.number().int().min(0),
    updated: z.number().int().min(0),
    at: isoMoment(),
  }),
  content(p) {
    return paragraphsWithButtons({
      subject: `Daftar anggota ${p.kimName} diubah`,
      heading: "Daftar anggota KIM diubah",
      before: [
        `Daftar anggota ${p.kimName} (${p.registrationNumber}) diubah pada ${when(p.at)}: ${p.added} anggota ditambahkan, ${p.removed} dihapus, ${p.updated} diperbarui.`,
        "Bila Anda tidak melakukan perubahan ini, segera hubungi Diskominfo.",
      ],
      reason: "alamat ini dicantumkan sebagai e-mail kontak KIM tersebut.",
    });
  },
});
