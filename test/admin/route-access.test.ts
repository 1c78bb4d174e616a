import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { OfficialActor } from "../../workers/domain/actor";
import { type Action, actionScope, can } from "../../workers/domain/policy";
import type { RoleGrant } from "../../workers/domain/roles";
import { createApp } from "../../workers/http/app";
import { mayReadQueue } from "../../workers/services/registration/queues";
import { STYLESHEET_PATH } from "../../workers/views/stylesheet";
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
 * The authorization matrix of every route of the app. Each route either needs a signed-in
 * official and is listed in `ROUTES`, with the question it asks and a request an allowed actor
 * could make, or needs none and is listed in `PUBLIC_ROUTES` with the reason. The first test
 * reads the app's own route table (`createApp().routes`) and fails naming any route that is in
 * neither list, any `PUBLIC_ROUTES` entry that is no longer a route, and any `ROUTES` entry that
 * reaches no route; a new route therefore cannot ship without a line here.
 *
 * For each route in `ROUTES`: anonymous gets 401 (API) or a redirect to /masuk (pages); each of
 * `ROLES` gets 403 `forbidden` when the policy refuses it, and otherwise neither 401 nor 403
 * (and 200 for a GET whose path has no `none`). The matrix sends no browser `Accept` header, so
 * pages answer a refusal in the JSON envelope like the API; the last test checks that a browser
 * gets the same 403 as the HTML error page.
 *
 * `:target` is an official created for the run, `:registration` a registration awaiting
 * endorsement in `VILLAGE` (with a decree scan), `:aspiration` a case routed to `AGENCY`; `none`
 * is an id that does not exist. `scoped` routes ask the policy about the registration's village,
 * `aspirationScoped` ones about the case's agency, and `allowed` replaces the policy question
 * where the route asks another one (or none: `action` is then left out).
 *
 * Allowed requests really run, in the order listed, with an empty body or form: most are refused
 * (404 for `none`, 409, 422) or change nothing that matters (a setting reset to its default, an
 * active official activated), but three succeed with an empty form and move the shared records
 * on: the village head endorses `:registration` on /sahkan, the administrator then approves it on
 * /setujui, and the administrator starts handling `:aspiration` on /mulai. Allowed roles after
 * them get 409; a refused role must still get 403, since authorization comes before the status
 * check. Routes that sign out are sent as a fresh official each (`endsSession`).
 */
interface Route {
  method: string;
  path: string;
  action?: Action;
  body?: Record<string, unknown> | string;
  scoped?: boolean;
  /** Asks the policy about the test aspiration, routed to `AGENCY`. */
  aspirationScoped?: boolean;
  allowed?: (actor: OfficialActor) => boolean;
  /** Ends the session it is sent with (or all of the official's): sent as a fresh official with the role's grants. */
  endsSession?: boolean;
}

/** Any signed-in official, whatever their roles: routes about the official's own account and session. */
const anyOfficial = () => true;

/** The endorsement forms: the village head themself, or a verifier recording it on their behalf (`registration.read`'s roles). */
const ENDORSE = { action: "registration.read", scoped: true } as const;

