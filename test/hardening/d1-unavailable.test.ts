import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../workers/http/app";
import worker from "../../workers/index";
import { createOfficial, grants, ORIGIN, sessionFor, type TestSession } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

/**
 * D1 unavailable for a moment on a request path (issue 13): every route of the app, signed in or
 * not, meets a D1 binding whose every statement fails the way D1 does when its connection is lost.
 * Each must answer a clean 503 (the envelope, or a page for a browser) carrying the request id,
 * log that id, and — since nothing reached D1 — write nothing.
 */

const BASE = "http://simpul.test";
const lost = () => new Error("D1_ERROR: Network connection lost.");

/** A D1 binding that is down: preparing works, running anything throws. */
const downD1 = {
  prepare: () => {
    const statement = {
      bind: () => statement,
      all: () => Promise.reject(lost()),
      run: () => Promise.reject(lost()),
      first: () => Promise.reject(lost()),
      raw: () => Promise.reject(lost()),
    };
    return statement;
  },
  batch: () => Promise.reject(lost()),
  exec: () => Promise.reject(lost()),
} as unknown as D1Database;

let session: TestSession;

beforeAll(async () => {
  await seedReferenceData(env.DB);
  session = await sessionFor(await createOfficial({ grants: [grants.admin()] }));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("D1 unavailable", () => {
  it("answers 503 with the request id on every route that reads D1, and logs the id", async () => {
    const logged: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void logged.push(String(line)));
    vi.spyOn(console, "warn").mockImplementation((line: unknown) => void logged.push(String(line)));
    vi.spyOn(console, "error").mockImplementation((line: unknown) => void logged.push(String(line)));
    const routes = createApp()
      .routes.filter((r) => r.method !== "ALL" && !r.path.includes("*"))
      .map((r) => ({ method: r.method, path: r.path.replace(/:\w+(\{(?:[^{}]|\{[^{}]*\})*\})?/g, "x") }));
    const failures: string[] = [];
    let unavailable = 0;
    for (const { method, path } of routes) {
      for (const html of [true, false]) {
        const headers: Record<string, string> = {
          cookie: session.cookie,
          origin: ORIGIN,
          "cf-connecting-ip": "192.0.2.60",
        };
        if (html) headers.accept = "text/html";
        if (method !== "GET") headers["content-type"] = "application/json";
        const ctx = createExecutionContext();
        const res = await worker.fetch(
          new Request(`${BASE}${path}`, { method, headers, body: method === "GET" ? undefined : "{}" }),
          { ...env, DB: downD1 },
          ctx,
        );
        const text = await res.text();
        await waitOnExecutionContext(ctx);
        const requestId = res.headers.get("x-request-id") ?? "";
        if (res.status >= 500 && res.status !== 503) failures.push(`${method} ${path}: ${res.status}`);
        if (res.status !== 503) continue;
        unavailable++;
        if (!text.includes(requestId)) failures.push(`${method} ${path}: no request id in the answer`);
        if (!logged.some((line) => line.includes(requestId))) failures.push(`${method} ${path}: request id not logged`);
        if (!html || path.startsWith("/api/")) {
          const body = JSON.parse(text) as { error?: { code?: string } };
          if (body.error?.code !== "service_unavailable" && !path.startsWith("/healthz"))
            failures.push(`${method} ${path}: ${text.slice(0, 80)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Nearly every route reads D1 (the session alone does): most answers are 503.
    expect(unavailable).toBeGreaterThan(routes.length);
  }, 120_000);
});
