import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../workers/db";
import { auditEntry } from "../../workers/services/audit";
import { createOfficial, get, grants, postForm, signedInOfficial, VILLAGE } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

/** Issue 9, item 19: the admin area speaks to people, not in codes. */

const db = createDb(env.DB);

beforeAll(async () => {
  await seedReferenceData(env.DB);
});

/** One form field's label, hint and messages: from its `<div class="field…">` up to its control. */
function fieldBlock(html: string, id: string): string {
  const at = html.indexOf(`id="${id}"`);
  expect(at, `field ${id}`).toBeGreaterThan(-1);
  const start = Math.max(
    html.lastIndexOf('<div class="field"', at),
    html.lastIndexOf('<div class="field invalid"', at),
  );
  return html.slice(start, at);
}

describe("the invite form", () => {
  it("offers the villages by kecamatan and the agencies by name instead of a typed code", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const html = await (await get("/admin/pejabat", { session })).text();
    expect(html).toMatch(/<select[^>]*name="scopeId"/);
    expect(html).toContain('<optgroup label="Kecamatan Segah">');
    expect(html).toContain(`<option value="${VILLAGE}">Kampung Long La&#39;ai</option>`);
    expect(html).toContain('<optgroup label="OPD">');
    expect(html).toContain('<option value="pupr">Dinas Pekerjaan Umum dan Penataan Ruang</option>');
    expect(html).not.toMatch(/<input[^>]*name="scopeId"/);
  });

  it("keeps every value after an error and shows the message beside its field, never the raw field name", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await postForm(
      "/admin/pejabat",
      { name: "Rina Lestari", email: "rina@example.go.id", role: "village_head", scopeId: "" },
      { session },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain("<code>scopeId</code>");
    expect(html).not.toMatch(/>\s*scopeId\s*</);
    expect(html).toContain('value="Rina Lestari"');
    expect(html).toContain('value="rina@example.go.id"');
    expect(html).toContain('<option value="village_head" selected="">');
    const scope = fieldBlock(html, "f-scopeId");
    expect(scope).toContain('<div class="field invalid">');
    expect(scope).toContain("Pilih kampung/kelurahan dari daftar untuk peran Kepala kampung/lurah.");

    const badEmail = await postForm(
      "/admin/pejabat",
      { name: "Rina", email: "bukan-email", role: "agency_head", scopeId: "pupr" },
      { session },
    );
    const again = await badEmail.text();
    expect(again).toContain('<option value="agency_head" selected="">');
    expect(again).toContain('<option value="pupr" selected="">');
    expect(fieldBlock(again, "f-email")).toContain("Tulis alamat e-mail yang benar.");
    expect(again).toContain('<a href="#f-email">E-mail dinas: Tulis alamat e-mail yang benar.</a>');
  });

  it("grants a village role picked from the list, and names the village in the list of officials", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const lurah = await createOfficial({ name: "Pak Lurah Uji" });
    const res = await postForm(
      `/admin/pejabat/${lurah.id}/peran`,
      { role: "village_head", scopeId: VILLAGE },
      { session },
    );
    expect(res.status).toBe(303);
    const list = await (await get("/admin/pejabat", { session })).text();
    expect(list).toContain("Kepala Kampung Long La&#39;ai");
  });
});

describe("the audit log", () => {
  it("shows actors by name with their role, actions in Bahasa Indonesia, one line per entry, filtered by name", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const tag = crypto.randomUUID().slice(0, 8);
    const verifier = await createOfficial({ name: `Siti Verifikator ${tag}`, grants: [grants.verifier()] });
    const other = await createOfficial({ name: `Budi Lain ${tag}`, grants: [grants.villageHead()] });
    await db.batch([
      auditEntry(db, {
        actor: { type: "official", id: verifier.id },
        action: "registration.approve",
        subject: { type: "registration", id: `REG-${tag}` },
        requestId: "req-1",
        at: new Date("2026-03-12T02:05:00Z"),
      }),
      auditEntry(db, {
        actor: { type: "official", id: other.id },
        action: "registration.endorse",
        subject: { type: "registration", id: `REG-${tag}` },
        requestId: "req-2",
        at: new Date("2026-03-11T02:00:00Z"),
      }),
    ]);

    const html = await (
      await get(`/admin/audit?actorName=${encodeURIComponent(`Siti Verifikator ${tag}`)}`, { session })
    ).text();
    expect(html).toContain('name="actorName"');
    expect(html).not.toContain(verifier.id);
    expect(html).not.toContain(`Budi Lain ${tag}`);
    const entries = [...html.matchAll(/<li class="audit-entry">([\s\S]*?)<\/li>/g)].map((m) =>
      (m[1] ?? "")
        .replace(/<[^>]+>/g, "")
        .replace(/\s+/g, " ")
        .trim(),
    );
    expect(entries).toEqual([
      `12 Maret 2026, 10.05 WITA · Siti Verifikator ${tag} (Verifikator Diskominfo) · menyetujui pendaftaran KIM · pendaftaran REG-${tag}`,
    ]);

    const byPart = await (await get(`/admin/audit?actorName=${encodeURIComponent(`lain ${tag}`)}`, { session })).text();
    expect(byPart).toContain(`Budi Lain ${tag}`);
    expect(byPart).toContain("mengesahkan pendaftaran KIM");
    expect(byPart).not.toContain(`Siti Verifikator ${tag}`);
  });
});

describe("the category routing table", () => {
  it("gives each category name an input wide enough to read it whole", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const html = await (await get("/admin/kategori", { session })).text();
    const inputs = [...html.matchAll(/<input[^>]*aria-label="Nama kategori"[^>]*>/g)].map((m) => m[0]);
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs) {
      const value = /value="([^"]*)"/.exec(input)?.[1] ?? "";
      const size = Number(/size="(\d+)"/.exec(input)?.[1] ?? "0");
      expect(size, input).toBeGreaterThanOrEqual(value.length);
    }
  });
});