const ROUTES: Route[] = [
  // The official's own account and session: any role, or none.
  { method: "GET", path: "/akun", allowed: anyOfficial },
  { method: "GET", path: "/api/v1/auth/session", allowed: anyOfficial },
  { method: "POST", path: "/keluar", allowed: anyOfficial, body: "form", endsSession: true },
  { method: "POST", path: "/keluar/semua", allowed: anyOfficial, body: "form", endsSession: true },
  { method: "DELETE", path: "/api/v1/auth/session", allowed: anyOfficial, endsSession: true },
  { method: "DELETE", path: "/api/v1/auth/sessions", allowed: anyOfficial, endsSession: true },
  // Administration pages.
  { method: "GET", path: "/admin", action: "officials.manage" },
  { method: "GET", path: "/admin/pejabat", action: "officials.manage" },
  { method: "POST", path: "/admin/pejabat", action: "officials.manage", body: "form" },
  { method: "GET", path: "/admin/pejabat/:target", action: "officials.manage" },
  { method: "POST", path: "/admin/pejabat/:target/peran", action: "officials.manage", body: "form" },
  { method: "POST", path: "/admin/pejabat/:target/peran/none/hapus", action: "officials.manage", body: "form" },
  { method: "POST", path: "/admin/pejabat/none/nonaktifkan", action: "officials.manage", body: "form" },
  { method: "POST", path: "/admin/pejabat/:target/aktifkan", action: "officials.manage", body: "form" },
  { method: "GET", path: "/admin/opd", action: "agencies.manage" },
  { method: "POST", path: "/admin/opd", action: "agencies.manage", body: "form" },
  { method: "GET", path: "/admin/opd/none", action: "agencies.manage" },
  { method: "POST", path: "/admin/opd/none", action: "agencies.manage", body: "form" },
  { method: "GET", path: "/admin/kategori", action: "agencies.manage" },
  { method: "POST", path: "/admin/kategori", action: "agencies.manage", body: "form" },
  { method: "POST", path: "/admin/kategori/none", action: "agencies.manage", body: "form" },
  { method: "GET", path: "/admin/eskalasi", action: "agencies.manage" },
  { method: "POST", path: "/admin/eskalasi", action: "agencies.manage", body: "form" },
  { method: "POST", path: "/admin/eskalasi/none/hapus", action: "agencies.manage", body: "form" },
  { method: "GET", path: "/admin/pengaturan", action: "settings.manage" },
  { method: "POST", path: "/admin/pengaturan/kim.memberCountMax", action: "settings.manage", body: "form" },
  { method: "POST", path: "/admin/pengaturan/kim.memberCountMax/bawaan", action: "settings.manage", body: "form" },
  { method: "GET", path: "/admin/kalender", action: "calendar.manage" },
  { method: "GET", path: "/admin/kalender/2026", action: "calendar.manage" },
  { method: "POST", path: "/admin/kalender", action: "calendar.manage", body: "form" },
  { method: "POST", path: "/admin/kalender/impor", action: "calendar.manage", body: "form" },
  { method: "POST", path: "/admin/kalender/tanggal/2031-01-01", action: "calendar.manage", body: "form" },
  { method: "POST", path: "/admin/kalender/tanggal/2031-01-01/hapus", action: "calendar.manage", body: "form" },
  { method: "GET", path: "/admin/audit", action: "audit.read" },
  { method: "GET", path: "/admin/audit/ekspor.csv", action: "audit.read" },
  { method: "GET", path: "/admin/email-gagal", action: "mail.resend" },
  { method: "GET", path: "/admin/data-pribadi", action: "privacy.export" },
  { method: "POST", path: "/admin/data-pribadi", action: "privacy.export", body: "form" },
  { method: "POST", path: "/admin/data-pribadi/unduh", action: "privacy.export", body: "form" },
  { method: "POST", path: "/api/v1/admin/data-subject-export", action: "privacy.export", body: {} },
  { method: "POST", path: "/admin/email-gagal/none/kirim-ulang", action: "mail.resend", body: "form" },
  { method: "GET", path: "/admin/statistik", action: "stats.manage" },
  { method: "POST", path: "/admin/statistik/hitung", action: "stats.manage", body: "form" },
  { method: "POST", path: "/admin/statistik/hitung-ulang", action: "stats.manage", body: "form" },
  // Administration API.
  { method: "POST", path: "/api/v1/admin/stats/backfill", action: "stats.manage", body: {} },
  { method: "POST", path: "/api/v1/admin/stats/monthly/2026-11/recompute", action: "stats.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/officials", action: "officials.manage" },
  { method: "POST", path: "/api/v1/admin/officials", action: "officials.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/officials/:target", action: "officials.manage" },
  { method: "POST", path: "/api/v1/admin/officials/:target/roles", action: "officials.manage", body: {} },
  { method: "DELETE", path: "/api/v1/admin/officials/:target/roles/none", action: "officials.manage" },
  { method: "POST", path: "/api/v1/admin/officials/none/deactivate", action: "officials.manage" },
  { method: "POST", path: "/api/v1/admin/officials/:target/activate", action: "officials.manage" },
  { method: "GET", path: "/api/v1/admin/agencies", action: "agencies.manage" },
  { method: "POST", path: "/api/v1/admin/agencies", action: "agencies.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/agencies/none", action: "agencies.manage" },
  { method: "PUT", path: "/api/v1/admin/agencies/none", action: "agencies.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/categories", action: "agencies.manage" },
  { method: "POST", path: "/api/v1/admin/categories", action: "agencies.manage", body: {} },
  { method: "PUT", path: "/api/v1/admin/categories/none", action: "agencies.manage", body: {} },
  { method: "GET", path: "/api/v1/admin/escalation-contacts", action: "agencies.manage" },
  { method: "POST", path: "/api/v1/admin/escalation-contacts", action: "agencies.manage", body: {} },
  { method: "DELETE", path: "/api/v1/admin/escalation-contacts/none", action: "agencies.manage" },
  { method: "GET", path: "/api/v1/admin/settings", action: "settings.manage" },
  { method: "PUT", path: "/api/v1/admin/settings/kim.memberCountMax", action: "settings.manage", body: { value: 0 } },
  { method: "DELETE", path: "/api/v1/admin/settings/kim.memberCountMax", action: "settings.manage" },
  { method: "GET", path: "/api/v1/admin/calendar", action: "calendar.manage" },
  { method: "GET", path: "/api/v1/admin/calendar/2026", action: "calendar.manage" },
  { method: "POST", path: "/api/v1/admin/calendar/holidays", action: "calendar.manage", body: {} },
  { method: "PUT", path: "/api/v1/admin/calendar/holidays/2031-01-01", action: "calendar.manage", body: {} },
  { method: "DELETE", path: "/api/v1/admin/calendar/holidays/2031-01-01", action: "calendar.manage" },
  { method: "POST", path: "/api/v1/admin/calendar/import", action: "calendar.manage", body: "" },
  { method: "GET", path: "/api/v1/admin/audit", action: "audit.read" },
  { method: "GET", path: "/api/v1/admin/audit/export.csv", action: "audit.read" },
  { method: "GET", path: "/api/v1/admin/mail/failed", action: "mail.resend" },
  { method: "POST", path: "/api/v1/admin/mail/failed/none/resend", action: "mail.resend" },
  // Registrations, API. A village head sees the endorsement queue of their own villages: any village scope will do.
  {
    method: "GET",
    path: "/api/v1/registrations?stage=endorsement",
    action: "registration.read",
    allowed: (actor) => mayReadQueue(actor, "endorsement"),
  },
  { method: "GET", path: "/api/v1/registrations?stage=verification", action: "registration.verify" },
  { method: "GET", path: "/api/v1/registrations/:registration", action: "registration.read", scoped: true },
  { method: "POST", path: "/api/v1/registrations/:registration/endorsement", ...ENDORSE, body: {} },
  {
    method: "POST",
    path: "/api/v1/registrations/:registration/verification",
    action: "registration.verify",
    scoped: true,
    body: {},
  },
  // Registrations, the officials' pages: the queues of whichever stage the official works in, then one registration.
  {
    method: "GET",
    path: "/pendaftaran",
    action: "registration.read",
    allowed: (actor) => mayReadQueue(actor, "endorsement") || mayReadQueue(actor, "verification"),
  },
  { method: "GET", path: "/pendaftaran/:registration", action: "registration.read", scoped: true },
  { method: "GET", path: "/pendaftaran/:registration/sk", action: "registration.read", scoped: true },
  // An empty form is a whole endorsement for the village head (the note is optional): it succeeds.
  { method: "POST", path: "/pendaftaran/:registration/sahkan", ...ENDORSE, body: "form" },
  { method: "POST", path: "/pendaftaran/:registration/tolak-pengesahan", ...ENDORSE, body: "form" },
  // The village head passes the page's guard (registration.read) and is refused by the service.
  // An empty form is a whole approval (the note is optional): the administrator approves.
  {
    method: "POST",
    path: "/pendaftaran/:registration/setujui",
    action: "registration.verify",
    scoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/pendaftaran/:registration/tolak",
    action: "registration.verify",
    scoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/pendaftaran/:registration/perbaikan",
    action: "registration.verify",
    scoped: true,
    body: "form",
  },
  // Aspirations, API: a case routed to AGENCY, so an agency's own officers are scoped in and others out.
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
  // Aspirations, the officials' pages: verifiers' queues and the queue of the agencies one may read.
  {
    method: "GET",
    path: "/aspirasi/kelola",
    action: "aspiration.read",
    allowed: (actor) => {
      const scope = actionScope(actor, "aspiration.read");
      return (
        can(actor, "aspiration.verify", { kind: "aspiration", agencyId: null }) ||
        scope.all ||
        scope.agencyIds.length > 0
      );
    },
  },
  { method: "GET", path: "/aspirasi/kelola/:aspiration", action: "aspiration.read", aspirationScoped: true },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/teruskan",
    action: "aspiration.route",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/tolak",
    action: "aspiration.close",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/bukan-wewenang",
    action: "aspiration.close",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/minta-keterangan",
    action: "aspiration.verify",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/keputusan-pengalihan",
    action: "aspiration.route",
    aspirationScoped: true,
    body: "form",
  },
  // Starting needs no field: the administrator starts handling the case, the agency's own roles then get 409.
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/mulai",
    action: "aspiration.answer",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/minta-pengalihan",
    action: "aspiration.request_transfer",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/minta-perpanjangan",
    action: "aspiration.request_extension",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/keputusan-perpanjangan",
    action: "aspiration.approve_extension",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/pemeriksaan-lapangan",
    action: "aspiration.answer",
    aspirationScoped: true,
    body: "form",
  },
  {
    method: "POST",
    path: "/aspirasi/kelola/:aspiration/jawab",
    action: "aspiration.answer",
    aspirationScoped: true,
    body: "form",
  },
];

