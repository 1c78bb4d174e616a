import { env, exports } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aspirationEvents, aspirations, auditLog, settings } from "../../schema";
import { loadConfig } from "../../workers/config";
import { newTrackingCode } from "../../workers/domain/aspiration/code";
import { ANONYMISED } from "../../workers/domain/retention";
import { anonymiseEndedAspirations } from "../../workers/services/aspiration/retention";
import { trackingKey } from "../../workers/services/aspiration/tracking";
import { HOUSEKEEPING_ACTOR, runDailyHousekeeping } from "../../workers/services/housekeeping";
import { daysBeforeMs, housekeepingTestDeps } from "../fixtures/housekeeping";
import { seedReferenceData } from "../fixtures/reference-data";
import { db } from "../fixtures/registration-flow";

/**
 * Aspirations past `retention.closedAspirationDays` (730 by default) after they ended lose the
 * reporter's identity, photos and later words; the case itself stays for the statistics.
 */

beforeAll(async () => {
  await seedReferenceData(env.DB);
});

const RUN = new Date("2026-12-01T17:00:00Z");

/** A case with a named reporter, two photos in R2 and a reply, in `status` since `closedAt` (null: still open). */
async function reportedCase(status: "closed" | "rejected" | "routed", closedAt: Date | null) {
  const code = newTrackingCode();
  const photos = [`aspirations/${code}/1.jpg`, `aspirations/${code}/2.jpg`];
  for (const key of photos) await env.FILES.put(key, new Uint8Array([0xff, 0xd8, 0xff, 0xe0]));
  const created = new Date((closedAt ?? RUN).getTime() - 30 * 24 * 3600 * 1000).toISOString();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO aspirations (code, kind, category_id, title, description, privacy, reporter_name, reporter_email,
         reporter_phone, photo_keys, status, agency_id, public_answer, created_at, updated_at, closed_at)
       VALUES (?, 'pengaduan', 'jalan-jembatan', 'Jalan berlubang', 'Jalan poros berlubang di depan sekolah.',
         'rahasia', 'Siti Rahmawati', 'siti.rahma@warga.test', '+6281234567890', ?, ?, 'pupr', 'Sudah ditambal.', ?, ?, ?)`,
    ).bind(code, JSON.stringify(photos), status, created, created, closedAt?.toISOString() ?? null),
    env.DB.prepare(
      `INSERT INTO aspiration_events (code, at, kind, actor_type, actor_id, public_note)
       VALUES (?, ?, 'reply', 'public', 'reporter', 'Rumah saya di RT 04, nomor 12, dekat masjid.')`,
    ).bind(code, created),
    env.DB.prepare(
      `INSERT INTO aspiration_events (code, at, kind, actor_type, actor_id, public_note)
       VALUES (?, ?, 'answer', 'official', 'petugas', 'Sudah ditambal.')`,
    ).bind(code, created),
  ]);
  return { code, photos };
}

const caseOf = (code: string) => db().select().from(aspirations).where(eq(aspirations.code, code)).get();
const notesOf = async (code: string) =>
  (
    await db()
      .select({ kind: aspirationEvents.kind, note: aspirationEvents.publicNote })
      .from(aspirationEvents)
      .where(eq(aspirationEvents.code, code))
      .orderBy(asc(aspirationEvents.id))
  ).map((e) => `${e.kind}: ${e.note}`);

describe("aspiration retention", () => {
  it("removes the reporter's identity, photos and later words from cases that ended over two years ago, once", async () => {
    const old = await reportedCase("closed", daysBeforeMs(RUN, 731));
    const rejected = await reportedCase("rejected", daysBeforeMs(RUN, 800));
    const recent = await reportedCase("closed", daysBeforeMs(RUN, 700));
    const open = await reportedCase("routed", null);
    const deps = { ...housekeepingTestDeps(RUN), actor: HOUSEKEEPING_ACTOR };

    expect(await anonymiseEndedAspirations(deps)).toEqual({ anonymised: 2, photosDeleted: 4, failed: 0, more: false });

    for (const done of [old, rejected]) {
      expect(await caseOf(done.code)).toMatchObject({
        reporterName: null,
        reporterEmail: null,
        reporterPhone: null,
        photoKeys: [],
        anonymisedAt: RUN.toISOString(),
        // What the statistics and the public record need stays.
        title: "Jalan berlubang",
        publicAnswer: "Sudah ditambal.",
        agencyId: "pupr",
      });
      for (const key of done.photos) expect(await env.FILES.head(key)).toBeNull();
      expect(await notesOf(done.code)).toEqual([`reply: ${ANONYMISED}`, "answer: Sudah ditambal.", "anonymise: null"]);
      const [entry] = await db().select().from(auditLog).where(eq(auditLog.subjectId, done.code));
      expect(entry).toMatchObject({ action: "retention.anonymise", actorType: "schedule" });
      expect(entry?.detail).toMatchObject({ photosDeleted: 2, retentionDays: 730 });
    }
    for (const kept of [recent, open]) {
      expect(await caseOf(kept.code)).toMatchObject({
        reporterName: "Siti Rahmawati",
        reporterEmail: "siti.rahma@warga.test",
        anonymisedAt: null,
      });
      for (const key of kept.photos) expect(await env.FILES.head(key)).not.toBeNull();
    }

    // A second run finds nothing left to do; the nightly job runs this task too.
    expect(await anonymiseEndedAspirations(deps)).toMatchObject({ anonymised: 0 });
    expect((await runDailyHousekeeping(housekeepingTestDeps(RUN))).aspirations).toMatchObject({ anonymised: 0 });
    expect((await notesOf(old.code)).filter((n) => n.startsWith("anonymise"))).toHaveLength(1);
  });

  it("counts from the setting: a shorter period anonymises sooner", async () => {
    await db()
      .insert(settings)
      .values({ key: "retention.closedAspirationDays", value: 30, updatedAt: RUN.toISOString(), updatedBy: "test" })
      .onConflictDoUpdate({ target: settings.key, set: { value: 30 } });
    const past = await reportedCase("closed", daysBeforeMs(RUN, 31));
    const inside = await reportedCase("closed", daysBeforeMs(RUN, 29));
    await anonymiseEndedAspirations({ ...housekeepingTestDeps(RUN), actor: HOUSEKEEPING_ACTOR });
    expect((await caseOf(past.code))?.reporterName).toBeNull();
    expect((await caseOf(inside.code))?.reporterName).toBe("Siti Rahmawati");
    await db().delete(settings).where(eq(settings.key, "retention.closedAspirationDays"));
  });

  it("the tracking page of an anonymised case says so and shows no name", async () => {
    const done = await reportedCase("closed", daysBeforeMs(RUN, 900));
    await anonymiseEndedAspirations({ ...housekeepingTestDeps(RUN), actor: HOUSEKEEPING_ACTOR });
    // A confidential case opens only with the key its reporter was given.
    const key = await trackingKey(loadConfig(env), done.code);
    const res = await exports.default.fetch(`http://simpul.test/lacak/${done.code}?kunci=${encodeURIComponent(key)}`, {
      headers: { accept: "text/html" },
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Data pribadi pelapor dihapus karena masa retensi berakhir");
    expect(html).not.toMatch(/Siti Rahmawati|siti\.rahma|6281234567890|RT 04/);
  });
});
