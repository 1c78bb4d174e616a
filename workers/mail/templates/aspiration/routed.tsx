import * as z from "zod";
import { formatWitaHuman } from "../../../domain/time";
import { defineTemplate, MailButton } from "../render";
import { appPath, isoMoment, label } from "../types";

/**
 * A case routed to an agency, for its officers. It names the case by its title and code only:
 * never the reporter, whom an agency does not learn.
 */
export const aspirationRouted = defineTemplate({
  params: z.object({
    code: label(20),
    title: label(150),
    agencyName: label(),
    dueAt: isoMoment(),
    link: appPath(),
    /** True when the agency had no officer yet and this goes to the verifiers instead. */
    noOfficer: z.boolean().default(false),
  }),
  content(p, ctx) {
    const url = ctx.url(p.link);
    const due = formatWitaHuman(new Date(p.dueAt));
    const lead = p.noOfficer
      ? `Aspirasi ${p.code} diteruskan ke ${p.agencyName}, tetapi OPD itu belum memiliki petugas penghubung di Simpul. Undang petugasnya agar aspirasi ini ditangani.`
      : `Aspirasi ${p.code} diteruskan kepada ${p.agencyName} untuk ditindaklanjuti.`;
    return {
      subject: p.noOfficer
        ? `Belum ada petugas OPD untuk aspirasi ${p.code}`
        : `Aspirasi baru untuk ${p.agencyName}: ${p.code}`,
      heading: p.noOfficer ? "OPD belum memiliki petugas" : "Aspirasi baru untuk OPD Anda",
      textParagraphs: [lead, `Judul: ${p.title}`, `Jawab paling lambat ${due}.`, `Buka aspirasi: ${url}`],
      html: (
        <>
          <p>{lead}</p>
          <p>
            Judul: <strong>{p.title}</strong>
          </p>
          <p>
            Jawab paling lambat <strong>{due}</strong>.
          </p>
          <MailButton href={url} label="Buka aspirasi" />
        </>
      ),
      reason: p.noOfficer ? "Anda verifikator Diskominfo." : `Anda petugas penghubung ${p.agencyName}.`,
    };
  },
});
