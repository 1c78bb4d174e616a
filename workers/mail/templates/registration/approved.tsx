import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, label } from "../types";
import { kimPhrase, paragraphsWithButtons, registrationParams } from "./common";

/** To the KIM's officers (its contact address): approved, with the registration number and the certificate. */
export const registrationApproved = defineTemplate({
  params: z.object({
    ...registrationParams,
    registrationNumber: label(40),
    certificateLink: appPath(),
    membersLink: appPath(),
  }),
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `${p.kimName} resmi terdaftar: ${p.registrationNumber}`,
      heading: "Selamat, KIM Anda resmi terdaftar",
      before: [
        `Pendaftaran ${kimPhrase(p)} disetujui ${ctx.officeName}. Nomor registrasi KIM Anda: ${p.registrationNumber}.`,
        "Sertifikat pendaftaran dapat dibuka dan dicetak dari tautan berikut. Sertifikat hanya memuat nama dan jabatan pengurus.",
      ],
      buttons: [
        { label: "Buka sertifikat", url: ctx.url(p.certificateLink) },
        { label: "Ubah daftar anggota", url: ctx.url(p.membersLink) },
      ],
      after: [
        'Bila susunan anggota berubah, minta tautan perubahan dari halaman "Ubah daftar anggota"; tautan itu dikirim ke alamat ini.',
      ],
      reason: "alamat ini dicantumkan sebagai e-mail kontak KIM tersebut.",
    });
  },
});
