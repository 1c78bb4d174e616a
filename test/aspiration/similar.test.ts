import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aspirations } from "../../schema";
import { createDb } from "../../workers/db";
import { freshReport, postAspiration } from "../fixtures/aspirations";
import { get, grants, postForm, sendJson, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

/** Likely duplicates on the verifier's case page, one-click rejection as a duplicate, and the search box. */

const db = createDb(env.DB);

async function submit(overrides: Record<string, unknown>): Promise<string> {
  const res = await postAspiration(freshReport(overrides));
  expect(res.status).toBe(201);
  return ((await res.json()) as { code: string }).code;
}

let original = "";
let sameVillage = "";
let unrelated = "";
let copy = "";
beforeAll(async () => {
  await seedReferenceData(env.DB);
  original = await submit({
    title: "Lampu penerangan jalan padam di Jalan Pemuda",
    description: "Lampu penerangan jalan di sepanjang Jalan Pemuda padam sejak tiga malam, gelap dan rawan.",
  });
  sameVillage = await submit({
    title: "Jembatan kayu lapuk dekat pasar",
    description: "Papan jembatan kayu dekat pasar lapuk dan berlubang, membahayakan pejalan kaki.",
  });
  unrelated = await submit({
    categoryId: "layanan-kesehatan",
    villageCode: null,
    title: "Antrean puskesmas terlalu panjang",
    description: "Antrean di puskesmas pembantu sangat panjang setiap pagi, pasien menunggu berjam-jam.",
  });
  copy = await submit({
    title: "Lampu jalan padam Jalan Pemuda",
    description: "Sudah tiga malam lampu penerangan di Jalan Pemuda padam, mohon segera diperbaiki.",
  });
});

describe("likely duplicates", () => {
  it("the verifier sees the original first, not the case itself nor unrelated ones, and rejects in one click", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const res = await sendJson("GET", `/api/v1/aspirations/${copy}/case`, undefined, { session: verifier.session });
    const { data } = (await res.json()) as { data: { similar: { code: string }[] } };
    expect(data.similar[0]?.code).toBe(original);
    const listed = data.similar.map((s) => s.code);
    expect(listed).not.toContain(copy);
    expect(listed).not.toContain(unrelated);
    // Same category and village alone do not make a duplicate: no shared word, not listed.
    expect(listed).not.toContain(sameVillage);
    expect(data.similar.length).toBeLessThanOrEqual(5);

    const page = await (await get(`/aspirasi/kelola/${copy}`, { session: verifier.session, html: true })).text();
    expect(page).toContain("Laporan yang mirip");
    expect(page).toContain(`name="duplicateOf" value="${original}"`);
    // The one-click form's public reason names the original by title: its code is its reporter's key.
    const reason =
      page.match(/<input type="hidden" name="reason" value="([^"]+)"/)?.[1]?.replaceAll("&quot;", '"') ?? "";
    expect(reason).toContain("Lampu penerangan jalan padam di Jalan Pemuda");
    expect(reason).not.toContain(original);
    const rejected = await postForm(
      `/aspirasi/kelola/${copy}/tolak`,
      { duplicateOf: original, reason },
      { session: verifier.session },
    );
    expect(rejected.status).toBe(303);
    expect(await db.select().from(aspirations).where(eq(aspirations.code, copy)).get()).toMatchObject({
      status: "rejected",
      duplicateOf: original,
    });
  });

  it("refuses a public reason that carries a tracking code", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const twin = await submit({
      title: "Lampu Jalan Pemuda mati lagi",
      description: "Lampu penerangan Jalan Pemuda mati lagi sejak kemarin malam.",
    });
    const res = await postForm(
      `/aspirasi/kelola/${twin}/tolak`,
      { duplicateOf: original, reason: `Sama dengan laporan ${original.toLowerCase()}.` },
      { session: verifier.session },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("kode pelacakan");
  });

  it("an agency never sees the list", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const officer = await signedInOfficial([grants.agencyOfficer("pupr")]);
    const twin = await submit({
      title: "Lampu jalan Pemuda masih padam",
      description: "Lampu penerangan Jalan Pemuda masih padam malam ini juga.",
    });
    await postForm(`/aspirasi/kelola/${twin}/teruskan`, { agencyId: "pupr" }, { session: verifier.session });
    const res = await sendJson("GET", `/api/v1/aspirations/${twin}/case`, undefined, { session: officer.session });
    expect(((await res.json()) as { data: { similar: unknown[] } }).data.similar).toEqual([]);
    const page = await (await get(`/aspirasi/kelola/${twin}`, { session: officer.session, html: true })).text();
    expect(page).not.toContain("Laporan yang mirip");
  });
});

describe("the verifiers' search", () => {
  it("finds cases by the words of their title and description, the most shared first", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const res = await sendJson("GET", "/api/v1/aspirations/search?q=lampu%20Pemuda", undefined, {
      session: verifier.session,
    });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { code: string }[] };
    expect(data.map((d) => d.code)).toContain(original);
    expect(data.map((d) => d.code)).not.toContain(unrelated);

    const html = await (
      await get("/aspirasi/kelola?cari=jembatan%20lapuk", { session: verifier.session, html: true })
    ).text();
    const results = html.slice(html.indexOf("Hasil pencarian"), html.indexOf("Menunggu verifikasi"));
    expect(results).toContain("Jembatan kayu lapuk dekat pasar");
    expect(results).not.toContain("Antrean puskesmas terlalu panjang");
  });

  it("says which words it cannot search, and is for verifiers only", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const page = await get("/aspirasi/kelola?cari=di%20ke", { session: verifier.session, html: true });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain("Ketik paling sedikit satu kata yang bermakna");
    const tooLong = await sendJson("GET", `/api/v1/aspirations/search?q=${"jalan%20".repeat(30)}`, undefined, {
      session: verifier.session,
    });
    expect(tooLong.status).toBe(422);
    const officer = await signedInOfficial([grants.agencyOfficer("pupr")]);
    const refused = await sendJson("GET", "/api/v1/aspirations/search?q=lampu", undefined, {
      session: officer.session,
    });
    expect(refused.status).toBe(403);
  });
});
