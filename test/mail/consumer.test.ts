import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { mailOutbox } from "../../schema";
import worker from "../../workers/index";
import { handleMailBatch, MAIL_LEASE_SECONDS, type MailConsumerDeps } from "../../workers/mail/consumer";
import { enqueueMail } from "../../workers/mail/outbox";
import {
  consumerDeps,
  fakeTransport,
  insertOutboxRow,
  mailDeps,
  queueMessage,
  TEST_NOW,
  testDb,
} from "../fixtures/mail";

/**
 * Runs the consumer on a batch and returns its ack/retry state. `getQueueResult` does not report
 * retry delays, so each message's `retry` is wrapped to record the delay it was given.
 */
async function runMail(messages: ReturnType<typeof queueMessage>[], deps: MailConsumerDeps) {
  const batch = createMessageBatch("mail", messages);
  const delays = new Map<string, number | undefined>();
  for (const msg of batch.messages) {
    const retry = msg.retry.bind(msg);
    vi.spyOn(msg, "retry").mockImplementation((options) => {
      delays.set(msg.id, options?.delaySeconds);
      retry(options);
    });
  }
  await handleMailBatch(batch, deps);
  const result = await getQueueResult(batch, createExecutionContext());
  return {
    ...result,
    retryMessages: result.retryMessages.map((r) => ({ msgId: r.msgId, delaySeconds: delays.get(r.msgId) })),
  };
}

async function outboxRow(id: string) {
  return testDb().select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
}

