import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newTrackingCode } from "../../workers/domain/aspiration/code";
import { indexWords } from "../../workers/domain/aspiration/words";
import worker from "../../workers/index";
import { freshReport, postAspiration } from "../fixtures/aspirations";
import { countingD1 } from "../fixtures/d1-counter";
import { grants, signedInOfficial, url } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

/**
 * Likely duplicates when hundreds of open cases share the common words of a report ("lampu jalan
 * padam"): the posting lists of those words are cut short, and the original must still come
 * first through the words only it shares, at a bounded cost.
 */

const NOISE = 1300;
/**
 * 12 words looked up, at most 300 postings each, plus the case page's own reads. Uncut, the three
 * common words alone would read 3 × 1,300 postings, over this bound.
 */
const CASE_PAGE_BOUND = 12 * 300 + 100;

/** Cases with their word index, written straight into D1. */
async function insertIndexed(cases: { title: string; description: string; status: string }[]): Promise<string[]> {
  const at = new Date().toISOString();
  const codes = cases.map(() => newTrackingCode());
  const statements = cases.flatMap((c, i) => [
    env.DB.prepare(
      `INSERT INTO aspirations (code, kind, category_id, village_code, title, description, privacy, photo_keys, status,
         agency_id, created_at, updated_at)
       VALUES (?, 'pengaduan', 'jalan-jembatan', '64.03.04.2001', ?, ?, 'anonim', '[]', ?, 'pupr', ?, ?)`,
    ).bind(codes[i], c.title, c.description, c.status, at, at),
    ...indexWords(c.title, c.description).map((w) =>
      env.DB.prepare("INSERT INTO aspiration_words (word, code, weight) VALUES (?, ?, ?)").bind(
        w.word,
        codes[i],
        w.weight,
      ),
    ),
  ]);
  for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));
  return codes as string[];
}

let original = "";
let copy = "";
beforeAll(async () => {
  await seedReferenceData(env.DB);
  await insertIndexed(
    Array.from({ length: NOISE }, (_, i) => ({
      title: `Lampu jalan padam di gang nomor${i}`,
      description: `Lampu jalan di gang nomor${i} padam setiap malam, mohon diperbaiki.`,
      status: "received",
    })),
  );
  [original] = (await insertIndexed([
    {
      title: "Lampu penerangan Jalan Pemuda padam",
      description: "Tiang lampu penerangan di Jalan Pemuda korsleting sejak hujan deras, lampu padam semua.",
      status: "routed",
    },
  ])) as [string];
  const res = await postAspiration(
    freshReport({
      title: "Lampu Jalan Pemuda padam lagi",
      description: "Lampu penerangan Jalan Pemuda padam karena tiang korsleting setelah hujan deras kemarin.",
    }),
  );
  copy = ((await res.json()) as { code: string }).code;
});

describe("likely duplicates among hundreds of look-alikes", () => {
  it("finds the original first through the words only it shares, reading a bounded number of rows", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const counted = countingD1(env.DB);
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(url(`/api/v1/aspirations/${copy}/case`), { headers: { cookie: verifier.session.cookie } }),
      { ...env, DB: counted.db },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { similar: { code: string; title: string }[] } };
    expect(data.similar).toHaveLength(5);
    expect(data.similar[0]).toMatchObject({ code: original, title: "Lampu penerangan Jalan Pemuda padam" });
    expect(data.similar.map((s) => s.code)).not.toContain(copy);
    console.log(`rows read for a case page with ${NOISE} look-alikes: ${counted.rowsRead}`);
    expect(counted.rowsRead).toBeLessThanOrEqual(CASE_PAGE_BOUND);
  });
});
