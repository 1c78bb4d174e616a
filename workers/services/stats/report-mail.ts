import type { AppConfig } from "../../config";
import type { Db } from "../../db";
import { formatNumberId } from "../../domain/number-format";
import { METRIC_LABELS } from "../../domain/stats/figures";
import type { MailQueueMessage } from "../../mail/messages";
import { enqueueMail, MAX_RECIPIENTS } from "../../mail/outbox";
import { escalationRecipients } from "../directory";
import { roleHolderEmails } from "../recipients";
import { HEADLINE_METRICS, monthlyReport } from "./report";

/**
 * The monthly report to leadership and Diskominfo's head, once per frozen version (dedupe key
 * `stats-YYYY-MM-vN`): a replayed step or a second run sends nothing more.
 */
export async function sendMonthlyReport(
  deps: { db: Db; queue: Queue<MailQueueMessage>; config: AppConfig; now: Date },
  input: { month: string; version: number },
): Promise<{ sent: boolean }> {
  const report = await monthlyReport(deps.db, input.month);
  if (report.version !== input.version) return { sent: false };
  const to = [
    ...new Set([
      ...(await roleHolderEmails(deps.db, "leadership")),
      ...(await escalationRecipients({ db: deps.db }, "leadership")),
      ...(await escalationRecipients({ db: deps.db }, "verifier_head")),
    ]),
  ].slice(0, MAX_RECIPIENTS);
  if (to.length === 0) return { sent: false };
  const number = (v: number | null | undefined, suffix = "") =>
    v === null || v === undefined ? "-" : `${formatNumberId(v)}${suffix}`;
  const pct = (m: string) => (m.endsWith("_pct") ? "%" : "");
  await enqueueMail(
    { db: deps.db, queue: deps.queue, config: deps.config, now: deps.now },
    {
      template: "stats_monthly_report",
      to,
      params: {
        monthLabel: report.monthLabel,
        version: report.version,
        headline: HEADLINE_METRICS.map((m) => ({ label: METRIC_LABELS[m], value: number(report.regency[m], pct(m)) })),
        lowestCoverage: [...report.kecamatan]
          .filter((k) => typeof k.figures.coverage_pct === "number")
          .sort((a, b) => (a.figures.coverage_pct ?? 0) - (b.figures.coverage_pct ?? 0))
          .slice(0, 3)
          .map((k) => ({ label: k.name, value: number(k.figures.coverage_pct, "%") })),
        mostOverdue: [...report.agencies]
          .filter((a) => (a.figures.overdue_at_month_end ?? 0) > 0)
          .sort((a, b) => (b.figures.overdue_at_month_end ?? 0) - (a.figures.overdue_at_month_end ?? 0))
          .slice(0, 5)
          .map((a) => ({ label: a.name, value: `${number(a.figures.overdue_at_month_end)} terlambat` })),
        dashboardPath: `/statistik/${input.month}`,
        csvPath: `/statistik/${input.month}.csv`,
      },
      dedupeKey: `stats-${input.month}-v${input.version}`,
    },
  );
  return { sent: true };
}
