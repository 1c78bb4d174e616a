import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox } from "../../schema";
import { loadConfig } from "../../workers/config";
import { createDb } from "../../workers/db";
import worker from "../../workers/index";
import { createLogger } from "../../workers/log";
import { sendCriticalDigest } from "../../workers/services/aspiration/critical-digest";
import { FAILED_MAIL_SUMMARY_CRON } from "../../workers/services/mail";
import { caseWithDeadline } from "../fixtures/aspirations";
import { createOfficial, get, grants, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

/** Leadership's daily digest of critical aspirations, and the critical mark on the officials' queue. */

const db = createDb(env.DB);
const DAY = 24 * 60 * 60 * 1000;
const LEADER = "bupati.digest@berau.example";
const deps = (now: Date) => ({
  db,
  queue: env.MAIL_QUEUE,
  config: loadConfig(env),
  now,
  logger: createLogger("test"),
});
const digests = () => db.select().from(mailOutbox).where(like(mailOutbox.dedupeKey, "aspiration-critical-digest:%"));

/** A case at `level`, with a reporter whose identity must never reach the digest. */
async function caseAt(level: number, status: "routed" | "answered" = "routed", title = "Jalan amblas") {
  const code = await caseWithDeadline({
    status,
    stage: status === "routed" ? "agency" : "feedback",
    dueAt: new Date(Date.now() - 20 * DAY),
  });
  await env.DB.prepare(
    "UPDATE aspirations SET escalation_level = ?, title = ?, reporter_name = 'Maria Goreti Lunas', reporter_email = 'maria.lunas@contoh.id' WHERE code = ?",
  )
    .bind(level, title, code)
    .run();
  return code;
}

beforeAll(async () => {
  await seedReferenceData(env.DB);
  await createOfficial({ email: LEADER, grants: [grants.leadership()] });
});

describe("the daily digest of critical aspirations", () => {
  it("sends nothing while no case is critical", async () => {
    await caseAt(2, "routed", "Baru tingkat dua");
    expect(await sendCriticalDigest(deps(new Date("2026-12-01T00:00:00Z")))).toEqual({ critical: 0, sent: false });
    expect(await digests()).toEqual([]);
  });

  it("lists each unanswered critical case once a day to leadership, without the reporter", async () => {
    const critical = await caseAt(3, "routed", "Jembatan putus di Labanan");
    const answered = await caseAt(3, "answered", "Sudah dijawab walau kritis");
    const morning = new Date("2026-12-02T00:00:00Z");
    expect(await sendCriticalDigest(deps(morning))).toEqual({ critical: 1, sent: true });
    // The cron firing twice the same morning sends nothing more.
    await sendCriticalDigest(deps(new Date("2026-12-02T00:05:00Z")));
    const [digest, ...others] = await digests();
    expect(others).toEqual([]);
    expect(digest).toMatchObject({
      template: "aspiration_critical_digest",
      dedupeKey: "aspiration-critical-digest:2026-12-02",
      recipients: [LEADER],
    });
    const params = JSON.stringify(digest?.params);
    expect(params).toContain(critical);
    expect(params).toContain("Dinas Pekerjaan Umum dan Penataan Ruang");
    expect(params).not.toContain(answered);
    expect(params).not.toContain("Baru tingkat dua");
    expect(params).not.toMatch(/Maria|maria\.lunas/);
  });

  it("goes out from the morning cron beside the administrators' summary", async () => {
    await worker.scheduled(
      createScheduledController({ cron: FAILED_MAIL_SUMMARY_CRON, scheduledTime: Date.parse("2026-12-03T00:00:00Z") }),
      env,
    );
    expect(
      await db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, "aspiration-critical-digest:2026-12-03")),
    ).toHaveLength(1);
  });

  it("the officials' queue says how many cases are critical", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const html = await (await get("/aspirasi/kelola", { session: verifier.session, html: true })).text();
    expect(html).toMatch(/<strong>\d+ laporan kritis<\/strong>/);
    expect(html).toContain("Kritis: dilaporkan harian kepada pimpinan");
  });
});
