import { describe, expect, it } from "vitest";
import { browserAvailable, openPhoneBrowser, reloadUntil, watchPage } from "./browser";

/**
 * `/statistik` on a phone without JavaScript (issue 11): the monthly cron fires for November, the
 * flow computes and freezes it, and the public dashboard reads well at 360 px: axe-core finds no
 * serious or critical violation, it is no wider than the screen, its HTML and CSS (the charts are
 * inline SVG) stay within 60 KB, and its data table carries the figures of the JSON API.
 */

const MONTH = "2026-11";

describe.skipIf(!browserAvailable())("the statistics dashboard on a phone", () => {
  it("shows a frozen month with charts and tables that match the API", async () => {
    await using session = await openPhoneBrowser();
    const page = await session.context.newPage();
    // The monthly cron as wrangler dev fires it, at 00:00 WITA on 1 December: November is computed.
    const cron = await session.context.request.get(
      `/cdn-cgi/local/scheduled?cron=${encodeURIComponent("0 16 28-31 * *")}&time=${Date.parse("2026-11-30T16:00:00Z")}`,
    );
    expect(cron.status(), await cron.text()).toBe(200);

    const watched = watchPage(page);
    await reloadUntil(page, `/statistik/${MONTH}`, async (p) => (await p.title()).includes("November 2026"));
    expect(await watched.check()).toEqual([]);
    expect(await page.locator("svg.chart").count()).toBeGreaterThanOrEqual(2);

    const api = await session.context.request.get(`/api/v1/stats/monthly/${MONTH}`);
    const { data } = (await api.json()) as { data: { kecamatan: { name: string; figures: Record<string, number> }[] } };
    expect(data.kecamatan).toHaveLength(13);
    const table = page.locator("table", { has: page.locator("caption", { hasText: "KIM per kecamatan" }) });
    for (const k of data.kecamatan) {
      const row = table.locator("tr", { has: page.locator("th", { hasText: k.name }) }).first();
      expect(await row.locator("td[data-label='Kampung/kelurahan']").textContent(), k.name).toBe(
        String(k.figures.villages),
      );
    }
  });
});
