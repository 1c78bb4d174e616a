import * as z from "zod";
import { defineTemplate, MailButton } from "../render";
import { appPath, label } from "../types";

const figure = z.object({ label: label(80), value: label(40) });

/**
 * Leadership's monthly report, sent when a month's figures are frozen: the headline figures, the
 * three kecamatan with the lowest KIM coverage and the agencies with the most overdue cases. Counts
 * and names of places and agencies only: no person.
 */
export const statsMonthlyReport = defineTemplate({
  params: z.object({
    monthLabel: label(40),
    version: z.number().int().min(1),
    headline: z.array(figure).max(12),
    lowestCoverage: z.array(figure).max(3),
    mostOverdue: z.array(figure).max(5),
    dashboardPath: appPath(),
    csvPath: appPath(),
  }),
  content(p, ctx) {
    const revised = p.version > 1 ? ` (revisi ${p.version})` : "";
    const lines = (items: { label: string; value: string }[]) =>
      items.map((i) => `- ${i.label}: ${i.value}`).join("\n");
    const list = (items: { label: string; value: string }[]) => (
      <ul>
        {items.map((i) => (
          <li>
            {i.label}: <strong>{i.value}</strong>
          </li>
        ))}
      </ul>
    );
    return {
      subject: `Statistik KIM dan aspirasi ${p.monthLabel}${revised}`,
      heading: `Statistik ${p.monthLabel}${revised}`,
      textParagraphs: [
        lines(p.headline),
        ...(p.lowestCoverage.length > 0 ? [`Cakupan KIM terendah:\n${lines(p.lowestCoverage)}`] : []),
        ...(p.mostOverdue.length > 0 ? [`Aspirasi terlambat terbanyak:\n${lines(p.mostOverdue)}`] : []),
        `Dasbor: ${ctx.url(p.dashboardPath)}`,
        `Unduh CSV: ${ctx.url(p.csvPath)}`,
      ],
      html: (
        <>
          {list(p.headline)}
          {p.lowestCoverage.length > 0 ? (
            <>
              <p>Cakupan KIM terendah:</p>
              {list(p.lowestCoverage)}
            </>
          ) : null}
          {p.mostOverdue.length > 0 ? (
            <>
              <p>Aspirasi terlambat terbanyak:</p>
              {list(p.mostOverdue)}
            </>
          ) : null}
          <MailButton href={ctx.url(p.dashboardPath)} label="Buka dasbor statistik" />
          <p>
            <a href={ctx.url(p.csvPath)}>Unduh CSV</a>
          </p>
        </>
      ),
      reason: "Anda tercantum sebagai pimpinan yang menerima laporan bulanan Simpul.",
    };
  },
});
