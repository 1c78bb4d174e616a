import * as z from "zod";
import { defineTemplate } from "../render";
import { appPath, isoMoment } from "../types";
import { kimPhrase, paragraphsWithButtons, registrationParams, when } from "./common";

/** To the verifiers: a registration waits for endorsement, but no village head of its village is on file. */
export const registrationNoVillageHead = defineTemplate({
  params: z.object({ ...registrationParams, dueAt: isoMoment(), detailLink: appPath() }),
  content(p, ctx) {
    return paragraphsWithButtons({
      subject: `Tidak ada kepala kampung/lurah terdaftar: ${p.kimName}`,
      heading: "Pendaftaran KIM tanpa kepala kampung/lurah terdaftar",
      before: [
        `${kimPhrase(p)} menunggu pengesahan, tetapi Simpul tidak memiliki kepala kampung/lurah yang terdaftar untuk wilayah itu, sehingga permintaan pengesahan tidak dapat dikirim.`,
        `Mohon hubungi kepala kampung/lurah, periksa SK pembentukannya, lalu catat pengesahan atas namanya di Simpul sebelum ${when(p.dueAt)}; atau tambahkan akun kepala kampung/lurah di menu Administrasi.`,
      ],
      buttons: [{ label: "Buka pendaftaran", url: ctx.url(p.detailLink) }],
      reason: "Anda verifikator pendaftaran KIM.",
    });
  },
});
