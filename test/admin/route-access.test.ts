import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { OfficialActor } from "../../workers/domain/actor";
import { type Action, actionScope, can } from "../../workers/domain/policy";
import type { RoleGrant } from "../../workers/domain/roles";
import { mayReadQueue } from "../../workers/services/registration/queues";
import { routedAspiration } from "../fixtures/aspirations";
import {
  AGENCY,
  createOfficial,
  grants,
  ORIGIN,
  OTHER_AGENCY,
  OTHER_VILLAGE,
  sessionFor,
  type TestSession,
  VILLAGE,
} from "../fixtures/officials";
import { db, insertRegistration } from "../fixtures/registration-flow";
import { seedSegah } from "../fixtures/registrations";

/**
 * Every protected route of issue 4 and of the officials' registration API, the policy action it
 * is guarded by, and a request an allowed actor could make. `:target` is an official created for
 * the run, `:registration` a registration awaiting endorsement in `VILLAGE`; `scoped` routes ask
 * the policy about that registration's village, `allowed` replaces the policy question where the
 * route asks another one.
 */
interface Route {
  method: string;
  path: string;
  action: Action;
  body?: Record<string, unknown> | string;
  scoped?: boolean;
  /** Asks the policy about the test aspiration, routed to `AGENCY`. */
  aspirationScoped?: boolean;
  allowed?: (actor: OfficialActor) => boolean;
}