/**
 * Every route that needs no official, as `METHOD pattern` exactly as the app registers it, with
 * why. Members of the public act by what they hold: a tracking code (and a rahasia case's key),
 * a registration number, or a signed link mailed to an address on record.
 */
const PUBLIC_ROUTES: string[] = [
  // Health check, home page and the stylesheet.
  "GET /healthz",
  "GET /",
  `GET ${STYLESHEET_PATH}`,
  // Reference data the public forms read: areas and the holiday calendar.
  "GET /api/v1/areas",
  "GET /api/v1/areas/:code",
  "GET /api/v1/calendar/working-days",
  "GET /api/v1/calendar/:year",
  // Signing in: asking for a link, and the signed one-time link itself.
  "GET /masuk",
  "POST /masuk",
  "GET /masuk/tautan/:token",
  "POST /masuk/tautan/:token",
  "POST /api/v1/auth/sign-in-links",
  "POST /api/v1/auth/sessions",
  // Signed action links mailed to village heads, agency heads and applicants: the token is the authority.
  "GET /aksi/:token",
  "POST /aksi/:token",
  // The public registration form, and a registration's status by its number (no personal data).
  "GET /daftar-kim",
  "POST /daftar-kim",
  "GET /daftar-kim/:id",
  "POST /api/v1/registrations",
  "GET /api/v1/registrations/:id/status",
  // Withdrawal: the link is mailed to the registration's contact address, never shown.
  "GET /daftar-kim/:id/batalkan",
  "POST /daftar-kim/:id/batalkan",
  // Signed links for the applicant's revision form and an active KIM's member editor.
  "GET /kim/perbaikan/:token",
  "POST /kim/perbaikan/:token",
  "GET /kim/ubah-anggota/:token",
  "POST /kim/ubah-anggota/:token",
  // A KIM's public certificate and its verification by registration number.
  "GET /kim/:number/sertifikat",
  "GET /kim/:number/verifikasi",
  // Asking for the member-editor link: it is mailed to the KIM's contact address on record, never shown.
  "GET /kim/:number/anggota",
  "POST /kim/:number/anggota",
  // The public aspiration form and API, and the answers that may be public.
  "GET /aspirasi",
  "POST /aspirasi",
  "GET /aspirasi/publik",
  "POST /api/v1/aspirations",
  "GET /api/v1/aspirations/public",
  // Tracking a case by its code (a rahasia case also needs its key), and the reporter's replies.
  "GET /api/v1/aspirations/:code",
  "POST /api/v1/aspirations/:code/feedback",
  "GET /lacak",
  "GET /lacak/:code",
  "POST /lacak/:code/keterangan",
  "POST /lacak/:code/tanggapan",
  "POST /lacak/:code/buka-kembali",
  // The public statistics: frozen monthly figures, no personal data.
  "GET /api/v1/stats/monthly/:month",
  "GET /statistik",
  "GET /statistik/:file{[0-9]{4}-[0-9]{2}\\.csv}",
  "GET /statistik/:month{[0-9]{4}-[0-9]{2}}",
  // The API documentation.
  "GET /api/openapi.json",
  "GET /api/docs",
];

