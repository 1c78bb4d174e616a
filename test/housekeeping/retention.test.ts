import { env, exports } from "cloudflare:workers";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, registrationEvents, registrationMembers, registrations } from "../../schema";
import { ANONYMISED } from "../../workers/domain/retention";
import { anonymiseClosedRegistrations } from "../../workers/services/housekeeping";
import {
  daysBeforeMs,
  housekeepingTestDeps,
  insertClosedRegistration,
  personalValuesOf,
} from "../fixtures/housekeeping";
import { get, grants, signedInOfficial } from "../fixtures/officials";
import { db, insertRegistration } from "../fixtures/registration-flow";

const BASE = "http://simpul.test";
const now = () => new Date();

/** Everything stored about one registration: its row, members and timeline kinds. */
async function stored(id: string) {
  const [row, members, events] = await db().batch([
    db().select().from(registrations).where(eq(registrations.id, id)),
    db()
      .select()
      .from(registrationMembers)
      .where(eq(registrationMembers.registrationId, id))
      .orderBy(asc(registrationMembers.position)),
    db()
      .select({ kind: registrationEvents.kind })
      .from(registrationEvents)
      .where(eq(registrationEvents.registrationId, id))
      .orderBy(asc(registrationEvents.at), asc(registrationEvents.id)),
  ]);
  return { row: row[0], members, timeline: events.map((e) => e.kind) };
}

const anonymisedMember = {
  fullName: ANONYMISED,
  nikHash: "",
  nikLast4: "",
  birthYear: null,
  phone: ANONYMISED,
  nikLock: null,
};

