import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../workers/db";
import type { Actor } from "../../workers/domain/actor";
import worker from "../../workers/index";
import { answerAspiration, routeAspiration } from "../../workers/services/aspiration/decisions";
import { aspirationDecisionDeps, freshReport, postAspiration } from "../fixtures/aspirations";
import { countingD1 } from "../fixtures/d1-counter";
import { get, grants } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE } from "../fixtures/registration-intake";

/** `/aspirasi/publik` and `GET /api/v1/aspirations/public`: answered reports, never secret ones, never a reporter. */

const _db = createDb(env.DB);
const deps = aspirationDecisionDeps;
const official = (g: ReturnType<typeof grants.verifier>): Actor => ({
  type: "official",
  id: crypto.randomUUID(),
  grants: [g],
});
const verifier = official(grants.verifier());
const officer = official(grants.agencyOfficer("pupr"));

const REPORTER = {
  reporterName: "Yohanes Pasaribu",
  reporterEmail: "yohanes.p@contoh.id",
  reporterPhone: "081298765432",
};

async function answered(title: string, privacy: string): Promise<string> {
  const res = await postAspiration(freshReport({ ...REPORTER, title, privacy }));
  const { code } = (await res.json()) as { code: string };
  await routeAspiration(deps(), verifier, { code, agencyId: "pupr" });
  await answerAspiration(deps(), officer, { code, publicAnswer: `Jawaban untuk ${title}: sudah diperbaiki.` });
  return code;
}

const codes: string[] = [];
beforeAll(async () => {
  await seedReferenceData(env.DB);
  codes.push(await answered("Lampu jalan padam di Gang Mawar", "anonim"));
  codes.push(await answered("Drainase tersumbat di Jalan Pemuda", "publik"));
  codes.push(await answered("Pungutan liar di kantor kampung", "rahasia"));
  for (let i = 1; i <= 10; i++) codes.push(await answered(`Laporan berurutan nomor ${i}`, "anonim"));
  // Received but not answered: never listed.
  await postAspiration(freshReport({ title: "Belum dijawab sama sekali" }));
});

describe("the public list of answered reports", () => {
  it("shows answered public reports with their answer, never a secret one, a reporter or a tracking code", async () => {
    const all: string[] = [];
    let path: string | undefined = "/aspirasi/publik";
    for (let pages = 0; path && pages < 5; pages++) {
      const res = await get(path, { html: true });
      expect(res.status).toBe(200);
      const html = await res.text();
      all.push(html);
      path = html.match(/href="(\/aspirasi\/publik\?sebelum=[^"]+)"/)?.[1]?.replaceAll("&amp;", "&");
    }
    expect(all).toHaveLength(2);
    const html = all.join("\n");
    expect(html).toContain("Lampu jalan padam di Gang Mawar");
    expect(html).toContain("Jawaban untuk Drainase tersumbat di Jalan Pemuda");
    expect(html).toContain("Dinas Pekerjaan Umum dan Penataan Ruang");
    for (const absent of [
      "Pungutan liar",
      "Belum dijawab sama sekali",
      "Yohanes",
      "yohanes.p@contoh.id",
      "81298765432",
      ...codes,
    ]) {
      expect(html).not.toContain(absent);
    }
    // Every answered public report exactly once across the pages, the latest first.
    const listed = [...html.matchAll(/Laporan berurutan nomor (\d+)<\/h2>/g)].map((m) => Number(m[1]));
    expect(listed).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it("answers the same as JSON, and a page reads a bounded number of rows", async () => {
    const counted = countingD1(env.DB);
    const ctx = createExecutionContext();
    const res = await worker.fetch(new Request(`${BASE}/api/v1/aspirations/public`), { ...env, DB: counted.db }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { items: Record<string, unknown>[]; next?: string } };
    expect(body.data.items).toHaveLength(10);
    expect(Object.keys(body.data.items[0] ?? {}).sort()).toEqual([
      "agency",
      "answer",
      "answeredAt",
      "answeredAtLabel",
      "category",
      "description",
      "kindLabel",
      "title",
      "village",
    ]);
    expect(JSON.stringify(body)).not.toMatch(/ASP-|Yohanes|contoh\.id/);
    // 11 case rows with their category, village and agency names.
    expect(counted.rowsRead, JSON.stringify(counted.breakdown)).toBeLessThanOrEqual(50);
    const plan = await env.DB.prepare(
      `EXPLAIN QUERY PLAN SELECT title FROM aspirations WHERE privacy IN ('anonim', 'publik') AND answered_at IS NOT NULL
       AND status IN ('answered', 'closed') ORDER BY answered_at DESC, rowid DESC LIMIT 11`,
    ).all<{ detail: string }>();
    expect(plan.results.map((r) => r.detail).join(" | ")).toMatch(
      /USING INDEX aspirations_public_answers_idx(?!.*TEMP B-TREE)/,
    );
  });

  it("refuses a cursor it did not make without an error page", async () => {
    const res = await get("/aspirasi/publik?sebelum=%27%3B%20DROP%20TABLE", { html: true });
    expect(res.status).toBe(200);
    // Read as no cursor: the first page.
    expect(await res.text()).toContain("Laporan berurutan nomor 10");
  });
});
