import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, officials, roleGrants } from "../../schema";
import { loadConfig } from "../../workers/config";
import { createDb } from "../../workers/db";
import { newTrackingCode } from "../../workers/domain/aspiration/code";
import type { PrivacyMode } from "../../workers/domain/aspiration/privacy";
import { createApp } from "../../workers/http/app";
import { createLogger } from "../../workers/log";
import { isTemplateName, renderTemplate } from "../../workers/mail/templates";
import { sendCriticalDigest } from "../../workers/services/aspiration/critical-digest";
import { readCaseState, takeLadderStep } from "../../workers/services/aspiration/flow-steps";
import {
  type Channel,
  decideThrough,
  reporterThrough,
  type Shown,
  type Submitted,
  submitThrough,
} from "../fixtures/aspiration-life";
import { freshReport } from "../fixtures/aspirations";
import { get, grants, signedInOfficial, type TestSession } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { freshIp } from "../fixtures/registration-intake";

/**
 * The reporter's identity through the whole life of a case (issue 10): submitted through the form
 * and through the API as `anonim`, `rahasia` and `publik`, asked for more information, routed,
 * handled, extended, escalated to level 3 (with leadership's critical digest), transferred,
 * answered, reopened, answered again and accepted. At each stop every aspiration GET route of the
 * app (from its route table) is rendered as the public (no session), as the officers and heads of
 * both agencies involved and as leadership; at the end every e-mail in the outbox with a recipient
 * who is not a verifier is rendered. None may hold the reporter's name (except a `publik` one's),
 * e-mail or phone, and a verifier's view must hold all three, so the search is shown to find what
 * it looks for.
 */

const db = createDb(env.DB);
beforeAll(() => seedReferenceData(env.DB));

interface Identity {
  name: string;
  email: string;
  /** As typed; the system stores and may show it as +62… */
  phone: string;
}

/** One distinctive reporter per case, so a leak names the case it came from. */
const IDENTITIES: Record<PrivacyMode, Record<Channel, Identity>> = {
  anonim: {
    form: {
      name: "Siti Rahmawati Kusumaningrum",
      email: "siti.kusumaningrum@warga-satu.example",
      phone: "081234567891",
    },
    api: { name: "Agus Wibisono Tanjungsari", email: "agus.tanjungsari@warga-dua.example", phone: "082198765437" },
  },
  rahasia: {
    form: { name: "Maria Goreti Lumbantobing", email: "maria.lumbantobing@warga-tiga.example", phone: "085377712345" },
    api: { name: "Yohanes Bataragoa Silalahi", email: "yohanes.silalahi@warga-empat.example", phone: "081355544432" },
  },
  publik: {
    form: { name: "Budi Santoso Purbalingga", email: "budi.purbalingga@warga-lima.example", phone: "087822233345" },
    api: { name: "Dewi Lestari Wonosari", email: "dewi.wonosari@warga-enam.example", phone: "089966677788" },
  },
};

/** The phone's digits after the trunk 0, allowing spaces, dots, dashes and brackets between them: 0812…, +62 812-…, 62812… */
const phonePattern = (phone: string) => new RegExp(phone.replace(/^0/, "").split("").join("[\\s.()-]?"));

/**
 * The pieces of `who` that `text` shows: the name (whole, or the distinctive last word), the
 * e-mail (its local part or its domain, so a masked address counts too) and the phone.
 */
function identityIn(text: string, who: Identity, opts: { nameAllowed: boolean }): string[] {
  const lower = text.toLowerCase();
  const [local = "", domain = ""] = who.email.toLowerCase().split("@");
  const surname = who.name.split(" ").at(-1) ?? who.name;
  const found: string[] = [];
  if (!opts.nameAllowed && lower.includes(who.name.toLowerCase())) found.push(`name "${who.name}"`);
  else if (!opts.nameAllowed && lower.includes(surname.toLowerCase())) found.push(`surname "${surname}"`);
  if (lower.includes(local)) found.push(`e-mail "${who.email}"`);
  else if (lower.includes(domain)) found.push(`e-mail domain "${domain}"`);
  if (phonePattern(who.phone).test(text)) found.push(`phone "${who.phone}"`);
  return found;
}

// ── The pages and API answers that exist for aspirations, from the app's own route table ──────

/** Where aspirations are shown; every GET route under these is rendered. */
const ASPIRATION_PREFIXES = ["/aspirasi", "/lacak", "/api/v1/aspirations"];

/**
 * The public list of answered cases, built in parallel (issue 10). Requested always: kept when it
 * answers 200, skipped while it is 404. Until it exists `/api/v1/aspirations/public` reaches
 * `/:code` and answers 404, so nothing is missed either way.
 */
