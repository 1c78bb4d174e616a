import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { parseD1ServerTiming } from "../../workers/d1-meter";
import worker from "../../workers/index";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE } from "../fixtures/registration-intake";

async function get(path: string, environment: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${BASE}${path}`), { ...env, ENVIRONMENT: environment }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

beforeAll(async () => {
  await seedReferenceData(env.DB);
});

describe("the benchmark's reference routes", () => {
  it("answer in development: a constant, and one area read straight from D1", async () => {
    const constant = await get("/__bench/constant", "development");
    expect(constant.status).toBe(200);
    expect(await constant.text()).toBe("ok");
    const point = await get("/__bench/d1-point?code=64.03.04.2001", "development");
    expect(point.status).toBe(200);
    expect(await point.text()).toBe("Long La'ai");
    expect((await get("/__bench/d1-point?code=99.99", "development")).status).toBe(404);
  });

  it("do not exist outside development", async () => {
    for (const environment of ["test", "production"]) {
      const res = await get("/__bench/constant", environment);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toBe("ok");
    }
  });
});

describe("Server-Timing with D1 rows", () => {
  it("tells in development what a request read and wrote, and says nothing in other environments", async () => {
    const dev = await get("/api/v1/areas/64.03.04", "development");
    expect(dev.status).toBe(200);
    const cost = parseD1ServerTiming(dev.headers.get("server-timing"));
    expect(cost?.read).toBeGreaterThan(0);
    expect(cost?.written).toBe(0);
    expect((await get("/api/v1/areas/64.03.04", "test")).headers.get("server-timing")).toBeNull();
  });
});
