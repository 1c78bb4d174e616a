import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../workers/index";
import { countingD1 } from "../fixtures/d1-counter";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE, freshApplication, freshIp } from "../fixtures/registration-intake";

/** The budget for one submission of ten members. */
const ROWS_READ_BUDGET = 40;

/**
 * Monday 16 March 2026, 09:00 WITA: the endorsement window then holds Nyepi and the Idul Fitri
 * holidays, the densest stretch of the calendar, so the deadline reads the most holiday rows.
 */
const BUSIEST_WEEK = new Date("2026-03-16T01:00:00Z");

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(BUSIEST_WEEK);
  await seedReferenceData(env.DB);
  // Warm-up: a registration, its members and outbox rows exist, so the indexes are not empty.
  const counted = countingD1(env.DB);
  await submit(counted.db, freshApplication({ memberCount: 10 }));
});

afterAll(() => {
  vi.useRealTimers();
});

async function submit(db: D1Database, application: unknown) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}/api/v1/registrations`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": crypto.randomUUID(),
        "cf-connecting-ip": freshIp(),
      },
      body: JSON.stringify(application),
    }),
    { ...env, DB: db },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

describe("D1 budget", () => {
  it(`submitting an application with 10 members reads at most ${ROWS_READ_BUDGET} rows`, async () => {
    const counted = countingD1(env.DB);
    const res = await submit(counted.db, freshApplication({ memberCount: 10 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ dueAt: "2026-03-30T23:59:59+08:00" });
    console.log(
      `rows read for a 10-member submission: ${counted.rowsRead} (written ${counted.rowsWritten}, ${counted.statements} statements)`,
    );
    expect(counted.rowsRead, JSON.stringify(counted.breakdown, null, 1)).toBeLessThanOrEqual(ROWS_READ_BUDGET);
  });
});
