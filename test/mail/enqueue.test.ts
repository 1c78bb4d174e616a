import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "../../schema";
import { AppError } from "../../workers/errors";
import { enqueueMail } from "../../workers/mail/outbox";
import { mailDeps, recordingQueue, TEST_NOW, testDb } from "../fixtures/mail";

const signIn = (key: string) => ({
  template: "sign_in_link" as const,
  to: ["Petugas@Diskominfo.test"],
  params: { link: "/masuk/tautan?token=abc", expiresAt: "2026-03-13T01:15:00Z" },
  dedupeKey: key,
});

async function rowsWithKey(key: string) {
  return testDb().select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, key));
}

async function catchError(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("enqueueMail", () => {
  it("writes one queued row and sends one queue message naming it", async () => {
    const deps = mailDeps();
    const row = await enqueueMail(deps, signIn("sign-in:one"));
    expect(row).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      dedupeKey: "sign-in:one",
      template: "sign_in_link",
      recipients: ["petugas@diskominfo.test"],
      params: { link: "/masuk/tautan?token=abc", expiresAt: "2026-03-13T01:15:00Z" },
      status: "queued",
      attempts: 0,
      lastError: null,
      providerMessageId: null,
      resendOf: null,
      createdAt: TEST_NOW.toISOString(),
      queuedAt: TEST_NOW.toISOString(),
      leaseUntil: null,
      sentAt: null,
      failedAt: null,
    });
    expect(deps.queue.sent).toEqual([{ outboxId: row.id }]);
  });

  it("is a no-op for a dedupe key it has seen: same row, nothing queued again", async () => {
    const deps = mailDeps();
    const first = await enqueueMail(deps, signIn("sign-in:twice"));
    const second = await enqueueMail(
      { ...deps, now: new Date(TEST_NOW.getTime() + 60_000) },
      { ...signIn("sign-in:twice"), to: ["lain@diskominfo.test"] },
    );
    expect(second).toEqual(first);
    expect(await rowsWithKey("sign-in:twice")).toHaveLength(1);
    expect(deps.queue.sent).toEqual([{ outboxId: first.id }]);
  });

  it("queues a row on the next call when the queue was down the first time", async () => {
    const queue = recordingQueue<{ outboxId: string }>({ failTimes: 1 });
    const deps = mailDeps({ queue });
    await expect(enqueueMail(deps, signIn("sign-in:queue-down"))).rejects.toThrow("queue unavailable");
    const [stored] = await rowsWithKey("sign-in:queue-down");
    expect(stored).toMatchObject({ status: "queued", queuedAt: null });

    const row = await enqueueMail(deps, signIn("sign-in:queue-down"));
    expect(row).toMatchObject({ id: stored?.id, queuedAt: TEST_NOW.toISOString() });
    expect(queue.sent).toEqual([{ outboxId: row.id }]);
    // A third call finds it queued and sends nothing more.
    await enqueueMail(deps, signIn("sign-in:queue-down"));
    expect(queue.sent).toHaveLength(1);
  });

  it("refuses a malformed address and a missing param, naming both, and writes and queues nothing", async () => {
    const deps = mailDeps();
    const before = await testDb().select({ n: count() }).from(mailOutbox);
    const err = await catchError(
      enqueueMail(deps, {
        template: "sign_in_link",
        to: ["petugas@diskominfo.test", "bukan-alamat"],
        // @ts-expect-error the link is missing on purpose
        params: { expiresAt: "2026-03-13T01:15:00Z" },
        dedupeKey: "sign-in:bad",
      }),
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      status: 422,
      code: "validation_failed",
      message: "Data email belum benar.",
      details: [
        { path: "to[1]", message: "Alamat email tidak valid." },
        { path: "params.link", message: expect.any(String) },
      ],
    });
    expect(await testDb().select({ n: count() }).from(mailOutbox)).toEqual(before);
    expect(await rowsWithKey("sign-in:bad")).toEqual([]);
    expect(deps.queue.sent).toEqual([]);
  });

  it("refuses an unknown template, no recipients and an empty dedupe key", async () => {
    const deps = mailDeps();
    const err = await catchError(
      // A caller outside TypeScript's reach: the names are checked at run time too.
      enqueueMail(deps, {
        template: "no_such_template",
        to: [],
        params: {},
        dedupeKey: " ",
      } as unknown as Parameters<typeof enqueueMail>[1]),
    );
    expect(err).toMatchObject({
      code: "validation_failed",
      details: [
        { path: "to", message: "Isi paling sedikit satu penerima." },
        { path: "dedupeKey", message: expect.any(String) },
        { path: "template", message: "Templat email tidak dikenal." },
      ],
    });
    expect(deps.queue.sent).toEqual([]);
  });

  it("refuses a link to another host in params", async () => {
    const deps = mailDeps();
    const err = await catchError(
      enqueueMail(deps, {
        ...signIn("sign-in:evil-link"),
        params: { link: "https://evil.test/masuk", expiresAt: "2026-03-13T01:15:00Z" },
      }),
    );
    expect(err).toMatchObject({
      code: "validation_failed",
      details: [{ path: "params.link", message: "Harus berupa alamat di dalam Simpul yang diawali garis miring (/)." }],
    });
    expect(await rowsWithKey("sign-in:evil-link")).toEqual([]);
  });
});
