import * as z from "zod";
import { defineTemplate, MailButton } from "../render";
import { appPath, label } from "../types";

const WHAT = {
  extension: {
    subject: "Permintaan perpanjangan waktu",
    lead: "meminta perpanjangan waktu untuk menindaklanjuti aspirasi",
    ask: "Sebagai kepala OPD, mohon setujui atau tolak permintaan ini.",
  },
  transfer: {
    subject: "Permintaan pengalihan aspirasi",
    lead: "meminta aspirasi ini dialihkan ke perangkat daerah lain:",
    ask: "Sebagai verifikator, mohon setujui atau tolak pengalihan ini.",
  },
} as const;

/**
 * An agency asked for something only another official decides: more time (its head) or a transfer
 * (the verifiers). Names the case by title and code, never the reporter.
 */
export const aspirationDecisionNeeded = defineTemplate({
  params: z.object({
    what: z.enum(["extension", "transfer"]),
    code: label(20),
    title: label(150),
    agencyName: label(),
    link: appPath(),
  }),
  content(p, ctx) {
    const w = WHAT[p.what];
    const url = ctx.url(p.link);
    return {
      subject: `${w.subject}: ${p.code}`,
      heading: w.subject,
      textParagraphs: [`${p.agencyName} ${w.lead} "${p.title}" (${p.code}).`, w.ask, `Buka: ${url}`],
      html: (
        <>
          <p>
            {p.agencyName} {w.lead} <strong>{p.title}</strong> ({p.code}).
          </p>
          <p>{w.ask}</p>
          <MailButton href={url} label="Buka aspirasi" />
        </>
      ),
      reason: "Anda berwenang memutuskan permintaan ini.",
    };
  },
});