type Role = { label: string; grants: RoleGrant[] };

const ROLES: Role[] = [
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
  // A decree scan, so that /pendaftaran/:id/sk answers 200 to whoever may read it.
  const scan = "%PDF-1.7\nSK pembentukan";
  const scanKey = `registrations/${registration}/sk-pembentukan.pdf`;
  await env.FILES.put(scanKey, scan);
  await env.DB.prepare(
    "UPDATE registrations SET decree_scan_key = ?, decree_scan_type = 'application/pdf', decree_scan_size = ? WHERE id = ?",
  )
    .bind(scanKey, scan.length, registration)
    .run();
  aspiration = await routedAspiration(AGENCY);
  for (const role of ROLES) sessions.set(role.label, await sessionFor(await createOfficial({ grants: role.grants })));
});

/** The route's path with the run's ids in place of `:target`, `:registration` and `:aspiration`. */
const concretePath = (route: Route) =>
  route.path.replace(":target", target).replace(":registration", registration).replace(":aspiration", aspiration);

/** Whether the policy (or the route's own question) lets `grants` through. */
function allowedFor(route: Route, roleGrants: RoleGrant[]): boolean {
  const actor: OfficialActor = { type: "official", id: "x", grants: roleGrants };
  if (route.allowed) return route.allowed(actor);
  if (!route.action) throw new Error(`${route.method} ${route.path}: neither an action nor allowed`);
  if (route.aspirationScoped) return can(actor, route.action, { kind: "aspiration", agencyId: AGENCY });
  return can(actor, route.action, route.scoped ? { kind: "registration", villageCode: VILLAGE } : undefined);
}

