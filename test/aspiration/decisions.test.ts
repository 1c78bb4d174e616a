import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aspirationDeadlines, aspirationEvents, aspirations, auditLog } from "../../schema";
import { createDb } from "../../workers/db";
import type { Actor } from "../../workers/domain/actor";
import {
  answerAspiration,
  declineAspiration,
  rejectAspiration,
  routeAspiration,
} from "../../workers/services/aspiration/decisions";
import { aspirationDecisionDeps, freshReport, getTracking, postAspiration } from "../fixtures/aspirations";
import { grants } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

const db = createDb(env.DB);
beforeAll(() => seedReferenceData(env.DB));

const deps = aspirationDecisionDeps;
const official = (grant: ReturnType<typeof grants.verifier>): Actor => ({
  type: "official",
  id: crypto.randomUUID(),
  grants: [grant],
});
const verifier = official(grants.verifier());

async function received(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await postAspiration(freshReport(overrides));
  return ((await res.json()) as { code: string }).code;
}

const deadlinesOf = (code: string) =>
  db.select().from(aspirationDeadlines).where(eq(aspirationDeadlines.code, code)).orderBy(asc(aspirationDeadlines.id));

describe("routing to an agency", () => {
  it("meets the verification deadline, opens the agency's, and names the agency on the tracking page", async () => {
    const code = await received();
    const result = await routeAspiration(deps(), verifier, { code, agencyId: "pupr", note: "Sudah dicek di lokasi." });
    expect(result).toEqual({ status: "routed", dueAt: expect.stringMatching(/T23:59:59\+08:00$/) });
    expect(await deadlinesOf(code)).toMatchObject([
      { stage: "verification", round: 0, metAt: expect.any(String), breached: false },
      { stage: "agency", round: 0, agencyId: "pupr", metAt: null, breached: false },
    ]);
    const tracking = (await (await getTracking(code)).json()) as { data: { status: string; agency: string } };
    expect(tracking.data).toMatchObject({ status: "routed", agency: "Dinas Pekerjaan Umum dan Penataan Ruang" });
    // The verifier's internal note is for officials only.
    expect(JSON.stringify(tracking)).not.toContain("Sudah dicek di lokasi");
  });

  it("records a verification deadline that had passed as breached", async () => {
    const code = await received();
    const late = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
    await routeAspiration(deps(late), verifier, { code, agencyId: "pupr" });
    expect(await deadlinesOf(code)).toMatchObject([{ stage: "verification", breached: true }, { stage: "agency" }]);
  });

  it("refuses an agency officer, an unknown agency, and a second routing of the same case", async () => {
    const code = await received();
    await expect(
      routeAspiration(deps(), official(grants.agencyOfficer("pupr")), { code, agencyId: "pupr" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(routeAspiration(deps(), verifier, { code, agencyId: "tidak-ada" })).rejects.toMatchObject({
      status: 422,
      details: [{ path: "agencyId", code: "unknown_agency" }],
    });
    await routeAspiration(deps(), verifier, { code, agencyId: "pupr" });
    await expect(routeAspiration(deps(), verifier, { code, agencyId: "dinkes" })).rejects.toMatchObject({
      status: 409,
      code: "conflict",
    });
  });

  it("lets exactly one of two verifiers routing at once win; the other gets 409", async () => {
    const code = await received();
    const results = await Promise.allSettled([
      routeAspiration(deps(), verifier, { code, agencyId: "pupr" }),
      routeAspiration(deps(), official(grants.verifier()), { code, agencyId: "dinkes" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
    expect(await db.select().from(aspirationEvents).where(eq(aspirationEvents.code, code))).toHaveLength(2);
  });
});

describe("closing at verification", () => {
  it("rejects a duplicate, naming the original, with the reason on the tracking page", async () => {
    const original = await received();
    const copy = await received();
    await rejectAspiration(deps(), verifier, {
      code: copy,
      reason: "Laporan yang sama sudah ada.",
      duplicateOf: original,
    });
    const row = await db.select().from(aspirations).where(eq(aspirations.code, copy)).get();
    expect(row).toMatchObject({ status: "rejected", duplicateOf: original, dueAt: null, closedAt: expect.any(String) });
    const tracking = (await (await getTracking(copy)).json()) as { data: { timeline: { note: string | null }[] } };
    expect(tracking.data.timeline.at(-1)).toMatchObject({ note: "Laporan yang sama sudah ada." });
  });

  it("refuses a rejection without a reason, or naming itself as the original", async () => {
    const code = await received();
    await expect(rejectAspiration(deps(), verifier, { code, reason: "" })).rejects.toMatchObject({
      status: 422,
      details: [{ path: "reason" }],
    });
    await expect(
      rejectAspiration(deps(), verifier, { code, reason: "Duplikat laporan.", duplicateOf: code }),
    ).rejects.toMatchObject({ status: 422, details: [{ path: "duplicateOf" }] });
  });

  it("declares a case outside the regency's authority and says where to go instead", async () => {
    const code = await received();
    await declineAspiration(deps(), verifier, {
      code,
      reason: "Jalan nasional dikelola pemerintah pusat.",
      referTo: "Balai Besar Pelaksanaan Jalan Nasional Kalimantan Timur",
    });
    const row = await db.select().from(aspirations).where(eq(aspirations.code, code)).get();
    expect(row?.status).toBe("not_in_authority");
    expect(await db.select().from(auditLog).where(eq(auditLog.subjectId, code))).toMatchObject([
      { action: "aspiration.submit" },
      { action: "aspiration.decline" },
    ]);
  });
});

describe("the agency's answer", () => {
  it("is given by the agency the case is with, meets its deadline and opens the reporter's feedback window", async () => {
    const code = await received();
    await routeAspiration(deps(), verifier, { code, agencyId: "pupr" });
    await expect(
      answerAspiration(deps(), official(grants.agencyOfficer("dinkes")), { code, publicAnswer: "Bukan urusan kami." }),
    ).rejects.toMatchObject({ status: 403 });
    const result = await answerAspiration(deps(), official(grants.agencyOfficer("pupr")), {
      code,
      publicAnswer: "Lubang sudah ditambal pada 3 Desember; terima kasih atas laporannya.",
      internalNote: "Tim lapangan regu 2.",
    });
    expect(result).toEqual({ status: "answered", feedbackDueAt: expect.stringMatching(/T23:59:59\+08:00$/) });
    expect(await deadlinesOf(code)).toMatchObject([
      { stage: "verification", metAt: expect.any(String) },
      { stage: "agency", agencyId: "pupr", metAt: expect.any(String), breached: false },
      { stage: "feedback", metAt: null },
    ]);
    const tracking = await (await getTracking(code)).text();
    expect(tracking).toContain("Lubang sudah ditambal");
    expect(tracking).not.toContain("Tim lapangan regu 2");
  });
});