const PUBLIC_LISTS = ["/aspirasi/publik", "/api/v1/aspirations/public"];

/**
 * Route parameters the walk cannot fill, with why. Empty today: every aspiration GET route takes
 * only `:code`. A new route with another parameter fails the test until it is filled below or
 * listed here with the reason.
 */
const UNFILLABLE: Record<string, string> = {};

/** Every aspiration GET path of the app with `:code` filled; fails on a parameter it cannot fill. */
function aspirationPaths(code: string): string[] {
  const routes = createApp().routes.filter(
    (r) => r.method === "GET" && ASPIRATION_PREFIXES.some((p) => r.path === p || r.path.startsWith(`${p}/`)),
  );
  const paths = new Set<string>();
  const unfilled: string[] = [];
  for (const { path } of routes) {
    if (path.includes("*") || UNFILLABLE[path]) continue;
    const filled = path.replace(/:code(\{[^}]*\})?/g, code);
    if (filled.includes(":")) unfilled.push(path);
    else paths.add(filled);
  }
  expect(
    unfilled,
    "aspiration GET routes with a parameter this test cannot fill: fill it or list it in UNFILLABLE",
  ).toEqual([]);
  return [...paths];
}

// ── The people looking ────────────────────────────────────────────────────────────────────────

interface Viewer {
  label: string;
  session?: TestSession;
  /** The agency whose officials they are. */
  agencyId?: string;
  /** May read every case (leadership). */
  readsAll?: boolean;
}

interface Seen extends Shown {
  viewer: string;
  /** A GET path, or the POST an actor made. */
  path: string;
  /** Where in the life of the case it was seen. */
  stop?: string;
}

/** A GET as a browser (pages) or a program (API) sends it, from a fresh client so the lookup limit never bites. */
async function look(viewer: Viewer, path: string): Promise<Seen> {
  const res = await get(path, {
    session: viewer.session,
    html: !path.startsWith("/api/"),
    headers: { "cf-connecting-ip": freshIp() },
  });
  return { viewer: viewer.label, path, status: res.status, text: await res.text() };
}

interface Case extends Submitted {
  privacy: PrivacyMode;
  channel: Channel;
  who: Identity;
  title: string;
}

/** Where the cases stand at a stop of the walk. */
interface Stand {
  /** The agency that has the cases: its officers and head must see them. */
  agencyId: string;
  /** Whether they wait in that agency's queue. */
  inQueue: boolean;
  /** Whether they are answered (or closed after an answer): the public list then shows a non-rahasia one. */
  answered: boolean;
}

/**
 * What the public and the officials who are not verifiers see of each case now, every aspiration
 * page and API answer; the public also through the case's tracking link with its key. Those who
 * should see a case must (a walk that sees only refusals proves nothing): the agency that has it,
 * leadership, the public for a non-rahasia case and, for a rahasia one, only with its key.
 */
async function sweep(
  stop: string,
  cases: Case[],
  viewers: { public: Viewer; officials: Viewer[] },
  stand: Stand,
): Promise<{ seen: Seen[]; problems: string[] }> {
  const seen: Seen[] = [];
  const problems: string[] = [];
  const publicLists: Seen[] = [];
  for (const path of PUBLIC_LISTS) {
    const list = await look(viewers.public, path);
    if (list.status === 200) publicLists.push(list);
    else if (list.status !== 404) problems.push(`${stop}: ${path} answered ${list.status}`);
  }
  seen.push(...publicLists);
  for (const c of cases) {
    const paths = aspirationPaths(c.code);
    for (const viewer of [viewers.public, ...viewers.officials]) {
      for (const path of paths) seen.push(await look(viewer, path));
    }
    if (c.key) {
      for (const path of paths.filter((p) => p.includes(c.code))) {
        seen.push(await look(viewers.public, `${path}?kunci=${encodeURIComponent(c.key)}`));
      }
    }

    const at = (viewer: string, path: string) => seen.find((s) => s.viewer === viewer && s.path === path);
    const expectShown = (viewer: string, path: string, piece: string) => {
      const s = at(viewer, path);
      if (s?.status !== 200 || !s.text.includes(piece))
        problems.push(`${stop}: ${viewer} ${path} should show "${piece}" but answered ${s?.status}`);
    };
    for (const v of viewers.officials.filter((o) => o.readsAll || o.agencyId === stand.agencyId)) {
      expectShown(v.label, `/aspirasi/kelola/${c.code}`, c.title);
      expectShown(v.label, `/api/v1/aspirations/${c.code}/case`, c.title);
      if (stand.inQueue && v.agencyId) {
        expectShown(v.label, "/aspirasi/kelola", c.code);
        expectShown(v.label, "/api/v1/aspirations/queues/agency", c.code);
      }
    }
    const keyed = c.key ? `?kunci=${encodeURIComponent(c.key)}` : "";
    if (c.privacy === "rahasia") {
      for (const path of [`/lacak/${c.code}`, `/api/v1/aspirations/${c.code}`]) {
        if (at("public", path)?.status !== 404) problems.push(`${stop}: the public opened rahasia ${path}`);
        expectShown("public", `${path}${keyed}`, c.title);
      }
      // The report itself is never public: not its title anywhere the public looks without the key.
      for (const s of [...seen.filter((x) => x.viewer === "public" && !x.path.includes("kunci=")), ...publicLists]) {
        if (s.text.includes(c.title)) problems.push(`${stop}: public ${s.path} shows the rahasia report "${c.title}"`);
      }
    } else {
      expectShown("public", `/lacak/${c.code}`, c.title);
      expectShown("public", `/api/v1/aspirations/${c.code}`, c.title);
      for (const list of stand.answered ? publicLists : []) {
        if (!list.text.includes(c.title)) problems.push(`${stop}: public ${list.path} lacks the answered "${c.title}"`);
      }
    }
  }
  return { seen: seen.map((s) => ({ ...s, stop })), problems };
}

