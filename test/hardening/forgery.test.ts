import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../workers/http/app";
import { createOfficial, grants, ORIGIN, sessionFor, type TestSession } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { freshIp } from "../fixtures/registration-intake";

/**
 * Cross-site request forgery on every state-changing route of the app, taken from its route
 * table so a new route is covered without anyone adding it. A form posted from another site (the
 * only kind of cross-site write a browser sends without asking) is refused, signed in or not; a
 * signed-in form from this site without the session's token is refused on every official page.
 * Neither writes a row anywhere.
 */

const EVIL = "https://evil.example";
let admin: TestSession;

beforeAll(async () => {
  await seedReferenceData(env.DB);
  admin = await sessionFor(await createOfficial({ grants: [grants.admin()] }));
});

const writes = createApp()
  .routes.filter((r) => !["ALL", "GET", "HEAD", "OPTIONS"].includes(r.method) && !r.path.includes("*"))
  .map((r) => ({ method: r.method, path: r.path.replace(/:\w+(\{(?:[^{}]|\{[^{}]*\})*\})?/g, "x") }));

/**
 * The public API's writes act for nobody in particular (a citizen or a KIM, never a session), so
 * a request from another site can do nothing a direct call cannot: they stay open to any client,
 * a KIM's own website included, behind their rate limits and idempotency keys.
 */
const OPEN_API = new Set([
  "POST /api/v1/registrations",
  "POST /api/v1/aspirations",
  "POST /api/v1/aspirations/x/feedback",
]);

/** Pages behind a session (not the public forms, not the JSON API). */
const OFFICIAL_PAGE = /^\/(admin|pendaftaran|aspirasi\/kelola|keluar)(\/|$)/;

async function totalRows(): Promise<number> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const counts = await env.DB.batch(tables.results.map((t) => env.DB.prepare(`SELECT count(*) AS n FROM "${t.name}"`)));
  return counts.reduce((sum, r) => sum + ((r.results[0] as { n: number }).n ?? 0), 0);
}

function post(route: { method: string; path: string }, headers: Record<string, string>, body: URLSearchParams) {
  return exports.default.fetch(`${ORIGIN}${route.path}`, {
    method: route.method,
    headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": freshIp(), ...headers },
    body,
    redirect: "manual",
  });
}

describe("forged requests", () => {
  it("finds the app's writes: public forms, official pages and the API", () => {
    for (const prefix of ["/daftar-kim", "/aspirasi", "/lacak", "/admin", "/pendaftaran", "/api/v1/admin", "/aksi"]) {
      expect(writes.some((r) => r.path.startsWith(prefix))).toBe(true);
    }
    const routes = new Set(writes.map((r) => `${r.method} ${r.path}`));
    expect([...OPEN_API].filter((r) => !routes.has(r))).toEqual([]);
  });

  it("refuses a form posted from another site on every write route, signed in or not, and writes nothing", async () => {
    const before = await totalRows();
    const accepted: string[] = [];
    for (const route of writes.filter((r) => !OPEN_API.has(`${r.method} ${r.path}`))) {
      for (const cookie of [admin.cookie, undefined]) {
        const headers: Record<string, string> = { origin: EVIL };
        if (cookie) headers.cookie = cookie;
        const res = await post(route, headers, new URLSearchParams({ _csrf: admin.csrf, nama: "x" }));
        await res.body?.cancel();
        // Without a session an official route sends the person to sign in: nothing to forge there.
        const refused = res.status === 403 || (!cookie && (res.status === 401 || res.status === 303));
        if (!refused)
          accepted.push(`${route.method} ${route.path} (${cookie ? "signed in" : "anonymous"}): ${res.status}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(await totalRows()).toBe(before);
  }, 60_000);

  it("refuses a signed-in form from this site without the session's token on every official page", async () => {
    const pages = writes.filter((r) => OFFICIAL_PAGE.test(r.path));
    expect(pages.length).toBeGreaterThan(30);
    const before = await totalRows();
    const accepted: string[] = [];
    for (const route of pages) {
      for (const token of [undefined, "bukan-token-sesi"]) {
        const body = new URLSearchParams({ nama: "x" });
        if (token) body.set("_csrf", token);
        const res = await post(route, { origin: ORIGIN, cookie: admin.cookie }, body);
        await res.body?.cancel();
        if (res.status !== 403)
          accepted.push(`${route.method} ${route.path} (${token ? "wrong token" : "no token"}): ${res.status}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(await totalRows()).toBe(before);
  }, 60_000);
});