describe("mail consumer", () => {
  it("sends each dedupe key once even when enqueued twice and delivered twice", async () => {
    const outbox = mailDeps();
    const input = {
      template: "deadline_reminder" as const,
      to: ["opd@pupr.test", "kepala@pupr.test"],
      params: {
        item: "Aspirasi ASP-2026-0042",
        action: "menindaklanjuti aspirasi",
        dueAt: "2026-03-20T15:59:59Z",
        link: "/aspirasi/ASP-2026-0042",
        reason: "Anda petugas penghubung Dinas PUPR.",
      },
      dedupeKey: "aspiration:42:reminder:1",
    };
    const row = await enqueueMail(outbox, input);
    await enqueueMail(outbox, input);
    expect(outbox.queue.sent).toEqual([{ outboxId: row.id }]);

    const deps = consumerDeps();
    const first = queueMessage({ outboxId: row.id });
    const copy = queueMessage({ outboxId: row.id });
    const result = await runMail([first, copy], deps);
    expect(result.explicitAcks.sort()).toEqual([first.id, copy.id].sort());
    expect(result.retryMessages).toEqual([]);
    expect(deps.transport.sent).toEqual([
      {
        from: { email: "noreply@simpul.example", name: "Dinas Komunikasi dan Informatika Kabupaten Berau" },
        to: ["opd@pupr.test", "kepala@pupr.test"],
        subject: "Pengingat tenggat: Aspirasi ASP-2026-0042",
        text: expect.stringContaining("http://localhost:8787/aspirasi/ASP-2026-0042"),
        html: expect.stringContaining('href="http://localhost:8787/aspirasi/ASP-2026-0042"'),
        idempotencyKey: "aspiration:42:reminder:1",
      },
    ]);
    expect(await outboxRow(row.id)).toMatchObject({
      status: "sent",
      providerMessageId: "fake-1",
      sentAt: TEST_NOW.toISOString(),
      attempts: 1,
      leaseUntil: null,
      lastError: null,
    });

    // A later redelivery finds the row sent: acked, nothing sent again.
    const again = queueMessage({ outboxId: row.id }, 2);
    const later = await runMail([again], deps);
    expect(later.explicitAcks).toEqual([again.id]);
    expect(deps.transport.sent).toHaveLength(1);
  });

  it("blanks a sign-in link in the outbox once it is sent, so the database holds no usable link", async () => {
    const row = await insertOutboxRow({
      params: { link: "/masuk/tautan?token=rahasia", expiresAt: "2026-03-13T01:15:00Z" },
    });
    const deps = consumerDeps();
    await runMail([queueMessage({ outboxId: row.id })], deps);
    expect(deps.transport.sent[0]?.text).toContain("http://localhost:8787/masuk/tautan?token=rahasia");
    expect(await outboxRow(row.id)).toMatchObject({
      status: "sent",
      params: { link: "[dihapus setelah terkirim]", expiresAt: "2026-03-13T01:15:00Z" },
    });
  });

  it("retries with increasing delays while the transport is down, never acking, then sends once", async () => {
    const row = await insertOutboxRow();
    const deps = consumerDeps({ transport: fakeTransport({ failTimes: 3 }) });
    const delays: (number | undefined)[] = [];
    for (const attempts of [1, 2, 3]) {
      const msg = queueMessage({ outboxId: row.id }, attempts);
      const result = await runMail([msg], deps);
      expect(result.explicitAcks).toEqual([]);
      expect(result.retryMessages.map((r) => r.msgId)).toEqual([msg.id]);
      delays.push(result.retryMessages[0]?.delaySeconds);
      expect(await outboxRow(row.id)).toMatchObject({
        status: "queued",
        attempts,
        lastError: "MailTransportError: fake transport down",
        leaseUntil: null,
      });
    }
    expect(delays).toEqual([30, 60, 120]);

    const back = queueMessage({ outboxId: row.id }, 4);
    const result = await runMail([back], deps);
    expect(result.explicitAcks).toEqual([back.id]);
    expect(deps.transport.sent).toHaveLength(1);
    expect(await outboxRow(row.id)).toMatchObject({ status: "sent", attempts: 4, lastError: null });
  });

  it("caps the retry delay at one hour", async () => {
    const row = await insertOutboxRow();
    const deps = consumerDeps({ transport: fakeTransport({ failTimes: 1 }) });
    const msg = queueMessage({ outboxId: row.id }, 10);
    const result = await runMail([msg], deps);
    expect(result.retryMessages).toEqual([{ msgId: msg.id, delaySeconds: 3600 }]);
  });

  it("marks a row failed through mail-dlq after the last retry, keeping the last error", async () => {
    const row = await insertOutboxRow();
    const deps = consumerDeps({ transport: fakeTransport({ failTimes: 1 }) });
    // The 11th attempt is the last with max_retries = 10: it is retried, and the platform then
    // moves the message, body unchanged, to mail-dlq.
    const last = queueMessage({ outboxId: row.id }, 11);
    const result = await runMail([last], deps);
    expect(result.retryMessages.map((r) => r.msgId)).toEqual([last.id]);

    const dead = createMessageBatch("mail-dlq", [queueMessage({ outboxId: row.id })]);
    await worker.queue(dead, env);
    expect(await getQueueResult(dead, createExecutionContext())).toMatchObject({ ackAll: true, retryMessages: [] });
    expect(await outboxRow(row.id)).toMatchObject({
      status: "failed",
      failedAt: expect.any(String),
      lastError: "MailTransportError: fake transport down",
      leaseUntil: null,
    });
  });

  it("leaves a row sent when a stray copy of its message reaches mail-dlq", async () => {
    const row = await insertOutboxRow({ status: "sent", sentAt: TEST_NOW.toISOString(), providerMessageId: "p-1" });
    const dead = createMessageBatch("mail-dlq", [queueMessage({ outboxId: row.id })]);
    await worker.queue(dead, env);
    expect(await getQueueResult(dead, createExecutionContext())).toMatchObject({ ackAll: true });
    expect(await outboxRow(row.id)).toMatchObject({ status: "sent", failedAt: null });
  });

  it("dead-letters an unknown template at once with the reason, without failing the rest of the batch", async () => {
    const unknown = await insertOutboxRow({ template: "template_that_was_removed" });
    const good = await insertOutboxRow();
    const deps = consumerDeps();
    const m1 = queueMessage({ outboxId: unknown.id });
    const m2 = queueMessage({ outboxId: good.id });
    const result = await runMail([m1, m2], deps);
    expect(result.explicitAcks.sort()).toEqual([m1.id, m2.id].sort());
    expect(result.retryMessages).toEqual([]);
    const reason = "Templat email tidak dikenal: template_that_was_removed.";
    expect(deps.deadLetters.sent).toEqual([{ outboxId: unknown.id, reason }]);
    expect(await outboxRow(unknown.id)).toMatchObject({ status: "queued", lastError: reason });
    expect(await outboxRow(good.id)).toMatchObject({ status: "sent" });
    expect(deps.transport.sent).toHaveLength(1);

    const dead = createMessageBatch("mail-dlq", [queueMessage(deps.deadLetters.sent[0])]);
    await worker.queue(dead, env);
    expect(await outboxRow(unknown.id)).toMatchObject({ status: "failed", lastError: reason });
  });

  it("dead-letters stored params that no longer fit the template, naming the fields", async () => {
    const row = await insertOutboxRow({ params: { link: "https://evil.test/", expiresAt: "kemarin" } });
    const deps = consumerDeps();
    const msg = queueMessage({ outboxId: row.id });
    const result = await runMail([msg], deps);
    expect(result.explicitAcks).toEqual([msg.id]);
    const reason = "Parameter templat sign_in_link tidak valid: link, expiresAt.";
    expect(deps.deadLetters.sent).toEqual([{ outboxId: row.id, reason }]);
    expect(deps.transport.sent).toEqual([]);
  });

  it("dead-letters a message whose row does not exist and one without an outbox id", async () => {
    const deps = consumerDeps();
    const missing = queueMessage({ outboxId: "no-such-row" });
    const garbage = queueMessage({ hello: "world" });
    const result = await runMail([missing, garbage], deps);
    expect(result.explicitAcks.sort()).toEqual([missing.id, garbage.id].sort());
    expect(deps.deadLetters.sent).toEqual([
      { outboxId: "", reason: "Pesan antrean tidak berisi outboxId yang valid." },
      { outboxId: "no-such-row", reason: "Baris outbox tidak ditemukan." },
    ]);
  });

  it("retries, not acks, when the dead-letter queue refuses the message", async () => {
    const row = await insertOutboxRow({ template: "template_that_was_removed" });
    const deps = consumerDeps();
    deps.deadLetters.send = async () => {
      throw new Error("dlq down");
    };
    const msg = queueMessage({ outboxId: row.id });
    const result = await runMail([msg], deps);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: msg.id, delaySeconds: 30 }]);
  });

  it("dead-letters a message the provider refused as malformed instead of retrying it", async () => {
    const row = await insertOutboxRow();
    const deps = consumerDeps({ transport: fakeTransport({ failTimes: 1, permanent: true }) });
    const msg = queueMessage({ outboxId: row.id });
    const result = await runMail([msg], deps);
    expect(result.explicitAcks).toEqual([msg.id]);
    expect(deps.deadLetters.sent).toEqual([{ outboxId: row.id, reason: "MailTransportError: fake transport down" }]);
  });

  it("waits for the lease of a delivery already sending the row instead of sending it again", async () => {
    const leaseUntil = new Date(TEST_NOW.getTime() + 120_000).toISOString();
    const row = await insertOutboxRow({ leaseUntil, attempts: 1 });
    const deps = consumerDeps();
    const msg = queueMessage({ outboxId: row.id });
    const result = await runMail([msg], deps);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: msg.id, delaySeconds: 120 }]);
    expect(deps.transport.sent).toEqual([]);

    // Once the lease has run out (the other delivery died), the row is claimed and sent.
    const later = consumerDeps({ now: () => new Date(TEST_NOW.getTime() + MAIL_LEASE_SECONDS * 1000) });
    const retry = queueMessage({ outboxId: row.id }, 2);
    expect((await runMail([retry], later)).explicitAcks).toEqual([retry.id]);
    expect(later.transport.sent).toHaveLength(1);
  });

  it("acks a message for a row already failed for good", async () => {
    const row = await insertOutboxRow({ status: "failed", failedAt: TEST_NOW.toISOString() });
    const deps = consumerDeps();
    const msg = queueMessage({ outboxId: row.id });
    expect((await runMail([msg], deps)).explicitAcks).toEqual([msg.id]);
    expect(deps.transport.sent).toEqual([]);
  });

  it("handles a full batch of 100 in one claim without exceeding D1's parameter limit", async () => {
    const rows = await Promise.all(Array.from({ length: 100 }, () => insertOutboxRow()));
    const deps = consumerDeps();
    const result = await runMail(
      rows.map((r) => queueMessage({ outboxId: r.id })),
      deps,
    );
    expect(result.explicitAcks).toHaveLength(100);
    expect(deps.transport.sent).toHaveLength(100);
    expect(new Set(deps.transport.sent.map((m) => m.idempotencyKey)).size).toBe(100);
  });

  it("logs ids and counts, never addresses", async () => {
    const row = await insertOutboxRow({ recipients: ["rahasia@warga.test"] });
    const deps = consumerDeps({ transport: fakeTransport({ failTimes: 1 }) });
    await runMail([queueMessage({ outboxId: row.id })], deps);
    expect(JSON.stringify(deps.logger.lines)).not.toContain("@");
    expect(deps.logger.lines).toContainEqual({
      level: "warn",
      event: "mail_send_failed",
      fields: { outboxId: row.id, transport: "fake", attempts: 1, delaySeconds: 30 },
    });
  });
});
