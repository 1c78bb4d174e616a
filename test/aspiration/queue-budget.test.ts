import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { countingD1 } from "../fixtures/d1-counter";
import { createOfficial, grants, sessionFor } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE } from "../fixtures/registration-intake";

/**
 * The budget: a 50-row page of an agency's queue reads at most 150 rows, whether the table
 * holds 100 aspirations or 20,000. The rows are generated inside SQLite (a recursive CTE), so the
 * seed binds no parameters and takes a moment, not a minute.
 */
const QUEUE_PAGE_BUDGET = 150;

/** Adds `count` cases: a fifth at PUPR, waiting, due over the next weeks; the rest at other agencies or closed. */
async function seedCases(count: number, offset: number) {
  await env.DB.prepare(
    `INSERT INTO aspirations (code, kind, category_id, title, description, privacy, photo_keys, status, agency_id,
       due_at, created_at, updated_at)
     WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 + ?2 - 1)
     SELECT printf('ASP-T%03d-%04d', i / 10000, i % 10000), 'pengaduan', 'jalan-jembatan', 'Laporan ' || i,
       'Uraian laporan uji nomor ' || i, 'anonim', '[]',
       CASE WHEN i % 5 = 0 THEN 'routed' WHEN i % 5 = 1 THEN 'closed' ELSE 'in_progress' END,
       CASE WHEN i % 5 = 0 THEN 'pupr' ELSE 'dinkes' END,
       CASE WHEN i % 5 = 1 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', '2027-01-01', '+' || (i % 997) || ' hours') END,
       '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'
     FROM n`,
  )
    .bind(offset, count)
    .run();
}

async function queuePage(after?: string) {
  const officer = await createOfficial({ grants: [grants.agencyOfficer("pupr")] });
  const session = await sessionFor(officer);
  const counted = countingD1(env.DB);
  const query = after ? `?after=${encodeURIComponent(after)}` : "";
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}/api/v1/aspirations/queues/agency${query}`, { headers: { cookie: session.cookie } }),
    { ...env, DB: counted.db },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { items: { code: string }[]; next?: string } };
  return { ...body.data, rowsRead: counted.rowsRead, breakdown: counted.breakdown };
}

describe("D1 budget of an agency's queue", () => {
  it(`a 50-row page reads at most ${QUEUE_PAGE_BUDGET} rows with 100 cases and with 20,000`, async () => {
    await seedReferenceData(env.DB);
    const measured: Record<string, number> = {};
    for (const [size, offset] of [
      [100, 1],
      [19_900, 101],
    ] as const) {
      await seedCases(size, offset);
      const first = await queuePage();
      const total = offset + size - 1;
      measured[`${total} first`] = first.rowsRead;
      expect(first.rowsRead, JSON.stringify(first.breakdown, null, 1)).toBeLessThanOrEqual(QUEUE_PAGE_BUDGET);
      if (total > 100) {
        expect(first.items).toHaveLength(50);
        const second = await queuePage(first.next);
        measured[`${total} second`] = second.rowsRead;
        expect(second.items).toHaveLength(50);
        expect(second.items[0]?.code).not.toBe(first.items[0]?.code);
        expect(second.rowsRead, JSON.stringify(second.breakdown, null, 1)).toBeLessThanOrEqual(QUEUE_PAGE_BUDGET);
      } else {
        expect(first.items).toHaveLength(20);
      }
    }
    console.log(`rows read per agency queue page: ${JSON.stringify(measured)}`);
  });

  it("each queue reads its partial index in deadline order: no table scan, no sort", async () => {
    const plans: Record<string, [string, string, string[]]> = {
      agency: ["agency_id = ?1 AND status IN ('routed', 'in_progress')", "aspirations_agency_open_idx", ["pupr"]],
      "every agency": ["status IN ('routed', 'in_progress')", "aspirations_open_due_idx", []],
      verification: ["status IN ('received', 'needs_info')", "aspirations_verification_idx", []],
    };
    for (const [queue, [where, index, params]] of Object.entries(plans)) {
      const plan = await env.DB.prepare(
        `EXPLAIN QUERY PLAN SELECT code FROM aspirations WHERE ${where} ORDER BY due_at, code LIMIT 51`,
      )
        .bind(...params)
        .all<{ detail: string }>();
      const details = plan.results.map((r) => r.detail).join(" | ");
      expect(details, `${queue}: ${details}`).toContain(`USING INDEX ${index}`);
      expect(details, queue).not.toMatch(/SCAN aspirations$|TEMP B-TREE/);
    }
  });
});
