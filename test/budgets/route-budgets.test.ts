import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { countingD1 } from "../../workers/d1-meter";
import worker from "../../workers/index";
import { freshReport, postAspiration, routedAspiration } from "../fixtures/aspirations";
import { createOfficial, grants, sessionFor } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE, freshIp } from "../fixtures/registration-intake";

/**
 * D1 budgets of the pages the benchmark loads that other budget tests do not cover (the JSON
 * tracking, the submissions and the queue API have theirs beside their features). Measured on
 * these fixtures, in brackets, plus headroom.
 */

let tracking = "";
let officerCookie = "";

beforeAll(async () => {
  await seedReferenceData(env.DB);
  const res = await postAspiration(freshReport());
  tracking = ((await res.json()) as { code: string }).code;
  for (let i = 0; i < 3; i++) await routedAspiration("pupr");
  officerCookie = (await sessionFor(await createOfficial({ grants: [grants.agencyOfficer("pupr")] }))).cookie;
});

async function rowsRead(path: string, headers: Record<string, string> = {}): Promise<number> {
  const meter = countingD1(env.DB);
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`, { headers }), { ...env, DB: meter.db }, ctx);
  await res.arrayBuffer();
  await waitOnExecutionContext(ctx);
  expect(res.status, path).toBe(200);
  return meter.rowsRead;
}

describe("D1 rows per page", () => {
  it("the public tracking page reads what the JSON does: the case, its names and its timeline", async () => {
    const rows = await rowsRead(`/lacak/${tracking}`, { "cf-connecting-ip": freshIp() });
    // [4] with one timeline entry; the same 30 as the JSON lookup, whose test has twelve entries.
    expect(rows).toBeLessThanOrEqual(30);
  });

  it("the agency's queue page reads its page of cases, their names, and the officer's session and grants", async () => {
    const rows = await rowsRead("/aspirasi/kelola", { cookie: officerCookie });
    // [14] with three cases; the same 150 as the queue API, which stays under it with 20,000 cases
    // stored (`test/aspiration/queue-budget.test.ts`).
    expect(rows).toBeLessThanOrEqual(150);
  });
});
