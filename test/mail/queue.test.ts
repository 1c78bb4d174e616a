import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { mailOutbox } from "../../schema";
import { enqueueMail } from "../../workers/mail/outbox";
import { insertOutboxRow, mailDeps, testDb } from "../fixtures/mail";

// These tests use the real local queues `mail` and `mail-dlq` and the simulated Email Service
// binding: the consumer runs when the queue delivers (max_batch_timeout is one second).
const WAIT = { timeout: 15_000, interval: 100 };

async function outboxRow(id: string) {
  return testDb().select().from(mailOutbox).where(eq(mailOutbox.id, id)).get();
}

async function queueDrained() {
  await vi.waitFor(async () => {
    expect((await env.MAIL_QUEUE.metrics()).backlogCount).toBe(0);
  }, WAIT);
}

describe("mail through the local queues", () => {
  it("delivers one message per dedupe key although enqueued twice and queued three times", async () => {
    const send = vi.spyOn(env.EMAIL, "send");
    const deps = mailDeps({ queue: env.MAIL_QUEUE });
    const input = {
      template: "sign_in_link" as const,
      to: ["verifikator@diskominfo.test"],
      params: { link: "/masuk/tautan?token=queue-test", expiresAt: "2026-03-13T01:15:00Z" },
      dedupeKey: "sign-in:queue-test",
    };
    const row = await enqueueMail(deps, input);
    await enqueueMail(deps, input);
    // A duplicate delivery, as at-least-once queues may make.
    await env.MAIL_QUEUE.send({ outboxId: row.id });

    await vi.waitFor(async () => {
      expect(await outboxRow(row.id)).toMatchObject({ status: "sent" });
    }, WAIT);
    await queueDrained();
    expect(await outboxRow(row.id)).toMatchObject({
      status: "sent",
      attempts: 1,
      providerMessageId: expect.stringMatching(/\S+/),
      sentAt: expect.any(String),
      lastError: null,
    });
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        to: ["verifikator@diskominfo.test"],
        subject: "Tautan masuk ke Simpul",
        text: expect.stringContaining("http://localhost:8787/masuk/tautan?token=queue-test"),
      }),
    );
  });

  it("routes an unknown template through mail-dlq and records why the row failed", async () => {
    const row = await insertOutboxRow({ template: "template_that_was_removed" });
    await env.MAIL_QUEUE.send({ outboxId: row.id });
    await vi.waitFor(async () => {
      expect(await outboxRow(row.id)).toMatchObject({ status: "failed" });
    }, WAIT);
    expect(await outboxRow(row.id)).toMatchObject({
      status: "failed",
      lastError: "Templat email tidak dikenal: template_that_was_removed.",
      failedAt: expect.any(String),
      sentAt: null,
    });
  });
});
