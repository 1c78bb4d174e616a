import * as z from "zod";
import { defineTemplate, MailButton } from "./render";
import { appPath } from "./types";

/** To administrators: a process instance keeps failing and the nightly sweeper's restarts do not help. */
export const workflowStranded = defineTemplate({
  params: z.object({
    /** What the process handles, as people name it: "Pendaftaran KIM". */
    process: z.string().min(1).max(100),
    /** The record's public id (never personal data). */
    recordId: z.string().min(1).max(100),
    /** How often the sweeper has restarted or re-created its instance so far. */
    repairs: z.number().int().min(1),
    /** What the sweeper found this time. */
    found: z.enum(["missing", "errored", "terminated"]),
    /** The officials' page of the record. */
    detailPath: appPath(),
  }),
  content(p, ctx) {
    const url = ctx.url(p.detailPath);
    const found = { missing: "tidak ada", errored: "berhenti karena galat", terminated: "dihentikan" }[p.found];
    const summary = `Proses otomatis ${p.process} ${p.recordId} gagal berulang kali: sudah ${p.repairs} kali dijalankan ulang oleh pemeriksaan malam, dan kali ini prosesnya ${found}.`;
    const advice =
      "Tenggat, pengingat, dan email untuk data ini mungkin tidak berjalan. Periksa log Workflow di dasbor Cloudflare, lalu tangani data ini secara manual bila perlu.";
    return {
      subject: `Simpul: proses ${p.process} ${p.recordId} gagal berulang kali`,
      heading: "Proses otomatis gagal berulang kali",
      textParagraphs: [summary, advice, `Buka data: ${url}`],
      html: (
        <>
          <p>{summary}</p>
          <p>{advice}</p>
          <MailButton href={url} label="Buka data" />
        </>
      ),
      reason: "Anda terdaftar sebagai administrator Simpul.",
    };
  },
});
