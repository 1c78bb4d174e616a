import { env } from "cloudflare:workers";
import { asc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { agencies, aspirationDeadlines, aspirations, categories, mailOutbox } from "../../schema";
import { loadConfig } from "../../workers/config";
import { createDb } from "../../workers/db";
import type { Actor } from "../../workers/domain/actor";
import {
  classifyInvestigation,
  decideExtension,
  requestExtension,
  requestTransfer,
  startHandling,
} from "../../workers/services/aspiration/agency-requests";
import {
  answerAspiration,
  decideTransfer,
  requestInformation,
  routeAspiration,
} from "../../workers/services/aspiration/decisions";
import { trackingKey } from "../../workers/services/aspiration/tracking";
import { aspirationDecisionDeps, freshReport, getTracking, postAspiration } from "../fixtures/aspirations";
import { get, grants, postForm, sendJson, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { freshIp } from "../fixtures/registration-intake";

/**
 * The life of a case beyond routing and answering: the reporter asked for more information, a
 * transfer between agencies, an extension, a field investigation, and the reporter's rating,
 * acceptance and reopening, as officials and the reporter meet them.
 */

const db = createDb(env.DB);
beforeAll(() => seedReferenceData(env.DB));

const DAY = 24 * 60 * 60 * 1000;
const deps = aspirationDecisionDeps;
const official = (...g: ReturnType<typeof grants.verifier>[]): Actor => ({
  type: "official",
  id: crypto.randomUUID(),
  grants: g,
});
const verifier = official(grants.verifier());
const officer = official(grants.agencyOfficer("pupr"));
const otherOfficer = official(grants.agencyOfficer("dinkes"));
const head = official(grants.agencyHead("pupr"));

const REPORTER = { reporterName: "Rahmat Hidayat", reporterEmail: "rahmat.hidayat@contoh.id" };

async function received(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await postAspiration(freshReport({ ...REPORTER, ...overrides }));
  return ((await res.json()) as { code: string }).code;
}

async function routed(overrides: Record<string, unknown> = {}): Promise<string> {
  const code = await received(overrides);
  await routeAspiration(deps(), verifier, { code, agencyId: "pupr" });
  return code;
}

async function answered(overrides: Record<string, unknown> = {}): Promise<string> {
  const code = await routed(overrides);
  await answerAspiration(deps(), officer, { code, publicAnswer: "Lubang sudah ditambal kemarin sore." });
  return code;
}

const caseRow = (code: string) => db.select().from(aspirations).where(eq(aspirations.code, code)).get();
const deadlinesOf = (code: string) =>
  db.select().from(aspirationDeadlines).where(eq(aspirationDeadlines.code, code)).orderBy(asc(aspirationDeadlines.id));

/** The reporter posts a form of the tracking page, from a fresh client. */
const reporterPost = (path: string, fields: Record<string, string>) =>
  postForm(path, fields, { headers: { "cf-connecting-ip": freshIp() } });
const trackingHtml = async (code: string, key?: string) =>
  (
    await get(`/lacak/${code}${key ? `?kunci=${key}` : ""}`, { html: true, headers: { "cf-connecting-ip": freshIp() } })
  ).text();

describe("asking the reporter for more information", () => {
  it("pauses verification, tells the reporter, and resumes with the days that were left when they reply", async () => {
    const code = await received();
    const before = await caseRow(code);
    const asked = await requestInformation(deps(), verifier, {
      code,
      question: "Mohon sebutkan nomor rumah terdekat dari lubang itu.",
    });
    expect(asked.status).toBe("needs_info");
    expect(await deadlinesOf(code)).toMatchObject([
      { stage: "verification", round: 0, metAt: expect.any(String), breached: false },
      { stage: "needs_info", round: 0, metAt: null },
    ]);
    const mail = await db
      .select()
      .from(mailOutbox)
      .where(like(mailOutbox.dedupeKey, `${code}:needs_info-0:%`));
    expect(mail).toMatchObject([{ template: "aspiration_info_requested", recipients: [REPORTER.reporterEmail] }]);

    // The question is on the tracking page, with the form to answer it.
    const page = await trackingHtml(code);
    expect(page).toContain("nomor rumah terdekat");
    expect(page).toContain(`action="/lacak/${code}/keterangan"`);

    const tooShort = await reporterPost(`/lacak/${code}/keterangan`, { reply: "No 5" });
    expect(tooShort.status).toBe(422);
    expect(await tooShort.text()).toContain("paling sedikit 10 karakter");

    const replied = await reporterPost(`/lacak/${code}/keterangan`, { reply: "Di depan rumah nomor 12, Jalan Poros." });
    expect(replied.status).toBe(303);
    const after = await caseRow(code);
    expect(after?.status).toBe("received");
    // Asked on the day it came in, the reply gets the whole verification time back: the same due day.
    expect(after?.dueAt?.slice(0, 10)).toBe(before?.dueAt?.slice(0, 10));
    expect((await deadlinesOf(code)).map((d) => [d.stage, d.round, d.metAt !== null])).toEqual([
      ["verification", 0, true],
      ["needs_info", 0, true],
      ["verification", 1, false],
    ]);
    // A second reply has nothing to answer.
    const again = await reporterPost(`/lacak/${code}/keterangan`, { reply: "Di depan rumah nomor 12, Jalan Poros." });
    expect(again.status).toBe(409);
  });

  it("is for verifiers only", async () => {
    const code = await received();
    await expect(
      requestInformation(deps(), officer, { code, question: "Mohon lengkapi lokasinya." }),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe("a transfer to another agency", () => {
  it("waits for a verifier, then keeps which agency held which deadline", async () => {
    const code = await routed();
    await expect(
      requestTransfer(deps(), otherOfficer, { code, agencyId: "dinkes", reason: "Ini urusan kesehatan." }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      requestTransfer(deps(), officer, { code, agencyId: "pupr", reason: "Salah alamat, bukan urusan kami." }),
    ).rejects.toMatchObject({ status: 422, details: [{ path: "agencyId" }] });
    await requestTransfer(deps(), officer, { code, agencyId: "dinkes", reason: "Genangan air jadi sarang nyamuk." });
    await expect(
      requestTransfer(deps(), officer, { code, agencyId: "dinkes", reason: "Genangan air jadi sarang nyamuk." }),
    ).rejects.toMatchObject({ status: 409 });
    // Still PUPR's case until a verifier decides; the agency cannot approve its own request.
    expect((await caseRow(code))?.agencyId).toBe("pupr");
    await expect(decideTransfer(deps(), officer, { code, approve: true })).rejects.toMatchObject({ status: 403 });

    // Approved after PUPR's deadline had passed: the miss stays PUPR's.
    const late = new Date(Date.now() + 30 * DAY);
    const result = await decideTransfer(deps(late), verifier, { code, approve: true });
    expect(result).toEqual({ status: "routed", agencyId: "dinkes" });
    expect(await caseRow(code)).toMatchObject({ agencyId: "dinkes", transferRequestedTo: null, escalationLevel: 0 });
    expect((await deadlinesOf(code)).filter((d) => d.stage === "agency")).toMatchObject([
      { round: 0, agencyId: "pupr", metAt: expect.any(String), breached: true },
      { round: 1, agencyId: "dinkes", metAt: null, breached: false },
    ]);
  });

  it("refused, leaves the case where it was and lets the agency ask again", async () => {
    const code = await routed();
    await requestTransfer(deps(), officer, { code, agencyId: "dinkes", reason: "Genangan air jadi sarang nyamuk." });
    await decideTransfer(deps(), verifier, { code, approve: false, note: "Tetap urusan jalan." });
    expect(await caseRow(code)).toMatchObject({ agencyId: "pupr", transferRequestedTo: null });
    await requestTransfer(deps(), officer, { code, agencyId: "dinkes", reason: "Ada laporan penyakit di sana." });
    expect((await caseRow(code))?.transferRequestedTo).toBe("dinkes");
  });
});

describe("an extension", () => {
  it("is asked once by the agency and decided by its head, moving the deadline", async () => {
    const code = await routed();
    const before = await caseRow(code);
    await requestExtension(deps(), officer, { code, reason: "Menunggu alat berat dari kecamatan." });
    await expect(
      requestExtension(deps(), officer, { code, reason: "Menunggu alat berat dari kecamatan." }),
    ).rejects.toMatchObject({ status: 409 });
    // The agency head, who decides, is told at the agency's head address.
    const pupr = await db.select().from(agencies).where(eq(agencies.id, "pupr")).get();
    const asked = await db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, `${code}:extension-1:requested`));
    expect(asked).toMatchObject([{ template: "aspiration_decision_needed", recipients: [pupr?.headEmail] }]);
    await expect(decideExtension(deps(), officer, { code, approve: true })).rejects.toMatchObject({ status: 403 });
    await expect(decideExtension(deps(), head, { code })).rejects.toMatchObject({
      status: 422,
      details: [{ path: "approve" }],
    });
    const granted = await decideExtension(deps(), head, { code, approve: true });
    expect(granted.extension).toBe("granted");
    const after = await caseRow(code);
    expect(Date.parse(after?.dueAt ?? "") - Date.parse(before?.dueAt ?? "")).toBeGreaterThanOrEqual(7 * DAY - 1000);
    expect(await deadlinesOf(code)).toMatchObject([
      { stage: "verification" },
      { stage: "agency", dueAt: after?.dueAt },
    ]);
    // Once per case, whatever the head decided.
    await expect(
      requestExtension(deps(), officer, { code, reason: "Alat berat rusak di jalan." }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining("satu kali") });
  });

  it("refused, keeps the deadline", async () => {
    const code = await routed();
    const before = await caseRow(code);
    await requestExtension(deps(), officer, { code, reason: "Menunggu alat berat dari kecamatan." });
    await decideExtension(deps(), head, { code, approve: false });
    expect(await caseRow(code)).toMatchObject({ extension: "refused", dueAt: before?.dueAt });
  });
});

describe("a field investigation", () => {
  it("switches the agency's deadline to the long class, counted from when the agency got the case", async () => {
    const code = await routed();
    const before = await caseRow(code);
    const { dueAt } = await classifyInvestigation(deps(), officer, {
      code,
      reason: "Perlu survei ketebalan aspal di lokasi.",
    });
    const after = await caseRow(code);
    expect(after?.deadlineClass).toBe("investigation");
    // 60 working days are at least twelve weeks.
    expect(Date.parse(after?.dueAt ?? "") - Date.parse(before?.dueAt ?? "")).toBeGreaterThan(70 * DAY);
    expect(dueAt).toMatch(/T23:59:59\+08:00$/);
    await expect(
      classifyInvestigation(deps(), officer, { code, reason: "Perlu survei ketebalan aspal di lokasi." }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("the agency may mark a case as being handled, which the reporter reads", async () => {
    const code = await routed();
    await startHandling(deps(), officer, { code });
    const tracking = (await (await getTracking(code)).json()) as {
      data: { status: string; timeline: { label: string }[] };
    };
    expect(tracking.data.status).toBe("in_progress");
    expect(tracking.data.timeline.map((t) => t.label)).toContain("Mulai ditindaklanjuti");
  });
});

describe("the reporter's feedback", () => {
  it("rates and accepts the answer from the tracking page: the case closes with the rating shown", async () => {
    const code = await answered();
    const page = await trackingHtml(code);
    expect(page).toContain(`action="/lacak/${code}/tanggapan"`);
    expect(page).toContain("Kirim penilaian");

    const noRating = await reporterPost(`/lacak/${code}/tanggapan`, {});
    expect(noRating.status).toBe(422);
    expect(await noRating.text()).toContain("Pilih nilai 1 sampai 5.");

    const accepted = await reporterPost(`/lacak/${code}/tanggapan`, { rating: "4" });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("location")).toBe(`/lacak/${code}?pesan=tercatat`);
    expect(await caseRow(code)).toMatchObject({ status: "closed", rating: 4, closedAt: expect.any(String) });
    const closedPage = await trackingHtml(code);
    expect(closedPage).toContain("4 dari 5");
    expect(closedPage).not.toContain("Kirim penilaian");
  });

  it("reopens at most twice: back to the same agency with a new deadline each time", async () => {
    const code = await answered();
    for (const round of [1, 2]) {
      const res = await sendJson(
        "POST",
        `/api/v1/aspirations/${code}/feedback`,
        {
          action: "reopen",
          reason: "Lubangnya muncul lagi setelah hujan deras.",
        },
        { headers: { "cf-connecting-ip": freshIp() } },
      );
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: { reopensLeft: number } }).data.reopensLeft).toBe(2 - round);
      expect(await caseRow(code)).toMatchObject({ status: "routed", agencyId: "pupr", reopenCount: round });
      await answerAspiration(deps(), officer, { code, publicAnswer: "Sudah ditambal ulang dengan aspal panas." });
    }
    expect((await deadlinesOf(code)).filter((d) => d.stage === "agency").map((d) => d.round)).toEqual([0, 1, 2]);
    const third = await reporterPost(`/lacak/${code}/buka-kembali`, {
      reason: "Lubangnya muncul lagi setelah hujan deras.",
    });
    expect(third.status).toBe(409);
    expect(await third.text()).toContain("hanya dapat dibuka kembali 2 kali");
    // The page no longer offers it.
    expect(await trackingHtml(code)).not.toContain("Buka kembali laporan");
  });

  it("cannot reopen after the feedback window, nor rate a case that was not answered", async () => {
    const code = await answered();
    const { reopenCase } = await import("../../workers/services/aspiration/feedback");
    await expect(
      reopenCase(
        deps(new Date(Date.now() + 60 * DAY)),
        { type: "public", id: "reporter" },
        {
          code,
          reason: "Lubangnya muncul lagi setelah hujan deras.",
        },
      ),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining("sudah lewat") });
    const open = await routed();
    const res = await reporterPost(`/lacak/${open}/tanggapan`, { rating: "5" });
    expect(res.status).toBe(409);
  });

  it("a rahasia case takes feedback only with its key; without it, it is unknown", async () => {
    const code = await answered({ privacy: "rahasia" });
    const stranger = await reporterPost(`/lacak/${code}/tanggapan`, { rating: "1" });
    expect(stranger.status).toBe(404);
    expect((await caseRow(code))?.status).toBe("answered");
    const key = await trackingKey(loadConfig(env), code);
    const page = await trackingHtml(code, key);
    expect(page).toContain(`name="kunci" value="${key}"`);
    const reporter = await reporterPost(`/lacak/${code}/tanggapan`, { rating: "5", kunci: key });
    expect(reporter.status).toBe(303);
    expect(reporter.headers.get("location")).toBe(`/lacak/${code}?pesan=tercatat&kunci=${key}`);
    expect((await caseRow(code))?.rating).toBe(5);
  });

  it("the answered mail tells the reporter until when they can rate or reopen", async () => {
    const code = await answered();
    const [mail] = await db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, `${code}:agency-0:answered`));
    expect(mail?.params).toMatchObject({ feedbackDueAt: (await caseRow(code))?.dueAt });
  });
});

describe("the agency's deadline per category", () => {
  it("an administrator gives a category its own number of working days, which routing then uses", async () => {
    const admin = await signedInOfficial([grants.admin()]);
    const category = await db.select().from(categories).where(eq(categories.id, "jalan-jembatan")).get();
    const form = {
      name: category?.name ?? "",
      description: category?.description ?? "",
      agencyId: "pupr",
      active: "1",
    };
    const refused = await postForm(
      "/admin/kategori/jalan-jembatan",
      { ...form, responseDays: "999" },
      { session: admin.session },
    );
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("paling lama 120 hari kerja");
    const saved = await postForm(
      "/admin/kategori/jalan-jembatan",
      { ...form, responseDays: "20" },
      { session: admin.session },
    );
    expect(saved.status).toBe(303);
    try {
      const code = await received();
      const { dueAt } = await routeAspiration(deps(), verifier, { code, agencyId: "pupr" });
      // 20 working days are four weeks at least; the kind's default of 5 would be about one.
      expect(Date.parse(dueAt) - Date.now()).toBeGreaterThan(27 * DAY);
    } finally {
      await postForm("/admin/kategori/jalan-jembatan", { ...form, responseDays: "" }, { session: admin.session });
    }
    expect(
      (await db.select().from(categories).where(eq(categories.id, "jalan-jembatan")).get())?.responseDays,
    ).toBeNull();
  });
});

describe("what needs a verifier besides verification", () => {
  it("lists transfer requests, and cases at an agency nobody can act for until an officer is invited", async () => {
    const verifierPage = await signedInOfficial([grants.verifier()]);
    const waiting = await routed({ title: "Saluran air tersumbat di RT 03" });
    const transfer = await routed({ title: "Genangan di depan puskesmas" });
    await requestTransfer(deps(), officer, {
      code: transfer,
      agencyId: "dinkes",
      reason: "Genangan jadi sarang nyamuk.",
    });
    const queue = async () => (await get("/aspirasi/kelola", { session: verifierPage.session, html: true })).text();

    let html = await queue();
    expect(html).toContain("Perlu perhatian verifikator");
    expect(html).toContain("meminta dialihkan ke Dinas Kesehatan");
    // No PUPR officer exists in this file yet: its cases wait on an empty desk.
    expect(html).toContain("OPD belum memiliki petugas");
    expect(html).toContain("Saluran air tersumbat di RT 03");

    await signedInOfficial([grants.agencyOfficer("pupr")]);
    await decideTransfer(deps(), verifier, { code: transfer, approve: false });
    html = await queue();
    const attention = html.slice(html.indexOf("Perlu perhatian verifikator"), html.indexOf("Menunggu verifikasi"));
    expect(attention).not.toContain("Genangan di depan puskesmas");
    expect(attention).not.toContain("Saluran air tersumbat di RT 03");
    expect(html).toContain(`href="/aspirasi/kelola/${waiting}"`);
  });
});

describe("leadership", () => {
  it("opens the cases the escalation mails link to, and never sees the reporter", async () => {
    const leader = await signedInOfficial([grants.leadership()]);
    const code = await routed();
    const res = await sendJson("GET", `/api/v1/aspirations/${code}/case`, undefined, { session: leader.session });
    expect(res.status).toBe(200);
    const body = JSON.stringify(await res.json());
    expect(body).not.toContain(REPORTER.reporterName);
    expect(body).not.toContain(REPORTER.reporterEmail);
    const page = await get(`/aspirasi/kelola/${code}`, { session: leader.session, html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("identitas pelapor dilindungi");
    // Reading is all: no decision form for leadership.
    expect(html).not.toMatch(/action="\/aspirasi\/kelola\/[^"]+\/(jawab|teruskan|tolak)"/);
  });
});
