import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { countingD1 } from "../../workers/d1-meter";
import { createApp } from "../../workers/http/app";
import worker from "../../workers/index";
import { createOfficial, grants, ORIGIN, sessionFor, type TestSession } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import {
  brokenBody,
  type Components,
  deeplyNested,
  encodedBody,
  type FuzzBody,
  fromSchema,
  nastyString,
  pathValue,
  queryString,
  SCRIPT_MARKER,
} from "./requests";

/**
 * Every route of the app, taken from the app itself (a new route is fuzzed without anyone adding it
 * here), gets generated hostile requests: paths, queries, bodies derived from the route's schema in
 * the OpenAPI document and then broken, wrong encodings, signed in as an administrator or not.
 * Seeded, so a failure names a seed and a path that reproduce it. Invariants, for every request:
 * - never a 5xx, and an answer within five seconds (an endless loop fails, whatever it returns);
 * - a refusal is the error envelope under `/api`, and a page elsewhere;
 * - a refused request writes no row anywhere (a signed-in request may refresh its session row);
 * - a page never carries a reflected `<script>` unescaped.
 * `FUZZ_RUNS` (a binding, from the environment variable of the same name) sets the cases per route;
 * 1,000 by default. The routes are split over three files (`endpoints-*.test.ts`) that run in parallel.
 */

const RUNS = Number((env as unknown as { FUZZ_RUNS?: string }).FUZZ_RUNS || 1000);
const TIME_LIMIT_MS = 5000;
/** A path parameter, with its pattern when it has one. */
const PARAM = /:\w+(\{(?:[^{}]|\{[^{}]*\})*\})?/g;
const BASE = "http://simpul.test";

interface Route {
  method: string;
  path: string;
}

const routes: Route[] = [
  ...new Map(
    createApp()
      .routes.filter((r) => r.method !== "ALL" && !r.path.includes("*"))
      .map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path }]),
  ).values(),
];