const ROUTES: Route[] = [
  { method: "GET", path: "/admin", action: "officials.manage" },
  { method: "GET", path: "/admin/pejabat", action: "officials.manage" },
  { method: "POST", path: "/admin/pejabat", action: "officials.manage", body: "form" },
  { method: "GET", path: "/admin/pejabat/:target", action: "officials.manage" },
  { method: "POST", path: "/admin/pejabat/:target/peran", action: "officials.manage", body: "form" },
  { method: "POST", path: "/admin/pejabat/:target/peran/none/hapus", action: "officials.manage", body: "form" },
  { method: "POST", path: "/admin/pejabat/:target/aktifkan", action: "officials.manage", body: "form" },
  { method: "GET", path: "/admin/opd", action: "agencies.manage" },
  { method: "POST", path: "/admin/opd", action: "agencies.manage", body: "form" },
  { method: "GET", path: "/admin/opd/none", action: "agencies.manage" },
  { method: "GET", path: "/admin/kategori", action: "agencies.manage" },
  { method: "POST", path: "/admin/kategori", action: "agencies.manage", body: "form" },
  { method: "GET", path: "/admin/eskalasi", action: "agencies.manage" },
  { method: "POST", path: "/admin/eskalasi", action: "agencies.manage", body: "form" },
  { method: "GET", path: "/admin/pengaturan", action: "settings.manage" },
  { method: "POST", path: "/admin/pengaturan/kim.memberCountMax", action: "settings.manage", body: "form" },
  { method: "GET", path: "/admin/kalender", action: "calendar.manage" },
  { method: "GET", path: "/admin/kalender/2026", action: "calendar.manage" },
  { method: "POST", path: "/admin/kalender", action: "calendar.manage", body: "form" },
  { method: "POST", path: "/admin/kalender/impor", action: "calendar.manage", body: "form" },
  { method: "GET", path: "/admin/audit", action: "audit.read" },
  { method: "GET", path: "/admin/audit/ekspor.csv", action: "audit.read" },
  { method: "GET", path: "/admin/email-gagal", action: "mail.resend" },
  { method: "GET", path: "/admin/statistik", action: "stats.manage" },
  { method: "POST", path: "/admin/statistik/hitung", action: "stats.manage", body: "form" },
  { method: "POST", path: "/admin/statistik/hitung-ulang", action: "stats.manage", body: "form" },
  { method: "POST", path: "/api/v1/admin/stats/backfill", action: "stats.manage", body: {} },
  { method: "POST", path: "/api/v1/admin/stats/monthly/2026-11/recompute", action: "stats.manage", body: {} },
  { method: "POST", path: "/admin/email-gagal/none/kirim-ulang", action: "mail.resend", body: "form" },
  { method: "GET", path: "/api/v1/admin/officials", action: "officials.manage" },
  { method: "POST", path: "/api/v1/admin/officials", action: "officials.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/officials/:target", action: "officials.manage" },
  { method: "POST", path: "/api/v1/admin/officials/:target/roles", action: "officials.manage", body: {} },
  { method: "DELETE", path: "/api/v1/admin/officials/:target/roles/none", action: "officials.manage" },
  { method: "POST", path: "/api/v1/admin/officials/:target/activate", action: "officials.manage" },
  { method: "GET", path: "/api/v1/admin/agencies", action: "agencies.manage" },
  { method: "POST", path: "/api/v1/admin/agencies", action: "agencies.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/agencies/none", action: "agencies.manage" },
  { method: "PUT", path: "/api/v1/admin/agencies/none", action: "agencies.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/categories", action: "agencies.manage" },
  { method: "POST", path: "/api/v1/admin/categories", action: "agencies.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/escalation-contacts", action: "agencies.manage" },
  { method: "DELETE", path: "/api/v1/admin/escalation-contacts/none", action: "agencies.manage" },
  { method: "GET", path: "/api/v1/admin/settings", action: "settings.manage" },
  { method: "PUT", path: "/api/v1/admin/settings/kim.memberCountMax", action: "settings.manage", body: { value: 0 } },
  { method: "DELETE", path: "/api/v1/admin/settings/kim.memberCountMax", action: "settings.manage" },
  { method: "GET", path: "/api/v1/admin/calendar", action: "calendar.manage" },
  { method: "GET", path: "/api/v1/admin/calendar/2026", action: "calendar.manage" },
  { method: "POST", path: "/api/v1/admin/calendar/holidays", action: "calendar.manage", body: {} },
  { method: "DELETE", path: "/api/v1/admin/calendar/holidays/2031-01-01", action: "calendar.manage" },
  { method: "POST", path: "/api/v1/admin/calendar/import", action: "calendar.manage", body: "" },
  { method: "GET", path: "/api/v1/admin/audit", action: "audit.read" },
  { method: "GET", path: "/api/v1/admin/audit/export.csv", action: "audit.read" },
  { method: "GET", path: "/api/v1/admin/mail/failed", action: "mail.resend" },
  { method: "POST", path: "/api/v1/admin/mail/failed/none/resend", action: "mail.resend" },
  // A village head sees the endorsement queue of their own villages: any village scope will do.
  {
    method: "GET",
    path: "/api/v1/registrations?stage=endorsement",
    action: "registration.read",
    allowed: (actor) => mayReadQueue(actor, "endorsement"),
  },
  { method: "GET", path: "/api/v1/registrations?stage=verification", action: "registration.verify" },
  { method: "GET", path: "/api/v1/registrations/:registration", action: "registration.read", scoped: true },
  // Whoever may read the village's registrations may endorse (village head) or record it on their behalf (verifier).
  {
    method: "POST",
    path: "/api/v1/registrations/:registration/endorsement",
    action: "registration.read",
    scoped: true,
    body: {},
  },
  {
    method: "POST",
    path: "/api/v1/registrations/:registration/verification",
    action: "registration.verify",
    scoped: true,
    body: {},
  },
  // Aspirations: a case routed to AGENCY, so an agency's own officers are scoped in and others out.
  { method: "GET", path: "/api/v1/aspirations/queues/verification", action: "aspiration.verify" },
  {
    method: "GET",
    path: "/api/v1/aspirations/queues/agency",
    action: "aspiration.read",
    allowed: (actor) => {
      const scope = actionScope(actor, "aspiration.read");
      return scope.all || scope.agencyIds.length > 0;
    },
  },
  { method: "GET", path: "/api/v1/aspirations/:aspiration/case", action: "aspiration.read", aspirationScoped: true },
  { method: "GET", path: "/api/v1/aspirations/search?q=lampu", action: "aspiration.verify" },
  {
    method: "POST",
    path: "/api/v1/aspirations/:aspiration/decisions",
    action: "aspiration.answer",
    aspirationScoped: true,
    body: { decision: "answer" },
  },
];

