import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { freshReport } from "../fixtures/aspirations";
import { countingD1 } from "../fixtures/d1-counter";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE, freshIp } from "../fixtures/registration-intake";

/** The budgets: a submission reads at most 15 rows, a lookup of a case with 12 timeline entries at most 30. */
const SUBMISSION_BUDGET = 15;
const TRACKING_BUDGET = 30;

async function send(db: D1Database, request: Request) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, { ...env, DB: db }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const submission = (body: unknown) =>
  new Request(`${BASE}/api/v1/aspirations`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": crypto.randomUUID(),
      "cf-connecting-ip": freshIp(),
    },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  await seedReferenceData(env.DB);
  // Warm-up: cases, words and outbox rows exist, so the indexes are not empty.
  for (let i = 0; i < 3; i++) await send(env.DB, submission(freshReport({ reporterEmail: `warga${i}@contoh.id` })));
});

describe("D1 budget of aspirations", () => {
  it(`a submission reads at most ${SUBMISSION_BUDGET} rows`, async () => {
    const counted = countingD1(env.DB);
    const res = await send(counted.db, submission(freshReport({ reporterEmail: "warga@contoh.id" })));
    expect(res.status).toBe(201);
    console.log(`rows read for an aspiration submission: ${counted.rowsRead} (written ${counted.rowsWritten})`);
    expect(counted.rowsRead, JSON.stringify(counted.breakdown, null, 1)).toBeLessThanOrEqual(SUBMISSION_BUDGET);
  });

  it(`a tracking lookup of a case with 12 timeline entries reads at most ${TRACKING_BUDGET} rows`, async () => {
    const { code } = (await (await send(env.DB, submission(freshReport()))).json()) as { code: string };
    const at = new Date().toISOString();
    // Eleven more entries beside the submission: escalation steps leave such a trail.
    await env.DB.batch(
      Array.from({ length: 11 }, () =>
        env.DB.prepare(
          "INSERT INTO aspiration_events (code, at, kind, actor_type, actor_id) VALUES (?, ?, 'escalate', 'system', 'flow')",
        ).bind(code, at),
      ),
    );
    const counted = countingD1(env.DB);
    const res = await send(
      counted.db,
      new Request(`${BASE}/api/v1/aspirations/${code}`, { headers: { "cf-connecting-ip": freshIp() } }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { timeline: unknown[] } }).data.timeline).toHaveLength(12);
    console.log(`rows read for a tracking lookup with 12 entries: ${counted.rowsRead}`);
    expect(counted.rowsRead, JSON.stringify(counted.breakdown, null, 1)).toBeLessThanOrEqual(TRACKING_BUDGET);
  });
});
