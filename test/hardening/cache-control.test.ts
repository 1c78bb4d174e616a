import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrationEvents, registrations } from "../../schema";
import { createApp } from "../../workers/http/app";
import {
  endorsementLinks,
  memberEditorLink,
  revisionFormLink,
  withdrawLink,
} from "../../workers/services/registration/links";
import { STYLESHEET_PATH } from "../../workers/views/stylesheet";
import { createOfficial, grants, ORIGIN, sessionFor, type TestSession, url } from "../fixtures/officials";
import { createVillage, db, insertRegistration, villageHeadOf } from "../fixtures/registration-flow";

/**
 * Item 11 of issue 9: pages and API answers with personal data, or that belong to a session, must
 * not be kept by a browser's or a proxy's cache. The list of routes comes from the app itself, so
 * a route added later is covered without anyone adding it here.
 */

const config = { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);

/** The only paths that may be cached: the same for everyone and without personal data. */
const PUBLIC = [/^\/$/, /^\/healthz$/, /^\/assets\//, /^\/api\/docs$/, /^\/api\/openapi\.json$/, /^\/api\/v1\/areas/];
const PUBLIC_PREFIXES = [/^\/api\/v1\/calendar\//];
const isPublic = (path: string) => [...PUBLIC, ...PUBLIC_PREFIXES].some((p) => p.test(path));

let session: TestSession;
/** Signs the writes in: a sign-out in the walk ("/keluar/semua") must not end the session the pages are read with. */
let writer: { id: string };
let officialId = "";
let pending = "";
let kimNumber = "";
const tokens: Record<"revise" | "members" | "endorse" | "withdraw", string> = {
  revise: "",
  members: "",
  endorse: "",
  withdraw: "",
};
const lastSegment = (path: string) => path.slice(path.lastIndexOf("/") + 1);

beforeAll(async () => {
  const village = await createVillage();
  const official = await createOfficial({
    grants: [grants.admin(), grants.verifier(), grants.leadership(), grants.villageHead(village.code)],
  });
  officialId = official.id;
  session = await sessionFor(official);
  writer = await createOfficial({ grants: official.grants });

  const registration = await insertRegistration({ village });
  pending = registration.id;
  const head = await villageHeadOf(village.code);
  tokens.endorse = lastSegment((await endorsementLinks(config, pending, head.id, inAWeek())).endorse);
  tokens.withdraw = lastSegment(await withdrawLink(config, pending, inAWeek()));

  const kimVillage = await createVillage();
  kimNumber = `KIM-${kimVillage.code.replaceAll(".", "")}-001`;
  const kim = await insertRegistration({ village: kimVillage, status: "approved", registrationNumber: kimNumber });
  tokens.members = lastSegment(await memberEditorLink(config, kim.id, inAWeek()));

  const revised = await insertRegistration({ status: "awaiting_verification" });
  await db().update(registrations).set({ status: "needs_revision" }).where(eq(registrations.id, revised.id));
  await db()
    .insert(registrationEvents)
    .values({
      registrationId: revised.id,
      at: new Date().toISOString(),
      kind: "revise",
      actorType: "official",
      actorId: "verifier",
      fromStatus: "awaiting_verification",
      toStatus: "needs_revision",
      reason: "Mohon lengkapi.",
      detail: { fields: [{ path: "decree", reason: "Nomor SK tidak terbaca." }] },
    });
  tokens.revise = lastSegment(await revisionFormLink(config, revised.id, inAWeek()));
});

/**
 * A concrete path for a route template: pages read records of this file; writes get ids that
 * match nothing, so the walk never signs out, deactivates or decides anything.
 */
function concrete(method: string, template: string): string {
  if (method !== "GET") return template.replace(/:[A-Za-z]+/g, "none");
  return template
    .replace(/^\/kim\/perbaikan\/:token$/, `/kim/perbaikan/${tokens.revise}`)
    .replace(/^\/kim\/ubah-anggota\/:token$/, `/kim/ubah-anggota/${tokens.members}`)
    .replace(/^\/aksi\/:token$/, `/aksi/${tokens.endorse}`)
    .replace(/^(\/admin\/pejabat|\/api\/v1\/admin\/officials)\/:id/, `$1/${officialId}`)
    .replace(/^\/kim\/:number/, `/kim/${kimNumber}`)
    .replace(/:year/, "2026")
    .replace(/:code/, "64.03.04")
    .replace(/:date/, "2031-01-01")
    .replace(/:key/, "kim.memberCountMax")
    .replace(/:id/, pending)
    .replace(/:[A-Za-z]+/g, "none");
}

async function request(method: string, path: string, signedIn: boolean) {
  const headers: Record<string, string> = { accept: "text/html", origin: ORIGIN };
  const reading = method === "GET" || method === "HEAD";
  const as = signedIn ? (reading ? session : await sessionFor(writer)) : undefined;
  if (as) headers.cookie = as.cookie;
  let body: string | undefined;
  if (!reading) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams({ _csrf: as?.csrf ?? "" }).toString();
  }
  return exports.default.fetch(url(path), { method, headers, body, redirect: "manual" });
}

describe("Cache-Control on responses with personal data or a session", () => {
  it("keeps the pages named in the audit out of every cache while they show personal data", async () => {
    const pages = [
      `/pendaftaran/${pending}`,
      "/pendaftaran",
      `/api/v1/registrations/${pending}`,
      "/akun",
      "/admin/pejabat",
      `/admin/pejabat/${officialId}`,
      `/kim/perbaikan/${tokens.revise}`,
      `/kim/ubah-anggota/${tokens.members}`,
      `/aksi/${tokens.endorse}`,
      `/aksi/${tokens.withdraw}`,
      `/daftar-kim/${pending}`,
      `/kim/${kimNumber}/sertifikat`,
      "/masuk",
    ];
    const answers = await Promise.all(
      pages.map(async (path) => {
        // The sign-in page sends a signed-in official on; it is checked as the people who see it.
        const res = await request("GET", path, path !== "/masuk");
        await res.body?.cancel();
        return { path, status: res.status, cacheControl: res.headers.get("cache-control") };
      }),
    );
    expect(answers).toEqual(pages.map((path) => ({ path, status: 200, cacheControl: "no-store" })));
  });

  // About two hundred requests, one after another: more than the default 5 s on a busy machine.
  it("sends no-store on every route of the app outside the public reference data, signed in or not", async () => {
    const routes = createApp()
      .routes.filter((r) => r.method !== "ALL" && !r.path.includes("*"))
      .map((r) => ({ method: r.method, path: concrete(r.method, r.path) }))
      .filter((r) => !isPublic(r.path));
    // The walk must see the app's private areas, or it would pass by seeing nothing.
    for (const prefix of ["/admin", "/api/v1/admin", "/pendaftaran", "/api/v1/registrations", "/kim", "/aksi", "/akun"])
      expect(routes.some((r) => r.path.startsWith(prefix))).toBe(true);

    const failures: string[] = [];
    for (const { method, path } of routes) {
      for (const signedIn of [true, false]) {
        const res = await request(method, path, signedIn);
        await res.body?.cancel();
        if (res.headers.get("cache-control") !== "no-store")
          failures.push(
            `${method} ${path} (${signedIn ? "signed in" : "anonymous"}): ${res.headers.get("cache-control")}`,
          );
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it("sends no-store when a response clears an ended session's cookie, even on a public page", async () => {
    const res = await exports.default.fetch(url("/"), { headers: { cookie: "__Host-simpul_session=ended" } });
    expect(res.headers.get("set-cookie")).toContain("__Host-simpul_session=");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("lets the stylesheet and public reference data be cached", async () => {
    const css = await exports.default.fetch(url(STYLESHEET_PATH));
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const areas = await exports.default.fetch(url("/api/v1/areas"));
    expect(areas.status).toBe(200);
    expect(areas.headers.get("cache-control")).toBeNull();
  });
});

describe("security headers on every route (issue 13)", () => {
  it("sends a CSP without unsafe-inline or unsafe-eval, and the other headers, on every route, signed in or not", async () => {
    const routes = createApp()
      .routes.filter((r) => r.method !== "ALL" && !r.path.includes("*"))
      .map((r) => ({ method: r.method, path: concrete(r.method, r.path) }));
    const failures: string[] = [];
    for (const { method, path } of routes) {
      for (const signedIn of [true, false]) {
        const res = await request(method, path, signedIn);
        await res.body?.cancel();
        const csp = res.headers.get("content-security-policy") ?? "";
        const problems = [
          !csp.includes("default-src 'self'") && "no default-src 'self'",
          !csp.includes("frame-ancestors 'none'") && "framing allowed",
          /unsafe-(inline|eval)/.test(csp) && "unsafe-inline or unsafe-eval",
          res.headers.get("x-content-type-options") !== "nosniff" && "no nosniff",
          !res.headers.get("referrer-policy") && "no Referrer-Policy",
          !res.headers.get("strict-transport-security") && "no HSTS",
        ].filter(Boolean);
        if (problems.length > 0)
          failures.push(`${method} ${path} (${signedIn ? "signed in" : "anonymous"}): ${problems.join(", ")}`);
      }
    }
    expect(routes.length).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 60_000);
});
