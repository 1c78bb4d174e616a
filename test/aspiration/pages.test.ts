import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { freshReport, postAspiration } from "../fixtures/aspirations";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE, freshIp } from "../fixtures/registration-intake";

beforeAll(() => seedReferenceData(env.DB));

const page = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("accept", "text/html");
  headers.set("cf-connecting-ip", headers.get("cf-connecting-ip") ?? freshIp());
  return exports.default.fetch(`${BASE}${path}`, { redirect: "manual", ...init, headers });
};

/** The form's one-time token, read from a freshly rendered form. */
async function formToken(): Promise<string> {
  const html = await (await page("/aspirasi")).text();
  return /name="_token" value="([^"]+)"/.exec(html)?.[1] ?? "";
}

async function postForm(fields: Record<string, string>, ip = freshIp()) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return page("/aspirasi", { method: "POST", body: form, headers: { origin: BASE, "cf-connecting-ip": ip } });
}

describe("the aspiration form /aspirasi", () => {
  it("offers the kinds, the categories by name, the villages by kecamatan, and anonim by default", async () => {
    const res = await page("/aspirasi");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Pengaduan");
    expect(html).toContain(">Jalan dan jembatan</option>");
    expect(html).toContain('label="Kecamatan Kelay"');
    expect(html).toMatch(/value="anonim" checked/);
    expect(html).toContain('name="situs"');
  });

  it("sends a report and lands on its tracking page with the code", async () => {
    const token = await formToken();
    const res = await postForm({ _token: token, ...(freshReport() as Record<string, string>), privacy: "anonim" });
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/lacak\/ASP-[A-Z2-9]{4}-[A-Z2-9]{4}\?terkirim=1$/);
    const tracking = await page(location);
    expect(tracking.status).toBe(200);
    expect(tracking.headers.get("cache-control")).toBe("no-store");
    const html = await tracking.text();
    expect(html).toContain("Laporan terkirim.");
    expect(html).toContain("Diterima, menunggu verifikasi");
  });

  it("shows the form again with every typed value and each error beside its field", async () => {
    const token = await formToken();
    const res = await postForm({ _token: token, kind: "pengaduan", title: "Hai", reporterName: "Siti <b>" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Judul paling sedikit 5 karakter.");
    expect(html).toContain("Kategori wajib dipilih.");
    expect(html).toContain('value="Hai"');
    expect(html).toContain("Siti &lt;b&gt;");
    expect(html).not.toContain("Siti <b>");
  });

  it("refuses a filled honeypot and a form without its token", async () => {
    const bot = await postForm({ _token: await formToken(), ...(freshReport() as Record<string, string>), situs: "x" });
    expect(bot.status).toBe(400);
    const stale = await postForm({ _token: "tidak-sah", ...(freshReport() as Record<string, string>) });
    expect(stale.status).toBe(422);
    expect(await stale.text()).toContain("Formulir ini sudah terlalu lama terbuka");
  });
});

describe("the tracking pages /lacak", () => {
  it("finds a case by a code typed loosely, and says so plainly for an unknown one", async () => {
    const { code } = (await (await postAspiration(freshReport())).json()) as { code: string };
    const found = await page(`/lacak?kode=${encodeURIComponent(code.toLowerCase())}`);
    expect(found.status).toBe(303);
    expect(found.headers.get("location")).toBe(`/lacak/${code}`);
    const unknown = await page("/lacak/ASP-2222-2222");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Laporan dengan kode itu tidak ditemukan");
  });
});
