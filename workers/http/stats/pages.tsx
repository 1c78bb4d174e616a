import { Hono } from "hono";
import { isStatsMonth } from "../../domain/stats/month";
import {
  latestMonth,
  type MonthlyReport,
  monthlyReport,
  reportCsv,
  twelveMonthSeries,
} from "../../services/stats/report";
import { frozenMonths } from "../../services/stats/snapshots";
import { StatsDashboardPage } from "../../views/stats/dashboard";
import type { AppEnv } from "../context";

/** The public statistics: `/statistik` (the latest month, or `?bulan=`), `/statistik/:month` and its CSV. */
export const statsPages = new Hono<AppEnv>()
  .get("/statistik", async (c) => {
    const asked = c.req.query("bulan");
    if (asked && isStatsMonth(asked)) return c.redirect(`/statistik/${asked}`, 303);
    const month = await latestMonth(c.var.db);
    const report: MonthlyReport | undefined = month ? await monthlyReport(c.var.db, month) : undefined;
    const series = month ? await twelveMonthSeries(c.var.db, month) : undefined;
    return c.html(<StatsDashboardPage report={report} months={await frozenMonths(c.var.db)} series={series} />);
  })
  .get("/statistik/:file{[0-9]{4}-[0-9]{2}\\.csv}", async (c) => {
    const month = c.req.param("file").slice(0, 7);
    const report = await monthlyReport(c.var.db, month);
    return c.body(reportCsv(report), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="statistik-kim-${month}.csv"`,
    });
  })
  .get("/statistik/:month{[0-9]{4}-[0-9]{2}}", async (c) => {
    const report = await monthlyReport(c.var.db, c.req.param("month"));
    const series = await twelveMonthSeries(c.var.db, report.month);
    return c.html(<StatsDashboardPage report={report} months={await frozenMonths(c.var.db)} series={series} />);
  });
