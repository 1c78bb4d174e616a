import { describe, expect, it } from "vitest";
import { get, grants, signedInOfficial } from "../fixtures/officials";

describe("the audit log pages with a filter that does not parse", () => {
  it("re-renders the filter form with the date's message beside it (422), not a 500", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await get("/admin/audit?from=bad&actorId=pejabat-a", { session, html: true });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<form method="get" action="/admin/audit"');
    expect(html).toMatch(
      /id="from" name="from" type="date" value="bad"\/?>\s*<div class="field-error" id="f-from-error">/,
    );
    expect(html).toContain("Tanggal harus tanggal yang benar dalam bentuk YYYY-MM-DD.");
    expect(html).toContain('value="pejabat-a"');
  });

  it("answers a forged page cursor (?sebelum=abc) with 422 and the form", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    for (const sebelum of ["abc", "-3", "1.5", "1e400"]) {
      const res = await get(`/admin/audit?sebelum=${sebelum}`, { session, html: true });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain("Halaman lanjutan tidak dikenal. Buka lagi log audit dari halaman pertama.");
      expect(html).toContain('<form method="get" action="/admin/audit"');
    }
  });

  it("answers the CSV export of a bad filter with 422 and the form, not a 500", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await get("/admin/audit/ekspor.csv?to=2026-02-30", { session, html: true });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('id="f-to-error"');
    expect(html).toContain('value="2026-02-30"');
  });
});
