import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, mailOutbox } from "../../schema";
import { loadConfig } from "../../workers/config";
import worker from "../../workers/index";
import { listFailedMail, resendFailedMail, resendKey, sendFailedMailSummary } from "../../workers/services/mail";
import { insertOutboxRow, mailDeps, TEST_NOW, testDb } from "../fixtures/mail";
import { createOfficial, grants } from "../fixtures/officials";

const admin = { type: "official", id: "official-admin-1" } as const;
const hoursAgo = (h: number) => new Date(TEST_NOW.getTime() - h * 3_600_000).toISOString();

async function failedRow(overrides: Parameters<typeof insertOutboxRow>[0] = {}) {
  return insertOutboxRow({
    status: "failed",
    attempts: 11,
    lastError: "HTTP mail API 503: upstream down",
    failedAt: hoursAgo(2),
    ...overrides,
  });
}

describe("resendFailedMail", () => {
  it("writes a linked row with a #resend key and an audit entry, queues it, and leaves the original failed", async () => {
    const original = await failedRow({ dedupeKey: "aspiration:7:reminder:1" });
    const deps = mailDeps();
    const resent = await resendFailedMail(deps, { outboxId: original.id, actor: admin, requestId: "req-1" });
    expect(resent).toMatchObject({
      dedupeKey: "aspiration:7:reminder:1#resend-1",
      resendOf: original.id,
      template: original.template,
      recipients: original.recipients,
      params: original.params,
      status: "queued",
      attempts: 0,
      queuedAt: TEST_NOW.toISOString(),
    });
    expect(deps.queue.sent).toEqual([{ outboxId: resent.id }]);
    expect(await testDb().select().from(mailOutbox).where(eq(mailOutbox.id, original.id)).get()).toEqual(original);
    expect(await testDb().select().from(auditLog).where(eq(auditLog.subjectId, original.id))).toEqual([
      {
        id: expect.any(Number),
        at: TEST_NOW.toISOString(),
        actorType: "official",
        actorId: "official-admin-1",
        action: "mail.resend",
        subjectType: "mail_outbox",
        subjectId: original.id,
        requestId: "req-1",
        detail: { resendId: resent.id, template: "sign_in_link", dedupeKey: "aspiration:7:reminder:1#resend-1" },
      },
    ]);
  });

  it("returns the resend already made when the same failed row is resent again", async () => {
    const original = await failedRow();
    const deps = mailDeps();
    const first = await resendFailedMail(deps, { outboxId: original.id, actor: admin, requestId: "req-a" });
    const second = await resendFailedMail(deps, { outboxId: original.id, actor: admin, requestId: "req-b" });
    expect(second.id).toBe(first.id);
    expect(deps.queue.sent).toHaveLength(1);
    expect(await testDb().select().from(auditLog).where(eq(auditLog.subjectId, original.id))).toHaveLength(1);
  });

  it("numbers a resend of a failed resend in the same chain", async () => {
    const original = await failedRow({ dedupeKey: "registration:9:endorse" });
    const deps = mailDeps();
    const first = await resendFailedMail(deps, { outboxId: original.id, actor: admin, requestId: "r1" });
    await testDb()
      .update(mailOutbox)
      .set({ status: "failed", failedAt: TEST_NOW.toISOString() })
      .where(eq(mailOutbox.id, first.id));
    const second = await resendFailedMail(deps, { outboxId: first.id, actor: admin, requestId: "r2" });
    expect(second).toMatchObject({ dedupeKey: "registration:9:endorse#resend-2", resendOf: first.id });
    expect(resendKey("a:b#resend-9")).toBe("a:b#resend-10");
  });

  it("refuses a row that has not failed and an unknown id", async () => {
    const sent = await insertOutboxRow({ status: "sent", sentAt: TEST_NOW.toISOString() });
    const deps = mailDeps();
    await expect(resendFailedMail(deps, { outboxId: sent.id, actor: admin, requestId: "r" })).rejects.toMatchObject({
      status: 409,
      code: "conflict",
      message: "Hanya email yang gagal terkirim yang dapat dikirim ulang.",
    });
    await expect(resendFailedMail(deps, { outboxId: "nope", actor: admin, requestId: "r" })).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    });
    expect(deps.queue.sent).toEqual([]);
  });
});