let session: TestSession;
let schemas: Map<string, unknown>;
let components: Components = {};
let ip = 0;
const freshIp = () => {
  ip++;
  return `10.250.${(ip >> 8) & 255}.${ip & 255}`;
};
async function setUp(): Promise<void> {
  await seedReferenceData(env.DB);
  session = await sessionFor(await createOfficial({ grants: [grants.admin(), grants.verifier()] }));
  const doc = (await (
    await worker.fetch(new Request(`${BASE}/api/openapi.json`), env, createExecutionContext())
  ).json()) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
    components?: { schemas?: Components };
  };
  components = doc.components?.schemas ?? {};
  schemas = new Map();
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation.requestBody?.content?.["application/json"]?.schema;
      if (schema) schemas.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`, schema);
    }
  }
}

interface Case {
  params: string[];
  query: string;
  body: FuzzBody;
  signedIn: boolean;
  /** A browser's `Accept`: pages then answer errors with a page, not the envelope. */
  html: boolean;
  csrf: boolean;
  origin: boolean;
  idempotencyKey: string | null;
}

function caseOf(route: Route): fc.Arbitrary<Case> {
  const params = (route.path.match(PARAM) ?? []).length;
  const schema = schemas.get(`${route.method} ${route.path}`);
  const value = schema ? brokenBody(fromSchema(schema as never, components)) : fc.jsonValue({ maxDepth: 3 });
  const hasBody = route.method !== "GET" && route.method !== "HEAD";
  return fc.record({
    params: fc.array(pathValue, { minLength: params, maxLength: params }),
    query: queryString,
    body: hasBody
      ? encodedBody(value, !route.path.startsWith("/api"))
      : fc.constant({ contentType: null, body: null, label: "none" }),
    signedIn: fc.boolean(),
    html: fc.boolean(),
    csrf: fc.boolean(),
    origin: fc.boolean(),
    idempotencyKey: fc.option(fc.oneof(fc.uuid(), nastyString), { nil: null }),
  });
}

/** Percent-encodes a path segment; a lone surrogate goes as the invalid UTF-8 bytes a client would send. */
function segment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80";
  }
}

function requestOf(route: Route, c: Case): Request {
  let i = 0;
  // A parameter may carry a pattern (`:file{[0-9]{4}-[0-9]{2}\.csv}`): the whole of it is replaced.
  const path = route.path.replace(PARAM, () => segment(c.params[i++] ?? ""));
  const headers = new Headers({ "cf-connecting-ip": freshIp() });
  if (c.signedIn) headers.set("cookie", session.cookie);
  if (c.html) headers.set("accept", "text/html,application/xhtml+xml");
  if (c.origin) headers.set("origin", ORIGIN);
  if (c.idempotencyKey !== null) {
    // Non-ASCII header bytes as "?": workerd would print a warning for every one of thousands.
    const key = c.idempotencyKey.replace(/[^\x20-\x7e]/g, "?");
    try {
      headers.set("idempotency-key", key);
    } catch {
      // A header value Headers refuses is not one a client can send either.
    }
  }
  let body = c.body.body;
  if (c.body.contentType) headers.set("content-type", c.body.contentType);
  if (c.signedIn && c.csrf && typeof body === "string" && c.body.label === "form") {
    body = `${body}${body ? "&" : ""}_csrf=${encodeURIComponent(session.csrf)}`;
  }
  return new Request(`${BASE}${path}${c.query}`, { method: route.method, headers, body, redirect: "manual" });
}

async function check(route: Route, c: Case): Promise<void> {
  const request = requestOf(route, c);
  const meter = countingD1(env.DB);
  const ctx = createExecutionContext();
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIME_LIMIT_MS} ms`)), TIME_LIMIT_MS);
  });
  try {
    const res = await Promise.race([worker.fetch(request, { ...env, DB: meter.db }, ctx), timeout]);
    const text = await Promise.race([res.text(), timeout]);
    await waitOnExecutionContext(ctx);
    const type = res.headers.get("content-type") ?? "";
    const where = `${route.method} ${request.url.slice(0, 160)} [${c.body.label}] → ${res.status}`;
    expect(res.status, where).toBeLessThan(500);
    expect(Date.now() - started, where).toBeLessThan(TIME_LIMIT_MS);
    if (res.status >= 400) {
      const page = !new URL(request.url).pathname.startsWith("/api/") && c.html;
      if (page) expect(type, where).toContain("text/html");
      else if (!type.includes("text/html")) {
        // A program gets the envelope; a page route may also answer it with its form shown again.
        expect(type, where).toContain("application/json");
        expect((JSON.parse(text) as { error?: { code?: unknown } }).error?.code, where).toEqual(expect.any(String));
      }
      const written = meter.breakdown.filter((b) => b.rowsWritten > 0 && !/\bsessions\b/.test(b.sql));
      expect(
        written.map((b) => b.sql.slice(0, 80)),
        where,
      ).toEqual([]);
    }
    if (type.includes("text/html")) expect(text.includes(SCRIPT_MARKER), where).toBe(false);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Defines the suite for one shard of the routes (every `shards`-th route from `shard`), so the
 * shards run side by side in separate files; shard 0 also holds the coverage check and the named cases.
 */
export function defineFuzzSuite(shard: number, shards: number): void {
  beforeAll(setUp);

  describe(`every route, fuzzed (shard ${shard + 1} of ${shards})`, () => {
    if (shard === 0) {
      it("covers the app's public and official areas", () => {
        for (const prefix of [
          "/aspirasi",
          "/api/v1/aspirations",
          "/api/v1/registrations",
          "/admin",
          "/api/v1/admin",
          "/statistik",
          "/aksi",
        ]) {
          expect(
            routes.some((r) => r.path.startsWith(prefix)),
            prefix,
          ).toBe(true);
        }
      });
    }

    routes.forEach((route, index) => {
      if (index % shards !== shard) return;
      it(`${route.method} ${route.path}`, async () => {
        await fc.assert(
          fc.asyncProperty(caseOf(route), (c) => check(route, c)),
          { numRuns: RUNS, seed: 20261204 + index, endOnFailure: true },
        );
      }, 600_000);
    });
  });

  if (shard !== 0) return;
  describe("the hardening issue's cases, by name", () => {
    const named: [string, Route, Partial<Case>][] = [
      [
        "a working-day count from 31 December 9999",
        { method: "GET", path: "/api/v1/calendar/working-days" },
        { query: "?from=9999-12-31&days=1" },
      ],
      [
        "multipart without a boundary",
        { method: "POST", path: "/api/v1/registrations" },
        { body: { contentType: "multipart/form-data", body: "--x\r\n\r\n1", label: "no boundary" } },
      ],
      [
        "a 20,000-level JSON object",
        { method: "POST", path: "/api/v1/registrations" },
        { body: { contentType: "application/json", body: deeplyNested(20_000), label: "deep" } },
      ],
      [
        "a photo whose file name holds a NUL, in a truncated multipart body",
        { method: "POST", path: "/api/v1/aspirations" },
        {
          body: {
            contentType: "multipart/form-data; boundary=zz",
            body: '--zz\r\nContent-Disposition: form-data; name="photos"; filename="a\u0000.png"\r\n\r\nMZ',
            label: "NUL filename",
          },
        },
      ],
      [
        "an audit filter that is not a date",
        { method: "GET", path: "/admin/audit" },
        { query: "?from=bad&sebelum=abc", signedIn: true },
      ],
      [
        "the audit CSV with a bad filter",
        { method: "GET", path: "/admin/audit/ekspor.csv" },
        { query: "?from=bad", signedIn: true },
      ],
    ];
    for (const [name, route, partial] of named) {
      it(name, async () => {
        await check(route, {
          params: [],
          query: "",
          body: { contentType: null, body: null, label: "none" },
          signedIn: false,
          html: false,
          csrf: true,
          origin: true,
          idempotencyKey: crypto.randomUUID(),
          ...partial,
        });
      });
    }
  });
}