async function sessionOf(route: Route, role: Role): Promise<TestSession> {
  if (route.endsSession) return sessionFor(await createOfficial({ grants: role.grants }));
  const session = sessions.get(role.label);
  if (!session) throw new Error(`no session for ${role.label}`);
  return session;
}

function send(route: Route, session?: TestSession, accept?: string) {
  const headers: Record<string, string> = { origin: ORIGIN };
  let body: string | undefined;
  if (session) headers.cookie = session.cookie;
  if (accept) headers.accept = accept;
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
  return exports.default.fetch(`${ORIGIN}${concretePath(route)}`, {
    method: route.method,
    headers,
    body,
    redirect: "manual",
  });
}

/** A Hono route pattern as a regular expression: `:name` is one segment, `:name{regex}` that regex. */
function patternRegExp(pattern: string): RegExp {
  const source = pattern
    .split("/")
    .map((segment) => {
      const param = /^:\w+(?:\{(.+)\})?$/.exec(segment);
      if (param) return param[1] ? `(?:${param[1]})` : "[^/]+";
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}$`);
}

describe("the matrix", () => {
  it("lists every route of the app, in ROUTES or in PUBLIC_ROUTES", () => {
    const appRoutes = [
      ...new Map(
        createApp()
          .routes.filter((r) => r.method !== "ALL" && !r.path.includes("*"))
          .map((r) => [`${r.method} ${r.path}`, { method: r.method, path: r.path, regExp: patternRegExp(r.path) }]),
      ).values(),
    ];
    // Each ROUTES entry stands for the first route (in the app's order, as Hono dispatches) its path reaches.
    const covered = new Set<string>();
    const unmatched: string[] = [];
    for (const route of ROUTES) {
      const path = concretePath(route).split("?")[0] ?? "";
      const hit = appRoutes.find((r) => r.method === route.method && r.regExp.test(path));
      if (hit) covered.add(`${hit.method} ${hit.path}`);
      else unmatched.push(`${route.method} ${route.path}`);
    }
    const all = new Set(appRoutes.map((r) => `${r.method} ${r.path}`));
    const publicRoutes = new Set(PUBLIC_ROUTES);
    const missing = [...all].filter((r) => !covered.has(r) && !publicRoutes.has(r));
    // Soft: one run names every problem at once.
    expect.soft(missing, "routes of the app in neither ROUTES nor PUBLIC_ROUTES").toEqual([]);
    expect.soft(unmatched, "ROUTES entries that reach no route of the app").toEqual([]);
    expect
      .soft(
        PUBLIC_ROUTES.filter((r) => !all.has(r)),
        "PUBLIC_ROUTES entries that are no longer routes of the app",
      )
      .toEqual([]);
    expect
      .soft(
        PUBLIC_ROUTES.filter((r) => covered.has(r)),
        "routes listed both as public and in ROUTES",
      )
      .toEqual([]);
    expect.soft(PUBLIC_ROUTES.length, "PUBLIC_ROUTES entries listed twice").toBe(publicRoutes.size);
  });
});

describe.each(ROUTES.map((route) => ({ ...route, rule: route.action ?? "any official" })))(
  "$method $path ($rule)",
  (route) => {
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
      const res = await send(route, await sessionOf(route, role));
      if (allowedFor(route, role.grants)) {
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
  },
);

describe("the policy behind these routes", () => {
  it("lets only administrators through every route", () => {
    const allowedLabels = ROLES.filter((r) => ROUTES.every((route) => allowedFor(route, r.grants))).map((r) => r.label);
    expect(allowedLabels).toEqual(["admin"]);
  });

  it("refuses a browser with the HTML error page, 403, on every page it may not use", async () => {
    const role = ROLES.find((r) => r.grants.length === 0) as Role;
    const pages = ROUTES.filter((route) => !route.path.startsWith("/api/") && !allowedFor(route, role.grants));
    expect(pages.length).toBeGreaterThan(50);
    const wrong: string[] = [];
    for (const route of pages) {
      const res = await send(route, await sessionOf(route, role), "text/html,application/xhtml+xml");
      const html = await res.text();
      const ok =
        res.status === 403 &&
        (res.headers.get("content-type") ?? "").startsWith("text/html") &&
        html.includes("Anda tidak berwenang melakukan tindakan ini.");
      if (!ok) wrong.push(`${route.method} ${route.path}: ${res.status} ${res.headers.get("content-type")}`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);
});
