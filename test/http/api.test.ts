import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { seedReferenceData } from "../fixtures/reference-data";

const BASE = "http://simpul.test";
const get = (path: string, init?: RequestInit) => exports.default.fetch(`${BASE}${path}`, init);

/** The one error envelope every failure uses. */
const envelope = (code: string, details?: { path: string }[]) => ({
  error: {
    code,
    message: expect.any(String),
    requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    ...(details ? { details: details.map((d) => expect.objectContaining(d)) } : {}),
  },
});

beforeAll(async () => {
  await seedReferenceData(env.DB);
});

describe("every response", () => {
  it("carries a request id and security headers", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("answers an unknown route with 404 in the envelope", async () => {
    const res = await get("/api/v1/does-not-exist");
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body).toEqual(envelope("not_found"));
    expect((body as { error: { requestId: string } }).error.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("shows people an HTML error page for an unknown page", async () => {
    const res = await get("/tidak-ada", { headers: { accept: "text/html" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("Halaman tidak ditemukan");
  });

  it("refuses a body over the limit with 413", async () => {
    const res = await get("/api/v1/calendar/working-days", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(70 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(envelope("payload_too_large"));
  });
});

describe("GET /healthz", () => {
  it("returns 503 when D1 fails", async () => {
    const brokenDb = {
      prepare() {
        throw new Error("D1 is down");
      },
    } as unknown as D1Database;
    const res = await worker.fetch(new Request(`${BASE}/healthz`), { ...env, DB: brokenDb }, createExecutionContext());
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "degraded", db: "error", version: expect.any(String) });
  });
});

describe("GET /api/v1/areas", () => {
  it("lists Berau's 13 kecamatan with 100 kampung and 10 kelurahan", async () => {
    const res = await get("/api/v1/areas");
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { code: string; name: string; villages: { kind: string }[] }[] };
    expect(data).toHaveLength(13);
    const villages = data.flatMap((d) => d.villages);
    expect(villages.filter((v) => v.kind === "kampung")).toHaveLength(100);
    expect(villages.filter((v) => v.kind === "kelurahan")).toHaveLength(10);
    expect(data[0]).toMatchObject({ code: "64.03.01", name: "Kelay" });
    expect(data[0]?.villages[0]).toEqual({ code: "64.03.01.2001", name: "Merabu", kind: "kampung" });
  });

  it("returns one kecamatan with its villages", async () => {
    const res = await get("/api/v1/areas/64.03.04");
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { villages: { name: string }[] } };
    expect(data).toMatchObject({ level: "kecamatan", code: "64.03.04" });
    expect(data.villages.map((v) => v.name)).toContain("Long La'ai");
  });

  it("returns one village with its kecamatan", async () => {
    const res = await get("/api/v1/areas/64.03.04.2001");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      data: {
        level: "village",
        code: "64.03.04.2001",
        name: "Long La'ai",
        kind: "kampung",
        parentCode: "64.03.04",
        district: { code: "64.03.04", name: expect.any(String) },
      },
    });
  });

  it("returns 404 for an unknown code", async () => {
    const res = await get("/api/v1/areas/64.03.99.2001");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(envelope("not_found"));
  });

  it("returns 422 naming `code` for a malformed code", async () => {
    const res = await get("/api/v1/areas/berau");
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(envelope("validation_failed", [{ path: "code" }]));
  });
});

describe("GET /api/v1/calendar/working-days", () => {
  it("skips Nyepi and the Idul Fitri cuti bersama in March 2026", async () => {
    const res = await get("/api/v1/calendar/working-days?from=2026-03-13&days=5");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      from: "2026-03-13",
      days: 5,
      due: "2026-03-27T23:59:59+08:00",
      calendarComplete: true,
      provisionalYears: [],
    });
  });

  it("says when the deadline reaches a year with no loaded calendar, and skips New Year's Day there", async () => {
    const res = await get("/api/v1/calendar/working-days?from=2026-12-28&days=5");
    expect(res.status).toBe(200);
    // 29, 30, 31 December, then 1 January 2027 is a fixed-date holiday: 4 and 5 January.
    expect(await res.json()).toEqual({
      from: "2026-12-28",
      days: 5,
      due: "2027-01-05T23:59:59+08:00",
      calendarComplete: false,
      provisionalYears: [2027],
    });
  });

  it.each([
    ["from=2026-02-30&days=5", "from"],
    ["from=13-03-2026&days=5", "from"],
    ["days=5", "from"],
    ["from=2026-03-13&days=0", "days"],
    ["from=2026-03-13&days=366", "days"],
    ["from=2026-03-13&days=2.5", "days"],
    ["from=2026-03-13&days=lima", "days"],
  ])("rejects %s with 422 naming %s", async (query, field) => {
    const res = await get(`/api/v1/calendar/working-days?${query}`);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { details: { path: string; message: string }[] } };
    expect(body).toEqual(envelope("validation_failed", [{ path: field }]));
    expect(body.error.details[0]?.message).toMatch(/[a-z]/);
  });
});