const ROLES: { label: string; grants: RoleGrant[] }[] = [
  { label: "admin", grants: [grants.admin()] },
  { label: "verifier", grants: [grants.verifier()] },
  { label: "leadership", grants: [grants.leadership()] },
  { label: "village head (own village)", grants: [grants.villageHead(VILLAGE)] },
  { label: "village head (other village)", grants: [grants.villageHead(OTHER_VILLAGE)] },
  { label: "agency officer (own agency)", grants: [grants.agencyOfficer(AGENCY)] },
  { label: "agency officer (other agency)", grants: [grants.agencyOfficer(OTHER_AGENCY)] },
  { label: "agency head (own agency)", grants: [grants.agencyHead(AGENCY)] },
  { label: "agency head (other agency)", grants: [grants.agencyHead(OTHER_AGENCY)] },
  { label: "verifier and village head", grants: [grants.verifier(), grants.villageHead(VILLAGE)] },
  { label: "official without roles", grants: [] },
];

let target = "";
let registration = "";
let aspiration = "";
const sessions = new Map<string, TestSession>();

beforeAll(async () => {
  target = (await createOfficial({ grants: [grants.verifier()] })).id;
  await seedSegah(db());
  registration = (await insertRegistration({ village: { code: VILLAGE, name: "Long La'ai" } })).id;
  aspiration = await routedAspiration(AGENCY);
  for (const role of ROLES) sessions.set(role.label, await sessionFor(await createOfficial({ grants: role.grants })));
});

function send(route: Route, session?: TestSession) {
  const path = route.path
    .replace(":target", target)
    .replace(":registration", registration)
    .replace(":aspiration", aspiration);
  const headers: Record<string, string> = { origin: ORIGIN };
  let body: string | undefined;
  if (session) headers.cookie = session.cookie;
  if (route.body === "form") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams({ _csrf: session?.csrf ?? "" }).toString();
  } else if (typeof route.body === "string") {
    headers["content-type"] = "text/csv";
    body = route.body;
  } else if (route.body) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(route.body);
  }
  return exports.default.fetch(`${ORIGIN}${path}`, { method: route.method, headers, body, redirect: "manual" });
}

describe.each(ROUTES)("$method $path ($action)", (route) => {
  it("anonymous: 401 for the API, a redirect to /masuk for pages", async () => {
    const res = await send(route);
    if (route.path.startsWith("/api/")) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
    } else {
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/^\/masuk\?lanjut=/);
    }
  });

  it.each(ROLES)("$label: as the policy says", async (role) => {
    const actor: OfficialActor = { type: "official", id: "x", grants: role.grants };
    const allowed =
      route.allowed?.(actor) ??
      (route.aspirationScoped
        ? can(actor, route.action, { kind: "aspiration", agencyId: AGENCY })
        : can(actor, route.action, route.scoped ? { kind: "registration", villageCode: VILLAGE } : undefined));
    const res = await send(route, sessions.get(role.label));
    if (allowed) {
      expect([401, 403]).not.toContain(res.status);
      if (route.method === "GET" && !route.path.includes("none")) expect(res.status).toBe(200);
    } else {
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({
        error: {
          code: "forbidden",
          message: "Anda tidak berwenang melakukan tindakan ini.",
          requestId: expect.any(String),
        },
      });
    }
  });
});

describe("the policy behind these routes", () => {
  it("lets only administrators into the admin area", () => {
    const allowedLabels = ROLES.filter((r) =>
      ROUTES.every((route) => can({ type: "official", id: "x", grants: r.grants }, route.action)),
    ).map((r) => r.label);
    expect(allowedLabels).toEqual(["admin"]);
  });
});
