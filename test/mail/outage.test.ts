import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { inArray } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { mailOutbox } from "../../schema";
import worker from "../../workers/index";
import { handleMailBatch, MAIL_RETRY_POLICY, type MailConsumerDeps } from "../../workers/mail/consumer";
import { enqueueMail } from "../../workers/mail/outbox";
import { MailTransportError, type OutgoingMail } from "../../workers/mail/transports";
import { listFailedMail, resendFailedMail } from "../../workers/services/mail";
import wranglerToml from "../../wrangler.toml?raw";
import { consumerDeps, mailDeps, queueMessage, testDb } from "../fixtures/mail";

/**
 * The mail provider is down for longer than the queue retries: every message is retried with a
 * growing delay until the platform gives up, the dead-letter consumer marks each row failed, an
 * administrator resends them once the provider is back, and each reaches its recipient once.
 * Redeliveries (the platform delivers at least once) are part of every round.
 */

const MESSAGES = 25;
/** `max_retries` of the `mail` consumer in wrangler.toml: the platform delivers a message this many times plus one. */
const MAX_RETRIES = Number(/queue = "mail"\n[^[]*?max_retries = (\d+)/.exec(wranglerToml)?.[1]);

/** A provider that is down until `up()` is called, then records what it sends. */
function switchableTransport() {
  let down = true;
  const sent: OutgoingMail[] = [];
  return {
    name: "switchable",
    sent,
    up() {
      down = false;
    },
    async send(mail: OutgoingMail) {
      if (down) throw new MailTransportError("HTTP mail API 503: upstream down", false);
      sent.push(mail);
      return { providerMessageId: `p-${sent.length}` };
    },
  };
}

/** Delivers one message per outbox id (the given attempt) and returns the delays the consumer asked for. */
async function deliver(ids: string[], attempts: number, deps: MailConsumerDeps) {
  const batch = createMessageBatch(
    "mail",
    ids.map((outboxId) => queueMessage({ outboxId }, attempts)),
  );
  const delays: (number | undefined)[] = [];
  for (const msg of batch.messages) {
    const retry = msg.retry.bind(msg);
    vi.spyOn(msg, "retry").mockImplementation((options) => {
      delays.push(options?.delaySeconds);
      retry(options);
    });
  }
  await handleMailBatch(batch, deps);
  return { ...(await getQueueResult(batch, createExecutionContext())), delays };
}

const rowsOf = (ids: string[]) => testDb().select().from(mailOutbox).where(inArray(mailOutbox.id, ids));

describe("mail provider down for hours", () => {
  it("loses nothing: backoff grows, mail-dlq marks every row failed, a resend delivers each once", async () => {
    expect(MAX_RETRIES).toBeGreaterThanOrEqual(5);
    const producer = mailDeps();
    const keys = Array.from({ length: MESSAGES }, (_, i) => `outage:${crypto.randomUUID()}:${i}`);
    const enqueue = (key: string, i: number) =>
      enqueueMail(producer, {
        template: "deadline_reminder",
        to: [`petugas${i}@berau.example`],
        dedupeKey: key,
        params: {
          item: `Aspirasi nomor ${i}`,
          action: "memverifikasi aspirasi",
          dueAt: "2026-03-20T08:00:00Z",
          link: "/petugas",
          reason: "Anda verifikator Bidang IKP.",
        },
      });
    const rows = await Promise.all(keys.map(enqueue));
    // The producer retried some enqueues: still one row per key.
    await Promise.all(keys.slice(0, 5).map(enqueue));
    const ids = rows.map((r) => r.id);
    expect(new Set((producer.queue.sent as { outboxId: string }[]).map((m) => m.outboxId))).toEqual(new Set(ids));

    const transport = switchableTransport();
    const deps = consumerDeps({ transport });
    const delaysByAttempt: number[] = [];
    for (let attempt = 1; attempt <= MAX_RETRIES + 1; attempt++) {
      const round = await deliver(ids, attempt, deps);
      expect(round.explicitAcks).toEqual([]);
      expect(round.retryMessages).toHaveLength(MESSAGES);
      // Every message of a round waits as long as the others: one delay per attempt.
      expect(new Set(round.delays).size).toBe(1);
      delaysByAttempt.push(round.delays[0] ?? 0);
      for (const row of await rowsOf(ids)) {
        expect(row).toMatchObject({ status: "queued", attempts: attempt, lastError: expect.stringContaining("503") });
      }
    }
    // Doubling from 30 s to the one-hour cap, never shrinking.
    expect(delaysByAttempt.slice(0, 3)).toEqual([30, 60, 120]);
    expect(delaysByAttempt.every((d, i) => i === 0 || d >= (delaysByAttempt[i - 1] ?? 0))).toBe(true);
    expect(delaysByAttempt.at(-1)).toBe(MAIL_RETRY_POLICY.maxSeconds);
    expect(transport.sent).toEqual([]);

    // The platform moves every message to mail-dlq after its last retry.
    const dead = createMessageBatch(
      "mail-dlq",
      ids.map((outboxId) => queueMessage({ outboxId })),
    );
    await worker.queue(dead, env);
    expect(await getQueueResult(dead, createExecutionContext())).toMatchObject({ ackAll: true });
    const failed = await rowsOf(ids);
    expect(failed).toHaveLength(MESSAGES);
    expect(failed.every((r) => r.status === "failed" && r.failedAt !== null && r.lastError?.includes("503"))).toBe(
      true,
    );
    const listed = new Set((await listFailedMail(testDb(), { limit: 100 })).map((m) => m.id));
    expect(ids.every((id) => listed.has(id))).toBe(true);

    // The provider is back; an administrator resends every failed row, some twice (a double click).
    transport.up();
    const admin = { type: "official", id: "official-admin-outage" } as const;
    const resend = (outboxId: string) => resendFailedMail(mailDeps(), { outboxId, actor: admin, requestId: "outage" });
    const resent = await Promise.all(ids.map(resend));
    await Promise.all(ids.slice(0, 5).map(resend));
    const resentIds = [...new Set(resent.map((r) => r.id))];
    expect(resentIds).toHaveLength(MESSAGES);

    // Delivered, then delivered again (at-least-once): each message reaches its recipient once.
    expect((await deliver(resentIds, 1, deps)).explicitAcks).toHaveLength(MESSAGES);
    expect((await deliver(resentIds, 1, deps)).explicitAcks).toHaveLength(MESSAGES);
    expect(transport.sent).toHaveLength(MESSAGES);
    expect(new Set(transport.sent.map((m) => m.idempotencyKey))).toEqual(new Set(keys.map((k) => `${k}#resend-1`)));
    expect(transport.sent.map((m) => m.to[0]).sort()).toEqual(rows.map((r) => r.recipients[0]).sort());
    expect((await rowsOf(resentIds)).every((r) => r.status === "sent")).toBe(true);
    // The originals stay failed, each linked to its one resend.
    expect((await rowsOf(ids)).every((r) => r.status === "failed")).toBe(true);
  });
});