describe("listFailedMail", () => {
  it("lists failed rows newest first with the id of their resend", async () => {
    // Failures later than any other test's, so they head the list whatever the order of tests.
    const older = await failedRow({ failedAt: "2040-01-01T00:00:00Z" });
    const newer = await failedRow({ failedAt: "2040-01-02T00:00:00Z" });
    const resent = await resendFailedMail(mailDeps(), { outboxId: older.id, actor: admin, requestId: "r" });
    const list = await listFailedMail(testDb(), { limit: 2 });
    expect(list).toEqual([
      {
        id: newer.id,
        template: "sign_in_link",
        recipients: newer.recipients,
        dedupeKey: newer.dedupeKey,
        attempts: 11,
        lastError: "HTTP mail API 503: upstream down",
        createdAt: newer.createdAt,
        failedAt: "2040-01-02T00:00:00Z",
        resendOf: null,
        resentAs: null,
      },
      expect.objectContaining({ id: older.id, resentAs: resent.id }),
    ]);
  });
});

describe("sendFailedMailSummary", () => {
  it("enqueues one summary per WITA day listing the last 24 hours' failures", async () => {
    // A period of its own, so rows from other tests in this file stay outside it.
    const now = new Date("2031-05-01T00:00:00Z");
    const recent = await failedRow({
      failedAt: "2031-04-30T20:00:00Z",
      lastError: "Semua percobaan pengiriman gagal.",
    });
    await failedRow({ failedAt: "2031-04-29T20:00:00Z" });
    await insertOutboxRow({ status: "sent", sentAt: "2031-04-30T21:00:00Z" });
    const deps = mailDeps({ now });
    const result = await sendFailedMailSummary(deps, { to: ["admin@diskominfo.test"] });
    expect(result).toEqual({ total: 1, outboxId: expect.any(String) });
    const row = await testDb()
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.id, result.outboxId ?? ""))
      .get();
    expect(row).toMatchObject({
      template: "failed_mail_summary",
      dedupeKey: "failed-mail-summary:2031-05-01",
      recipients: ["admin@diskominfo.test"],
      params: {
        since: "2031-04-30T00:00:00.000Z",
        total: 1,
        items: [
          {
            id: recent.id,
            template: "sign_in_link",
            failedAt: "2031-04-30T20:00:00Z",
            lastError: "Semua percobaan pengiriman gagal.",
          },
        ],
        listPath: "/admin/email-gagal",
      },
    });
    const again = await sendFailedMailSummary(
      { ...deps, now: new Date("2031-05-01T06:00:00Z") },
      { to: ["admin@diskominfo.test"] },
    );
    expect(again.outboxId).toBe(result.outboxId);
    expect(deps.queue.sent).toEqual([{ outboxId: result.outboxId }]);
  });

  it("sends nothing on a day without failures", async () => {
    const deps = mailDeps({ now: new Date("2032-01-01T00:00:00Z") });
    expect(await sendFailedMailSummary(deps, { to: ["admin@diskominfo.test"] })).toEqual({
      total: 0,
      outboxId: null,
    });
    expect(deps.queue.sent).toEqual([]);
  });
});

describe("mail configuration", () => {
  it("refuses the HTTP transport without its URL and secret", () => {
    expect(() => loadConfig({ ...env, MAIL_TRANSPORT: "http", MAIL_API_KEY: "" })).toThrow(
      "MAIL_TRANSPORT=http needs MAIL_API_URL and the secret MAIL_API_KEY",
    );
  });
});

describe("daily failed-mail cron", () => {
  it("sends the summary to every active administrator at 08:00 WITA", async () => {
    const a = await createOfficial({ email: "admin.satu@diskominfo.test", grants: [grants.admin()] });
    await createOfficial({ email: "admin.dua@diskominfo.test", grants: [grants.admin()] });
    await createOfficial({ email: "mantan@diskominfo.test", grants: [grants.admin()], active: false });
    await createOfficial({ email: "verifikator@diskominfo.test", grants: [grants.verifier()] });
    const failed = await failedRow({ failedAt: "2033-02-28T22:00:00Z" });
    const controller = createScheduledController({
      cron: "0 0 * * *",
      scheduledTime: Date.parse("2033-03-01T00:00:00Z"),
    });
    await worker.scheduled(controller, env);

    const summary = await testDb()
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, "failed-mail-summary:2033-03-01"))
      .get();
    expect(summary).toMatchObject({
      template: "failed_mail_summary",
      recipients: ["admin.dua@diskominfo.test", a.email],
      params: { total: 1, items: [expect.objectContaining({ id: failed.id })] },
      queuedAt: "2033-03-01T00:00:00.000Z",
    });
  });
});