/** Every leak of a case's reporter in what was seen; a `publik` reporter's name may show. */
function leaksIn(seen: Seen[], cases: Case[]): string[] {
  const leaks: string[] = [];
  for (const s of seen) {
    for (const c of cases) {
      const pieces = identityIn(s.text, c.who, { nameAllowed: c.privacy === "publik" });
      if (pieces.length > 0)
        leaks.push(`${s.stop ?? "walk"}: ${s.viewer} ${s.path} (${s.status}) shows ${pieces.join(", ")}`);
    }
  }
  return leaks;
}

// ── The walk ──────────────────────────────────────────────────────────────────────────────────

const flowDeps = () => ({
  db,
  config: loadConfig(env),
  queue: env.MAIL_QUEUE,
  now: () => new Date(),
  requestId: "privacy-test",
  logger: createLogger("privacy-test"),
});

/** The addresses of officials who may see reporters (verifiers and administrators). */
async function verifierAddresses(): Promise<Set<string>> {
  const rows = await db
    .select({ email: officials.email })
    .from(roleGrants)
    .innerJoin(officials, eq(officials.id, roleGrants.officialId))
    .where(inArray(roleGrants.role, ["verifier", "admin"]));
  return new Set(rows.map((r) => r.email.toLowerCase()));
}

/** Every e-mail in the outbox with a recipient who is not a verifier, rendered as it is sent. */
async function mailToNonVerifiers(): Promise<
  { dedupeKey: string; template: string; recipients: string[]; text: string }[]
> {
  const verifiers = await verifierAddresses();
  const config = loadConfig(env);
  const ctx = { publicBaseUrl: config.publicBaseUrl, officeName: config.officeName, regencyName: config.regencyName };
  const rows = await db.select().from(mailOutbox);
  return rows
    .filter((r) => r.recipients.some((to) => !verifiers.has(to.toLowerCase())))
    .map((r) => {
      const rendered = isTemplateName(r.template) ? renderTemplate(r.template, r.params, ctx) : undefined;
      expect(rendered?.ok, `${r.template} renders`).toBe(true);
      const mail = rendered?.ok ? rendered.mail : { subject: "", text: "", html: "" };
      return {
        dedupeKey: r.dedupeKey,
        template: r.template,
        recipients: r.recipients,
        text: [mail.subject, mail.text, mail.html, JSON.stringify(r.params)].join("\n"),
      };
    });
}

/** The mail each walked case must have produced for someone other than a verifier. */
const MAIL_OF_THE_WALK = [
  "aspiration_received",
  "aspiration_info_requested",
  "aspiration_routed",
  "deadline_reminder",
  "deadline_escalation",
  "aspiration_answered",
];

const MODES = ["anonim", "rahasia", "publik"] as const;
const DAY = 24 * 60 * 60 * 1000;

