import { describe, expect, it } from "vitest";
import { baseUrl, browserAvailable, openPhoneBrowser, reloadUntil, signIn, watchPage } from "./browser";

/**
 * `/statistik` on a phone without JavaScript (issue 11): an administrator backfills last month, the
 * flow computes and freezes it, and the public dashboard reads well at 360 px: axe-core finds no
 * serious or critical violation, it is no wider than the screen, its HTML and CSS (the charts are
 * inline SVG) stay within 60 KB, and its data table carries the figures of the JSON API.
 */

const MONTH = "2026-11";

describe.skipIf(!browserAvailable())("the statistics dashboard on a phone", () => {
  it("shows a frozen month with charts and tables that match the API", async () => {
    await using session = await openPhoneBrowser();
    await session.context.setExtraHTTPHeaders({ "cf-connecting-ip": "198.51.100.211" });
    const page = await session.context.newPage();
    await signIn(page, "admin@simpul.example");
    const started = await session.context.request.post("/api/v1/admin/stats/backfill", {
      data: { from: MONTH, to: MONTH },
      headers: { origin: baseUrl() },
    });
    expect(started.status(), await started.text()).toBe(200);

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
