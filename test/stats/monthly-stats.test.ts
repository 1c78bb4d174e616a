import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, statsSnapshots } from "../../schema";
import { createDb } from "../../workers/db";
import { sweepInstances } from "../../workers/services/housekeeping";
import { aspirationFiguresOf } from "../../workers/services/stats/aspiration-figures";
import { kimFiguresOf } from "../../workers/services/stats/kim-figures";
import { runMonthlyStatsTrigger } from "../../workers/services/stats/trigger";
import { housekeepingTestDeps } from "../fixtures/housekeeping";
import { createOfficial, get, grants, postForm, sendJson, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { kimApprovedAt } from "../fixtures/stats";

/**
 * Monthly statistics on fixtures whose answers are counted by hand. Kecamatan Biduk-Biduk
 * (64.03.08) has 6 kampung. KIM B (Biduk-Biduk kampung) was approved on 10 November; KIM A (Pantai
 * Harapan) at 2026-11-30T16:30Z, which is 1 December in WITA; KIM C (Tanjung Prepat) only applied,
 * on 5 December. Each KIM has four members, two men and two women.
 */

const db = createDb(env.DB);
const BIDUK_BIDUK = "64.03.08";

const LEADER = "bupati.statistik@berau.example";

beforeAll(async () => {
  await seedReferenceData(env.DB);
  await createOfficial({ email: LEADER, grants: [grants.leadership()] });
  await kimApprovedAt(
    { code: "64.03.08.2001", name: "Biduk-Biduk" },
    "2026-11-01T03:00:00.000Z",
    "2026-11-10T02:00:00.000Z",
  );
  await kimApprovedAt(
    { code: "64.03.08.2002", name: "Pantai Harapan" },
    "2026-11-20T01:00:00.000Z",
    "2026-11-30T16:30:00.000Z",
  );
  await kimApprovedAt({ code: "64.03.08.2003", name: "Tanjung Prepat" }, "2026-12-05T03:00:00.000Z", null);
});

describe("KIM figures of a kecamatan", () => {
  it("November: one KIM of six kampung, its four members, two applications", async () => {
    expect(await kimFiguresOf(db, BIDUK_BIDUK, "2026-11")).toEqual({
      villages: 6,
      villages_with_kim: 1,
      coverage_pct: 16.7,
      active_kims: 1,
      new_kims: 1,
      registrations_submitted: 2,
      registrations_approved: 1,
      registrations_rejected: 0,
      registrations_expired: 0,
      members_total: 4,
      members_new: 4,
      members_male: 2,
      members_female: 2,
      // Submitted on Sunday 1 November, so received Monday the 2nd; approved Tuesday the 10th: 3–6 and 9–10.
      median_days_to_approval: 6,
    });
  });

  it("December in WITA holds the KIM approved at 16:30 UTC on 30 November", async () => {
    expect(await kimFiguresOf(db, BIDUK_BIDUK, "2026-12")).toMatchObject({
      villages_with_kim: 2,
      coverage_pct: 33.3,
      active_kims: 2,
      new_kims: 1,
      registrations_submitted: 1,
      registrations_approved: 1,
      members_total: 8,
      members_new: 0,
    });
  });
});

describe("median working days", () => {
  it("from submission to approval skips Christmas, its cuti bersama and the weekend", async () => {
    // Submitted Wednesday 23 December, approved Monday 28th: 24th (cuti bersama), 25th and the weekend do not
    // count, so 1 working day (3 if holidays were forgotten). Submitted Tuesday 1st, approved Tuesday 8th: 5.
    await kimApprovedAt(
      { code: "64.03.07.2001", name: "Pegat Batumbuk" },
      "2026-12-23T01:00:00.000Z",
      "2026-12-28T02:00:00.000Z",
    );
    await kimApprovedAt(
      { code: "64.03.07.2002", name: "Teluk Semanting" },
      "2026-12-01T01:00:00.000Z",
      "2026-12-08T01:00:00.000Z",
    );
    expect((await kimFiguresOf(db, "64.03.07", "2026-12")).median_days_to_approval).toBe(3);
    expect((await kimFiguresOf(db, "64.03.07", "2026-11")).median_days_to_approval).toBeNull();
  });
});

describe("aspiration figures", () => {
  it("a transfer after the deadline counts the miss against the agency that missed it", async () => {
    const code = "ASP-STAT-TRF2";
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO aspirations (code, kind, category_id, title, description, privacy, photo_keys, status, agency_id,
           created_at, updated_at) VALUES (?, 'pengaduan', 'jalan-jembatan', 'Jalan', 'Uraian cukup panjang untuk uji.',
           'anonim', '[]', 'routed', 'dinkes', '2026-10-20T01:00:00.000Z', '2026-12-08T01:00:00.000Z')`,
      ).bind(code),
      // PUPR's deadline passed on 5 December; the verifier moved the case on 8 December.
      env.DB.prepare(
        `INSERT INTO aspiration_deadlines (code, stage, round, agency_id, started_at, due_at, met_at, breached)
         VALUES (?, 'agency', 0, 'pupr', '2026-11-28T01:00:00.000Z', '2026-12-05T15:59:59.000Z', '2026-12-08T01:00:00.000Z', 1)`,
      ).bind(code),
      // Dinkes answered on the 10th, before its own deadline of the 15th.
      env.DB.prepare(
        `INSERT INTO aspiration_deadlines (code, stage, round, agency_id, started_at, due_at, met_at)
         VALUES (?, 'agency', 1, 'dinkes', '2026-12-08T01:00:00.000Z', '2026-12-15T15:59:59.000Z', '2026-12-10T01:00:00.000Z')`,
      ).bind(code),
    ]);
    const figures = await aspirationFiguresOf(db, "2026-12");
    expect(figures.agencies.get("pupr")).toMatchObject({ deadlines_due: 1, deadlines_on_time: 0, on_time_pct: 0 });
    expect(figures.agencies.get("dinkes")).toMatchObject({ deadlines_due: 1, deadlines_on_time: 1, on_time_pct: 100 });
    expect(figures.stages.get("agency")).toEqual({ due: 2, onTime: 1, pct: 50 });
    // November's figures hold none of it.
    expect((await aspirationFiguresOf(db, "2026-11")).agencies.get("pupr")).toBeUndefined();
  });
});

describe("MonthlyStatsFlow", () => {
  it("runs once for the month that closed, however often the trigger fires, and publishes the figures", async () => {
    // Not the 1st in WITA: nothing starts.
    expect(await runMonthlyStatsTrigger(env.STATS_FLOW, new Date("2026-11-28T16:00:00Z"))).toBeUndefined();
    await using instance = await introspectWorkflowInstance(env.STATS_FLOW, "stats-2026-11");
    const at = new Date("2026-11-30T16:00:00Z");
    expect(await runMonthlyStatsTrigger(env.STATS_FLOW, at)).toBe("2026-11");
    await instance.waitForStatus("complete");
    expect(await runMonthlyStatsTrigger(env.STATS_FLOW, at)).toBe("2026-11");
    expect(await db.select().from(statsSnapshots).where(eq(statsSnapshots.month, "2026-11"))).toMatchObject([
      { version: 1, status: "frozen", requestedBy: "cron" },
    ]);

    const res = await get("/api/v1/stats/monthly/2026-11");
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as {
      data: { regency: Record<string, number>; kecamatan: { name: string; figures: Record<string, number> }[] };
    };
    expect(data.regency).toMatchObject({ active_kims: 1, villages_with_kim: 1, members_total: 4 });
    expect(data.regency.villages).toBe(110);
    // Quality by the default rubric: no decree scan, not online, 4 of 15 members, nothing forwarded:
    // 25 × 4/15 of 100 = 6.7, the lowest tier.
    expect(data.regency.quality_avg).toBe(6.7);
    const tiers = (data as unknown as { tiers: { name: string; figures: { kims: number } }[] }).tiers;
    expect(tiers.map((t) => [t.name, t.figures.kims])).toEqual([
      ["Pratama", 1],
      ["Madya", 0],
      ["Utama", 0],
    ]);
    expect(data.kecamatan.find((k) => k.name === "Biduk-Biduk")?.figures).toMatchObject({ coverage_pct: 16.7 });
    expect(JSON.stringify(data)).not.toMatch(/Warga Uji|@warga\.test|\+62/);

    const page = await (await get("/statistik/2026-11", { html: true })).text();
    expect(page).toContain("November 2026");
    expect(page).toContain("16,7%");
    // The charts: coverage per kecamatan as bars, active KIMs over twelve months with November's point.
    const coverage = page.slice(
      page.indexOf('id="grafik-cakupan-title"'),
      page.indexOf("</svg>", page.indexOf('id="grafik-cakupan-title"')),
    );
    expect(coverage).toContain("Cakupan KIM per kecamatan");
    expect(coverage).toMatch(
      />Biduk-Biduk<\/text><rect [^>]*width="\d+(\.\d)?"[^>]*><\/rect><text [^>]*>16,7%<\/text>/,
    );
    const series = page.slice(
      page.indexOf('id="grafik-kim-title"'),
      page.indexOf("</svg>", page.indexOf('id="grafik-kim-title"')),
    );
    expect(series.match(/<circle /g)).toHaveLength(1);
    expect(page).toContain("<caption>KIM aktif dan cakupan, 12 bulan terakhir</caption>");

    // The report went to leadership once, with the kecamatan of lowest coverage and no person in it.
    await instance.waitForStepResult({ name: "mail the monthly report" });
    const reports = await db.select().from(mailOutbox).where(eq(mailOutbox.template, "stats_monthly_report"));
    expect(reports).toMatchObject([{ dedupeKey: "stats-2026-11-v1", recipients: [LEADER] }]);
    const params = reports[0]?.params as {
      lowestCoverage: { label: string }[];
      headline: { label: string; value: string }[];
    };
    expect(params.lowestCoverage).toHaveLength(3);
    expect(params.headline).toContainEqual({ label: "KIM aktif", value: "1" });
    expect(JSON.stringify(params)).not.toMatch(/Warga Uji|@warga\.test/);

    const bytes = new Uint8Array(await (await get("/statistik/2026-11.csv")).arrayBuffer());
    // UTF-8 with a byte-order mark, so Excel reads the names right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).split("\r\n");
    expect(lines[0]).toBe("bulan;versi;cakupan;kode;nama;metrik;keterangan;nilai");
    expect(lines).toContain("2026-11;1;kecamatan;64.03.08;Biduk-Biduk;coverage_pct;Cakupan KIM (%);16,7");
  });

  it("a recompute with a reason writes version 2 and keeps version 1; pages say it was revised", async () => {
    const admin = await signedInOfficial([grants.admin()]);
    const refused = await sendJson(
      "POST",
      "/api/v1/admin/stats/monthly/2026-11/recompute",
      { reason: "pendek" },
      { session: admin.session },
    );
    expect(refused.status).toBe(422);
    const verifier = await signedInOfficial([grants.verifier()]);
    const forbidden = await sendJson(
      "POST",
      "/api/v1/admin/stats/monthly/2026-11/recompute",
      { reason: "Data KIM Biduk-Biduk diperbaiki." },
      { session: verifier.session },
    );
    expect(forbidden.status).toBe(403);

    await using instance = await introspectWorkflowInstance(env.STATS_FLOW, "stats-2026-11-v2");
    const res = await sendJson(
      "POST",
      "/api/v1/admin/stats/monthly/2026-11/recompute",
      { reason: "Data KIM Biduk-Biduk diperbaiki." },
      { session: admin.session },
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { version: number } }).data.version).toBe(2);
    await instance.waitForStatus("complete");
    const versions = await db
      .select({ version: statsSnapshots.version, status: statsSnapshots.status })
      .from(statsSnapshots)
      .where(and(eq(statsSnapshots.month, "2026-11")));
    expect(versions.sort((a, b) => a.version - b.version)).toEqual([
      { version: 1, status: "frozen" },
      { version: 2, status: "frozen" },
    ]);
    const page = await (await get("/statistik", { html: true })).text();
    expect(page).toContain("sudah direvisi (versi 2): Data KIM Biduk-Biduk diperbaiki.");
    const reports = await db
      .select({ key: mailOutbox.dedupeKey })
      .from(mailOutbox)
      .where(eq(mailOutbox.template, "stats_monthly_report"));
    expect(reports.map((r) => r.key).sort()).toEqual(["stats-2026-11-v1", "stats-2026-11-v2"]);
  });

  it("an administrator backfills past months from the admin page; a wrong month is refused beside its field", async () => {
    const admin = await signedInOfficial([grants.admin()]);
    const page = await (await get("/admin/statistik", { session: admin.session, html: true })).text();
    expect(page).toContain('action="/admin/statistik/hitung"');
    const wrong = await postForm(
      "/admin/statistik/hitung",
      { from: "2026-13", to: "2026-10" },
      { session: admin.session },
    );
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("Bulan harus berbentuk TTTT-BB");
    const notClosed = await postForm(
      "/admin/statistik/hitung",
      { from: "2026-10", to: "2099-01" },
      { session: admin.session },
    );
    expect(notClosed.status).toBe(422);

    await using instance = await introspectWorkflowInstance(env.STATS_FLOW, "stats-2026-10");
    const started = await postForm(
      "/admin/statistik/hitung",
      { from: "2026-10", to: "2026-10" },
      { session: admin.session },
    );
    expect(started.status).toBe(303);
    expect(started.headers.get("location")).toBe("/admin/statistik?pesan=dihitung");
    await instance.waitForStatus("complete");
    expect((await get("/api/v1/stats/monthly/2026-10")).status).toBe(200);
  });

  it("a snapshot left computing without its instance is found by the nightly sweeper and finished", async () => {
    await db.insert(statsSnapshots).values({
      month: "2026-09",
      version: 1,
      status: "computing",
      reason: null,
      requestedBy: "cron",
      startedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    });
    await using instance = await introspectWorkflowInstance(env.STATS_FLOW, "stats-2026-09");
    const report = await sweepInstances({ ...housekeepingTestDeps(new Date()), statsFlow: env.STATS_FLOW });
    expect(report.created).toBeGreaterThanOrEqual(1);
    await instance.waitForStatus("complete");
    expect(await db.select().from(statsSnapshots).where(eq(statsSnapshots.month, "2026-09"))).toMatchObject([
      { version: 1, status: "frozen", requestedBy: "cron" },
    ]);
  });
});