describe.each(MODES)("a %s reporter through the whole life of a case", (privacy) => {
  it("is shown to verifiers only: never to agencies, leadership or the public, in any page, API answer or e-mail", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const agencies: (Viewer & { session: TestSession; agencyId: string })[] = [];
    for (const agencyId of ["pupr", "dinkes"]) {
      const officer = await signedInOfficial([grants.agencyOfficer(agencyId)]);
      const head = await signedInOfficial([grants.agencyHead(agencyId)]);
      agencies.push({ label: `${agencyId} officer`, session: officer.session, agencyId });
      agencies.push({ label: `${agencyId} head`, session: head.session, agencyId });
    }
    const [puprOfficer, puprHead, dinkesOfficer] = agencies;
    if (!puprOfficer || !puprHead || !dinkesOfficer) throw new Error("officials missing");
    const leadership = await signedInOfficial([grants.leadership()]);
    const viewers = {
      public: { label: "public" },
      officials: [...agencies, { label: "leadership", session: leadership.session, readsAll: true }],
    };
    const seen: Seen[] = [];
    const problems: string[] = [];
    const stop = async (name: string, cases: Case[], stand: Stand) => {
      const result = await sweep(name, cases, viewers, stand);
      seen.push(...result.seen);
      problems.push(...result.problems);
    };

    // Submitted through the form and through the API, each by its own reporter.
    const cases: Case[] = [];
    for (const channel of ["form", "api"] as const) {
      const who = IDENTITIES[privacy][channel];
      const title = `Lampu jalan padam ${privacy} lewat ${channel === "form" ? "formulir" : "API"}`;
      const report = freshReport({
        title,
        privacy,
        reporterName: who.name,
        reporterEmail: who.email,
        reporterPhone: who.phone,
      }) as Record<string, string>;
      const submitted = await submitThrough(channel, report);
      seen.push({ viewer: "public", path: `POST (${channel}) submission`, ...submitted.shown });
      cases.push({ ...submitted, privacy, channel, who, title });
    }

    for (const c of cases) {
      // A verifier sees all of the reporter: the search below finds what it looks for.
      for (const path of [`/aspirasi/kelola/${c.code}`, `/api/v1/aspirations/${c.code}/case`]) {
        const asVerifier = await look({ label: "verifier", session: verifier.session }, path);
        expect(asVerifier.status, path).toBe(200);
        expect(identityIn(asVerifier.text, c.who, { nameAllowed: false }), `verifier ${path}`).toHaveLength(3);
      }
      await decideThrough(c.channel, verifier.session, c.code, {
        decision: "request_info",
        question: "Mohon sebutkan patokan terdekat dari lokasi lampu itu.",
      });
      seen.push({
        viewer: "public",
        path: `POST (${c.channel}) reply`,
        ...(await reporterThrough(c.channel, c.code, c.key, {
          action: "reply",
          reply: "Di depan warung makan dekat simpang tiga pasar.",
        })),
      });
      await decideThrough(c.channel, verifier.session, c.code, {
        decision: "route",
        agencyId: "pupr",
        note: "Sudah dicek lewat telepon.",
      });
    }
    await stop("routed to PUPR", cases, { agencyId: "pupr", inQueue: true, answered: false });

    // PUPR handles it, gets an extension, needs a field check, misses its deadline, and hands it on.
    const agencyActs = async (
      viewer: Viewer & { session: TestSession },
      c: Case,
      decision: Parameters<typeof decideThrough>[3],
    ) =>
      seen.push({
        viewer: viewer.label,
        path: `POST (${c.channel}) ${decision.decision}`,
        ...(await decideThrough(c.channel, viewer.session, c.code, decision)),
      });
    for (const c of cases) {
      await agencyActs(puprOfficer, c, { decision: "start" });
      await agencyActs(puprOfficer, c, { decision: "request_extension", reason: "Menunggu suku cadang lampu." });
      await agencyActs(puprHead, c, { decision: "decide_extension", approve: true, note: "Disetujui." });
      await agencyActs(puprOfficer, c, { decision: "classify_investigation", reason: "Perlu cek jaringan kabel." });
      const state = await readCaseState(flowDeps(), c.code);
      expect(state).toMatchObject({ status: "in_progress", stage: "agency" });
      for (const step of [0, 1, 2, 3] as const) {
        expect(await takeLadderStep(flowDeps(), c.code, "agency", state.round ?? 0, step)).toEqual({ taken: true });
      }
    }
    // Leadership's morning digest of critical cases; one a day, so each mode's walk takes its own day.
    const digestDay = new Date(Date.now() + MODES.indexOf(privacy) * DAY);
    expect(await sendCriticalDigest({ ...flowDeps(), now: digestDay })).toMatchObject({ sent: true });
    await stop("escalated at PUPR", cases, { agencyId: "pupr", inQueue: true, answered: false });

    for (const c of cases) {
      await agencyActs(puprOfficer, c, {
        decision: "request_transfer",
        agencyId: "dinkes",
        reason: "Lampu di halaman puskesmas, aset Dinas Kesehatan.",
      });
      await decideThrough(c.channel, verifier.session, c.code, { decision: "decide_transfer", approve: true });
    }
    await stop("transferred to Dinkes", cases, { agencyId: "dinkes", inQueue: true, answered: false });

    for (const c of cases) {
      await agencyActs(dinkesOfficer, c, {
        decision: "answer",
        publicAnswer: "Lampu sudah diganti oleh petugas puskesmas.",
        internalNote: "Dikerjakan regu pemeliharaan.",
      });
    }
    await stop("answered", cases, { agencyId: "dinkes", inQueue: false, answered: true });

    // The reporter reopens it once, gets a second answer, and accepts it.
    for (const c of cases) {
      seen.push({
        viewer: "public",
        path: `POST (${c.channel}) reopen`,
        ...(await reporterThrough(c.channel, c.code, c.key, {
          action: "reopen",
          reason: "Lampunya padam lagi sejak kemarin malam.",
          rating: 2,
        })),
      });
    }
    await stop("reopened", cases, { agencyId: "dinkes", inQueue: true, answered: false });
    for (const c of cases) {
      await agencyActs(dinkesOfficer, c, { decision: "answer", publicAnswer: "Kabel yang putus sudah diganti." });
      seen.push({
        viewer: "public",
        path: `POST (${c.channel}) accept`,
        ...(await reporterThrough(c.channel, c.code, c.key, { action: "accept", rating: 4 })),
      });
    }
    await stop("closed", cases, { agencyId: "dinkes", inQueue: false, answered: true });

    expect(problems).toEqual([]);
    expect(leaksIn(seen, cases)).toEqual([]);

    const mail = await mailToNonVerifiers();
    for (const c of cases) {
      const templates = new Set(mail.filter((m) => m.dedupeKey.startsWith(`${c.code}:`)).map((m) => m.template));
      expect([...templates].sort(), `mail of ${c.code}`).toEqual(expect.arrayContaining(MAIL_OF_THE_WALK));
      const digests = mail.filter((m) => m.template === "aspiration_critical_digest" && m.text.includes(c.title));
      expect(digests, `critical digest naming ${c.code}`).not.toEqual([]);
    }
    const mailLeaks = mail.flatMap((m) =>
      cases.flatMap((c) => {
        const pieces = identityIn(m.text, c.who, { nameAllowed: c.privacy === "publik" });
        return pieces.length
          ? [`${m.template} ${m.dedupeKey} to ${m.recipients.join(", ")}: ${pieces.join(", ")}`]
          : [];
      }),
    );
    expect(mailLeaks).toEqual([]);

    if (privacy === "publik") {
      // The control: a publik reporter's name is shown, so the name search above can see names.
      for (const c of cases) {
        const page = seen.find((s) => s.viewer === "public" && s.path === `/lacak/${c.code}`);
        expect(page?.text).toContain(c.who.name);
      }
    }
  }, 120_000);
});

