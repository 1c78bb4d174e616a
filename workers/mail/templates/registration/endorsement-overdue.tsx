import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, isoMoment } from "../types";
import { kimPhrase, paragraphsWithButtons, registrationParams, when } from "./common";

/** To the verifiers: the endorsement deadline passed; a second deadline runs before the registration expires. */
export const registrationEndorsementOverdue = defineTemplate({
  params: z.object({
    ...registrationParams,
    firstDueAt: isoMoment(),
    dueAt: isoMoment(),
    villageHeadOnFile: z.boolean(),
    detailLink: appPath(),
  }),
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `Pengesahan terlambat: ${p.kimName}`,
      heading: "Tenggat pengesahan terlewati",
      before: [
        `Pendaftaran ${kimPhrase(p)} belum disahkan sampai tenggat ${when(p.firstDueAt)}.`,
        p.villageHeadOnFile
          ? "Kepala kampung/lurah sudah diingatkan kembali."
          : "Tidak ada kepala kampung/lurah yang terdaftar untuk wilayah ini.",
        `Tenggat kedua: ${when(p.dueAt)}. Bila sampai saat itu belum ada keputusan, pendaftaran dinyatakan kedaluwarsa. Setelah memeriksa SK pembentukan, Anda dapat mencatat pengesahan atas nama kepala kampung/lurah dengan catatan.`,
      ],
      buttons: [{ label: "Buka pendaftaran", url: ctx.url(p.detailLink) }],
      reason: "Anda verifikator pendaftaran KIM.",
    });
  },
});
