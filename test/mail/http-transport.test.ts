import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mailOutbox } from "../../schema";
import { handleMailBatch } from "../../workers/mail/consumer";
import { createTransport, MailTransportError } from "../../workers/mail/transports";
import { consumerDeps, insertOutboxRow, queueMessage, testConfig, testDb } from "../fixtures/mail";

const mail = {
  from: { email: "noreply@simpul.example", name: "Dinas Komunikasi dan Informatika Kabupaten Berau" },
  to: ["kepala@pupr.test"],
  subject: "Pengingat tenggat: Aspirasi ASP-2026-0042",
  text: "teks",
  html: "<p>html</p>",
  idempotencyKey: "aspiration:42:reminder:1",
};

function httpTransport() {
  const config = testConfig("http");
  return createTransport(config.mail, env);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("HTTP mail transport (Resend-compatible)", () => {
  it("posts the message as JSON with the bearer key and the dedupe key as Idempotency-Key", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ id: "re_123" }, { status: 200 }));
    const result = await httpTransport().send(mail);
    expect(result).toEqual({ providerMessageId: "re_123" });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    const [url, init] = fetchSpy.mock.calls[0] ?? [];
    expect(url).toBe("https://mail-api.test/emails");
    expect(init?.method).toBe("POST");
    expect(Object.fromEntries(new Headers(init?.headers).entries())).toEqual({
      authorization: "Bearer test-mail-api-key",
      "content-type": "application/json",
      "idempotency-key": "aspiration:42:reminder:1",
    });
    expect(JSON.parse(String(init?.body))).toEqual({
      from: '"Dinas Komunikasi dan Informatika Kabupaten Berau" <noreply@simpul.example>',
      to: ["kepala@pupr.test"],
      subject: "Pengingat tenggat: Aspirasi ASP-2026-0042",
      html: "<p>html</p>",
      text: "teks",
    });
  });

  it("treats 5xx and 429 as temporary and 422 as permanent, without addresses in the error", async () => {
    const transport = httpTransport();
    vi.spyOn(globalThis, "fetch").mockResolvedValueOnce(new Response("upstream down", { status: 503 }));
    await expect(transport.send(mail)).rejects.toMatchObject({
      name: "MailTransportError",
      permanent: false,
      message: "HTTP mail API 503: upstream down",
    });
    vi.spyOn(globalThis, "fetch").mockResolvedValueOnce(new Response("slow down", { status: 429 }));
    await expect(transport.send(mail)).rejects.toMatchObject({ permanent: false });
    vi.spyOn(globalThis, "fetch").mockResolvedValueOnce(
      Response.json({ message: "Invalid `to` field: kepala@pupr.test" }, { status: 422 }),
    );
    const err = await transport.send(mail).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailTransportError);
    expect(err).toMatchObject({ permanent: true });
    expect((err as Error).message).not.toContain("@");
  });

  it("treats a network failure and an answer without an id as temporary", async () => {
    const transport = httpTransport();
    vi.spyOn(globalThis, "fetch").mockRejectedValueOnce(new TypeError("fetch failed"));
    await expect(transport.send(mail)).rejects.toMatchObject({
      permanent: false,
      message: "HTTP mail API unreachable: TypeError: fetch failed",
    });
    vi.spyOn(globalThis, "fetch").mockResolvedValueOnce(Response.json({ ok: true }));
    await expect(transport.send(mail)).rejects.toMatchObject({ permanent: false });
  });

  it("carries a queued row to the provider and records the provider's id", async () => {
    const row = await insertOutboxRow({
      template: "sign_in_link",
      recipients: ["admin@diskominfo.test"],
      params: { link: "/masuk/tautan?token=http-test", expiresAt: "2026-03-13T01:15:00Z" },
      dedupeKey: "sign-in:http-test",
    });
    const fetchSpy = vi.spyOn(globalThis, "fetch").mockResolvedValue(Response.json({ id: "re_row" }));
    const deps = consumerDeps({ config: testConfig("http"), transport: httpTransport() });
    const batch = createMessageBatch("mail", [queueMessage({ outboxId: row.id })]);
    await handleMailBatch(batch, deps);
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toHaveLength(1);
    const [, init] = fetchSpy.mock.calls[0] ?? [];
    expect(new Headers(init?.headers).get("idempotency-key")).toBe("sign-in:http-test");
    expect(JSON.parse(String(init?.body))).toMatchObject({
      to: ["admin@diskominfo.test"],
      subject: "Tautan masuk ke Simpul",
      text: expect.stringContaining("http://localhost:8787/masuk/tautan?token=http-test"),
    });
    expect(await testDb().select().from(mailOutbox).where(eq(mailOutbox.id, row.id)).get()).toMatchObject({
      status: "sent",
      providerMessageId: "re_row",
    });
  });
});