describe("a rahasia case to the public", () => {
  /** A 404's body with the code typed and the request's id taken out: what a stranger can compare. */
  const comparable = async (res: Response, code: string) => ({
    status: res.status,
    contentType: res.headers.get("content-type"),
    cacheControl: res.headers.get("cache-control"),
    body: (await res.text())
      .replaceAll(code, "KODE")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "ID"),
  });

  it("looks exactly like an unknown code on /lacak and the API, also with a wrong key", async () => {
    const { code, key } = await submitThrough(
      "api",
      freshReport({ privacy: "rahasia", ...IDENTITIES.rahasia.api }) as Record<string, string>,
    );
    expect(key).toMatch(/^[\w-]{16}$/);
    const unknown = newTrackingCode();
    const wrongKey = `${(key ?? "").slice(0, 15)}${key?.endsWith("x") ? "y" : "x"}`;
    for (const path of ["/lacak/", "/api/v1/aspirations/"]) {
      const html = !path.startsWith("/api/");
      const fetchAs = (p: string) => get(p, { html, headers: { "cf-connecting-ip": freshIp() } });
      const stranger = await comparable(await fetchAs(`${path}${unknown}`), unknown);
      expect(stranger.status).toBe(404);
      expect(await comparable(await fetchAs(`${path}${code}`), code)).toEqual(stranger);
      expect(await comparable(await fetchAs(`${path}${code}?kunci=${wrongKey}`), code)).toEqual(stranger);
      expect((await fetchAs(`${path}${code}?kunci=${key}`)).status).toBe(200);
    }
  });
});