describe("anonymiseClosedRegistrations", () => {
  it("anonymises registrations closed more than 365 days ago and nothing else, keeping the facts statistics need", async () => {
    const run = now();
    const rejected = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 366), scan: true });
    const expired = await insertClosedRegistration({ status: "expired", closedAt: daysBeforeMs(run, 400) });
    const withdrawn = await insertClosedRegistration({ status: "withdrawn", closedAt: daysBeforeMs(run, 365.01) });
    const inside = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 364), scan: true });
    const approved = await insertRegistration({ status: "approved", registrationNumber: "KIM-6403042999-001" });
    await db()
      .update(registrations)
      .set({ updatedAt: daysBeforeMs(run, 800).toISOString() })
      .where(eq(registrations.id, approved.id));
    const pending = await insertRegistration();
    const untouched = await Promise.all([inside, approved, pending].map((r) => stored(r.id)));
    const before = await stored(rejected.id);

    const counts = await anonymiseClosedRegistrations(housekeepingTestDeps(run));

    expect(counts).toEqual({ anonymised: 3, scansDeleted: 1, failed: 0, more: false });
    const after = await stored(rejected.id);
    expect(after.row).toEqual({
      ...before.row,
      secretariatAddress: ANONYMISED,
      contactEmail: ANONYMISED,
      contactPhone: ANONYMISED,
      decreeScanKey: null,
      decreeScanType: null,
      decreeScanSize: null,
    });
    expect(after.members).toEqual(before.members.map((m) => ({ ...m, ...anonymisedMember })));
    // Role, gender and occupation stay for statistics.
    expect(after.members.map((m) => [m.role, m.gender, m.occupation])).toEqual(
      before.members.map((m) => [m.role, m.gender, m.occupation]),
    );
    expect(after.timeline).toEqual(["submit", "reject", "anonymise"]);
    expect(await env.FILES.get(rejected.scanKey ?? "")).toBeNull();
    for (const r of [expired, withdrawn]) {
      const s = await stored(r.id);
      expect(s.row).toMatchObject({
        contactEmail: ANONYMISED,
        secretariatAddress: ANONYMISED,
        status: r === expired ? "expired" : "withdrawn",
      });
      expect(s.members.every((m) => m.fullName === ANONYMISED && m.phone === ANONYMISED)).toBe(true);
    }

    expect(await Promise.all([inside, approved, pending].map((r) => stored(r.id)))).toEqual(untouched);
    expect(await env.FILES.get(inside.scanKey ?? "")).not.toBeNull();
  });

  it("records each anonymisation in the audit trail as the schedule's, once", async () => {
    const run = now();
    const r = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 370), scan: true });
    const deps = housekeepingTestDeps(run);
    await anonymiseClosedRegistrations(deps);
    expect(await anonymiseClosedRegistrations(housekeepingTestDeps(run))).toEqual({
      anonymised: 0,
      scansDeleted: 0,
      failed: 0,
      more: false,
    });

    const entries = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "retention.anonymise"), eq(auditLog.subjectId, r.id)));
    expect(entries).toEqual([
      {
        id: expect.any(Number),
        at: run.toISOString(),
        actorType: "schedule",
        actorId: "daily-housekeeping",
        action: "retention.anonymise",
        subjectType: "registration",
        subjectId: r.id,
        requestId: deps.runId,
        detail: {
          members: r.members.length,
          decreeScanDeleted: true,
          status: "rejected",
          closedAt: daysBeforeMs(run, 370).toISOString(),
          retentionDays: 365,
        },
      },
    ]);
    expect((await stored(r.id)).timeline).toEqual(["submit", "reject", "anonymise"]);
    const [event] = await db()
      .select()
      .from(registrationEvents)
      .where(and(eq(registrationEvents.registrationId, r.id), eq(registrationEvents.kind, "anonymise")));
    expect(event).toMatchObject({
      actorType: "schedule",
      actorId: "daily-housekeeping",
      fromStatus: null,
      toStatus: null,
      reason: null,
      detail: { members: r.members.length, decreeScanDeleted: true },
    });
  });

  it("shows no personal data of an anonymised registration on the public tracking page", async () => {
    const run = now();
    const r = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 400) });
    await anonymiseClosedRegistrations(housekeepingTestDeps(run));

    const res = await exports.default.fetch(`${BASE}/daftar-kim/${r.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<strong>Ditolak</strong>");
    expect(html).toContain("Data pribadi dihapus karena masa retensi berakhir");
    for (const value of personalValuesOf(r)) expect(html).not.toContain(value);
  });

  it("shows no personal data of an anonymised registration in the officials' detail view, nor its decree scan", async () => {
    const run = now();
    const r = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 400), scan: true });
    const { session } = await signedInOfficial([grants.verifier()]);
    const beforeHtml = await (await get(`/pendaftaran/${r.id}`, { session, html: true })).text();
    // The check below can fail: before the run, the verifier sees the applicant's data whole.
    expect(beforeHtml).toContain(r.contactEmail);
    expect(beforeHtml).toContain(r.members[0]?.fullName);

    await anonymiseClosedRegistrations(housekeepingTestDeps(run));

    const page = await get(`/pendaftaran/${r.id}`, { session, html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(ANONYMISED);
    expect(html).toContain("Data pribadi dihapus karena masa retensi berakhir");
    for (const value of personalValuesOf(r)) expect(html).not.toContain(value);
    expect(html).not.toContain(`/pendaftaran/${r.id}/sk`);
    expect((await get(`/pendaftaran/${r.id}/sk`, { session })).status).toBe(404);
  });

  it("takes at most the run's limit, oldest closure first, and the next run takes the rest", async () => {
    const run = now();
    const oldest = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 500) });
    const middle = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 450) });
    const newest = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 420) });

    expect(await anonymiseClosedRegistrations({ ...housekeepingTestDeps(run), limit: 2 })).toEqual({
      anonymised: 2,
      scansDeleted: 0,
      failed: 0,
      more: true,
    });
    const emailOf = async (id: string) => (await stored(id)).row?.contactEmail;
    expect(await Promise.all([oldest, middle, newest].map((r) => emailOf(r.id)))).toEqual([
      ANONYMISED,
      ANONYMISED,
      newest.contactEmail,
    ]);
    expect(await anonymiseClosedRegistrations({ ...housekeepingTestDeps(run), limit: 2 })).toMatchObject({
      anonymised: 1,
      more: false,
    });
    expect(await emailOf(newest.id)).toBe(ANONYMISED);
  });

  it("leaves a registration as it was when its scan cannot be deleted, and the next run finishes it", async () => {
    const run = now();
    const r = await insertClosedRegistration({ closedAt: daysBeforeMs(run, 380), scan: true });
    const before = await stored(r.id);
    const brokenFiles = {
      delete: async () => {
        throw new Error("R2 unavailable");
      },
    } as unknown as R2Bucket;
    const deps = { ...housekeepingTestDeps(run), files: brokenFiles };

    expect(await anonymiseClosedRegistrations(deps)).toEqual({
      anonymised: 0,
      scansDeleted: 0,
      failed: 1,
      more: false,
    });
    expect(await stored(r.id)).toEqual(before);
    expect(deps.logger.lines).toEqual([
      {
        level: "error",
        event: "retention_anonymise_failed",
        fields: { registrationIds: r.id, message: "R2 unavailable" },
      },
    ]);

    expect(await anonymiseClosedRegistrations(housekeepingTestDeps(run))).toMatchObject({ anonymised: 1, failed: 0 });
    expect(await env.FILES.get(r.scanKey ?? "")).toBeNull();
  });
});