describe("GET /api/v1/calendar/:year", () => {
  it("returns 2026's holidays and that the year is loaded", async () => {
    const res = await get("/api/v1/calendar/2026");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { year: number; loaded: boolean; holidays: { date: string; kind: string }[] };
    expect(body).toMatchObject({ year: 2026, loaded: true });
    expect(body.holidays).toContainEqual(
      expect.objectContaining({ date: "2026-03-19", kind: "libur_nasional", name: expect.stringContaining("Nyepi") }),
    );
    expect(body.holidays.filter((h) => h.kind === "cuti_bersama").length).toBeGreaterThan(5);
  });

  it("says 2027 is not loaded and lists its fixed-date national holidays as provisional", async () => {
    const res = await get("/api/v1/calendar/2027");
    const provisional = (date: string, name: string) => ({
      date,
      kind: "libur_nasional",
      name,
      basis: expect.stringContaining("sementara"),
      provisional: true,
    });
    expect(await res.json()).toEqual({
      year: 2027,
      loaded: false,
      source: null,
      holidays: [
        provisional("2027-01-01", "Tahun Baru Masehi"),
        provisional("2027-05-01", "Hari Buruh Internasional"),
        provisional("2027-06-01", "Hari Lahir Pancasila"),
        provisional("2027-08-17", "Hari Kemerdekaan Republik Indonesia"),
        provisional("2027-12-25", "Hari Raya Natal"),
      ],
    });
  });

  it.each(["abcd", "1999", "2101", "2026.5"])("rejects year %s with 422 naming year", async (year) => {
    const res = await get(`/api/v1/calendar/${year}`);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual(envelope("validation_failed", [{ path: "year" }]));
  });
});

describe("API documentation", () => {
  it("serves OpenAPI 3.1 generated from the routes' schemas", async () => {
    const res = await get("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    const params = doc.paths["/api/v1/calendar/working-days"]?.get?.parameters?.map((p) => `${p.in}:${p.name}`);
    expect(params).toEqual(expect.arrayContaining(["query:from", "query:days"]));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/healthz", "/api/v1/areas", "/api/v1/areas/{code}"]),
    );
    // Pages validate their forms too, but they are not part of the API document.
    expect(Object.keys(doc.paths).filter((p) => p !== "/healthz" && !p.startsWith("/api/"))).toEqual([]);
  });

  it("renders a readable reference page without JavaScript", async () => {
    const res = await get("/api/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/api/v1/calendar/working-days");
    expect(html).not.toContain("<script");
  });
});

describe("GET /", () => {
  it("says what Simpul is, in Indonesian, without JavaScript", async () => {
    const res = await get("/");
    const html = await res.text();
    expect(html).toContain('lang="id"');
    expect(html).toContain("Kelompok Informasi Masyarakat");
    expect(html).not.toContain("<script");
  });
});
