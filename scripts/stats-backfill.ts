/**
 * `npm run stats:backfill -- --from 2025-01 --to 2026-11 [--url http://localhost:8787]`
 *
 * Computes past months on the local server (`npm start`): for each month it fires the monthly cron
 * through wrangler dev's `/cdn-cgi/local/scheduled`, dated 00:00 WITA on the 1st of the next month,
 * exactly as the cron does in production. A month already computed is left as it is (its instance
 * `stats-YYYY-MM` exists). On Cloudflare, use `POST /api/v1/admin/stats/backfill` as an administrator.
 */
import { isStatsMonth, monthBounds, shiftMonth } from "../workers/domain/stats/month";
import { MONTHLY_STATS_CRON } from "../workers/services/stats/trigger";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const from = option("from") ?? "";
const to = option("to") ?? "";
const url = option("url") ?? "http://localhost:8787";
if (!isStatsMonth(from) || !isStatsMonth(to) || from > to) {
  console.error("usage: npm run stats:backfill -- --from YYYY-MM --to YYYY-MM [--url http://localhost:8787]");
  process.exit(2);
}

let done = 0;
const total =
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;
for (let month = from; month <= to && done < 1200; month = shiftMonth(month, 1)) {
  // The cron fires at 16:00 UTC on the month's last day: 00:00 WITA on the 1st of the next.
  const time = Date.parse(monthBounds(month).end);
  const res = await fetch(`${url}/cdn-cgi/local/scheduled?cron=${encodeURIComponent(MONTHLY_STATS_CRON)}&time=${time}`);
  done += 1;
  console.log(
    `[${done}/${total}] ${month}: ${res.ok ? "started (or already computed)" : `failed, HTTP ${res.status}`}`,
  );
  if (!res.ok) process.exit(1);
}
console.log(`Done. The figures appear at ${url}/statistik as each month's flow finishes.`);
