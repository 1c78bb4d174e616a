import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { freshReport, postAspiration, routedAspiration } from "../fixtures/aspirations";
import { countingD1 } from "../fixtures/d1-counter";
import { createOfficial, grants, sessionFor } from "../fixtures/officials";
import { scansOf } from "../fixtures/query-plans";
import { seedReferenceData } from "../fixtures/reference-data";
import { insertRegistration } from "../fixtures/registration-flow";
import { BASE, freshIp } from "../fixtures/registration-intake";

/**
 * No request path scans a table that grows with use. Each route below is requested once through
 * a D1 binding that records every statement it runs; each statement is then explained with
 * `EXPLAIN QUERY PLAN` (`fixtures/query-plans.ts`).
 */

let tracking = "";
let officerCookie = "";
let registration = "";

beforeAll(async () => {
  await seedReferenceData(env.DB);
  const res = await postAspiration(freshReport());
  tracking = ((await res.json()) as { code: string }).code;
  await routedAspiration("pupr");
  officerCookie = (await sessionFor(await createOfficial({ grants: [grants.agencyOfficer("pupr")] }))).cookie;
  registration = (await insertRegistration()).id;
});

async function statementsOf(request: () => Request): Promise<string[]> {
  const counted = countingD1(env.DB);
  const ctx = createExecutionContext();
  const res = await worker.fetch(request(), { ...env, DB: counted.db }, ctx);
  await waitOnExecutionContext(ctx);
  expect(res.status).toBeLessThan(500);
  return counted.breakdown.map((b) => b.sql);
}

const ip = () => ({ "cf-connecting-ip": freshIp() });
const ROUTES: Record<string, () => Request> = {
  "tracking JSON": () => new Request(`${BASE}/api/v1/aspirations/${tracking}`, { headers: ip() }),
  "tracking page": () => new Request(`${BASE}/lacak/${tracking}`, { headers: ip() }),
  "aspiration submission": () =>
    new Request(`${BASE}/api/v1/aspirations`, {
      method: "POST",
      headers: { ...ip(), "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify(freshReport()),
    }),
  "agency queue": () => new Request(`${BASE}/api/v1/aspirations/queues/agency`, { headers: { cookie: officerCookie } }),
  "public answers": () => new Request(`${BASE}/api/v1/aspirations/public`),
  "statistics page": () => new Request(`${BASE}/statistik`),
  "registration status": () => new Request(`${BASE}/api/v1/registrations/${registration}/status`, { headers: ip() }),
};

describe("query plans on request paths", () => {
  it("the check sees a scan when there is one", async () => {
    expect(await scansOf("SELECT code FROM aspirations WHERE title = ?")).toEqual(["SCAN aspirations"]);
    expect(await scansOf("SELECT code FROM aspirations WHERE code = ?")).toEqual([]);
    // Plans name a table by its alias.
    expect(await scansOf("SELECT r.id FROM registrations r WHERE r.kim_name = ?")).toEqual(["SCAN r"]);
    expect(await scansOf('SELECT "v"."name" FROM "areas" "v" WHERE "v"."name" = ?')).toEqual([]);
  });

  for (const [name, request] of Object.entries(ROUTES)) {
    it(`${name}: no scan of a growing table`, async () => {
      const statements = await statementsOf(request);
      expect(statements.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const sql of new Set(statements)) {
        for (const scan of await scansOf(sql)) problems.push(`${scan} in: ${sql.slice(0, 200)}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
