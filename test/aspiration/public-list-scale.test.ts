import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { PUBLIC_PAGE_SIZE } from "../../workers/services/aspiration/public-list";
import { type CaseRow, insertCases, LISTED_REPORTER } from "../fixtures/aspiration-answered";
import { countingD1 } from "../fixtures/d1-counter";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE } from "../fixtures/registration-intake";

/**
 * The public list over a table of hundreds of cases in every state: the rows a page reads stay
 * bounded wherever the page starts, and walking the pages lists each answered public case exactly
 * once, in answer order, even while new answers arrive.
 */

/** The brief's budget: about three rows per listed case plus a few. */
const PAGE_BUDGET = PUBLIC_PAGE_SIZE * 3 + 10;
const BASE_TIME = Date.UTC(2026, 2, 2, 1);

/** Eight kinds of case, repeated: three are listed, five never are. */
const PATTERN: { privacy: CaseRow["privacy"]; status: CaseRow["status"]; answered: boolean; listed: boolean }[] = [
  { privacy: "anonim", status: "answered", answered: true, listed: true },
  { privacy: "publik", status: "closed", answered: true, listed: true },
  { privacy: "rahasia", status: "answered", answered: true, listed: false },
  // Reopened: answered once, back with the agency.
  { privacy: "anonim", status: "routed", answered: true, listed: false },
  { privacy: "anonim", status: "received", answered: false, listed: false },
  { privacy: "rahasia", status: "closed", answered: true, listed: false },
  { privacy: "publik", status: "answered", answered: true, listed: true },
  // Closed because the reporter never gave the information asked for.
  { privacy: "anonim", status: "closed", answered: false, listed: false },
];
const CASES = 400;

let codes: string[] = [];
/** Titles of the listed cases, latest answer first; two cases share each answer minute (ties). */
let expected: string[] = [];

beforeAll(async () => {
  await seedReferenceData(env.DB);
  const rows = Array.from({ length: CASES }, (_, i) => {
    const kind = PATTERN[i % PATTERN.length] as (typeof PATTERN)[number];
    const answeredAt = new Date(BASE_TIME + Math.floor(i / 2) * 60_000).toISOString();
    return {
      ...kind,
      title: `Kasus uji nomor ${i}`,
      answeredAt: kind.answered ? answeredAt : null,
      villageCode: i % 5 === 0 ? null : "64.03.04.2001",
    };
  });
  codes = await insertCases(rows);
  // Inserted in order, so a later row wins a tie: the row number breaks ties, latest first.
  expected = rows
    .map((r, i) => ({ ...r, i }))
    .filter((r) => r.listed)
    .sort((a, b) => (b.answeredAt ?? "").localeCompare(a.answeredAt ?? "") || b.i - a.i)
    .map((r) => r.title);
});

interface Page {
  data: { items: { title: string }[]; next?: string };
}

async function page(after?: string) {
  const counted = countingD1(env.DB);
  const ctx = createExecutionContext();
  const query = after ? `?after=${encodeURIComponent(after)}` : "";
  const res = await worker.fetch(
    new Request(`${BASE}/api/v1/aspirations/public${query}`),
    { ...env, DB: counted.db },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
  const text = await res.text();
  return { body: JSON.parse(text) as Page, text, counted };
}

describe("the public list over hundreds of cases", () => {
  it(`lists each answered public case once, latest first, and no page reads more than ${PAGE_BUDGET} rows`, async () => {
    const titles: string[] = [];
    const reads: number[] = [];
    let after: string | undefined;
    for (let n = 0; n < 40; n++) {
      const { body, text, counted } = await page(after);
      reads.push(counted.rowsRead);
      expect(counted.rowsRead, JSON.stringify(counted.breakdown, null, 1)).toBeLessThanOrEqual(PAGE_BUDGET);
      for (const secret of [LISTED_REPORTER.name, LISTED_REPORTER.email, "81377788899", "ASP-"]) {
        expect(text).not.toContain(secret);
      }
      titles.push(...body.data.items.map((item) => item.title));
      after = body.data.next;
      if (!after) break;
    }
    console.log(`rows read per public list page over ${CASES} cases: ${reads.join(", ")}`);
    expect(titles).toEqual(expected);
    expect(reads.length).toBe(Math.ceil(expected.length / PUBLIC_PAGE_SIZE));
  });

  it("keeps its place when a newer answer arrives between two pages", async () => {
    const first = await page();
    expect(first.body.data.items.map((i) => i.title)).toEqual(expected.slice(0, PUBLIC_PAGE_SIZE));
    await insertCases([
      { privacy: "anonim", status: "answered", answeredAt: new Date().toISOString(), title: "Jawaban yang baru masuk" },
    ]);
    const second = await page(first.body.data.next);
    expect(second.body.data.items.map((i) => i.title)).toEqual(expected.slice(PUBLIC_PAGE_SIZE, 2 * PUBLIC_PAGE_SIZE));
    expect((await page()).body.data.items[0]?.title).toBe("Jawaban yang baru masuk");
    expect(codes).toHaveLength(CASES);
  });
});

describe("where people find the list", () => {
  it("the aspiration form and the footer of every page link to it", async () => {
    for (const path of ["/aspirasi", "/lacak", "/aspirasi/publik", "/"]) {
      const res = await worker.fetch(new Request(`${BASE}${path}`), env, createExecutionContext());
      const html = await res.text();
      const footer = html.slice(html.indexOf('<footer class="site-footer">'));
      expect(footer, path).toContain('<a href="/aspirasi/publik">Aspirasi yang sudah dijawab</a>');
      if (path === "/aspirasi")
        expect(html).toContain('<a href="/aspirasi/publik">lihat aspirasi yang sudah dijawab</a>');
    }
  });
});

describe("the JSON list in the API reference", () => {
  it("documents exactly the fields an item carries", async () => {
    const res = await worker.fetch(new Request(`${BASE}/api/openapi.json`), env, createExecutionContext());
    const doc = (await res.json()) as {
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } }>;
      components: { schemas: Record<string, { properties: { data: { properties: { items: { items: unknown } } } } }> };
    };
    const ok = doc.paths["/api/v1/aspirations/public"]?.get.responses["200"];
    expect(ok?.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/PublicAnswers" });
    const item = doc.components.schemas.PublicAnswers?.properties.data.properties.items.items as {
      properties: Record<string, unknown>;
    };
    const { body } = await page();
    expect(Object.keys(item.properties).sort()).toEqual(Object.keys(body.data.items[0] ?? {}).sort());
  });
});
