import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  idempotencyKeys,
  mailOutbox,
  registrationEvents,
  registrationMembers,
  registrations,
} from "../../schema";
import { createDb } from "../../workers/db";
import { hashNik } from "../../workers/domain/nik-hash";
import worker from "../../workers/index";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE, freshApplication, freshIp, postRegistration } from "../fixtures/registration-intake";

const db = createDb(env.DB);

beforeAll(() => seedReferenceData(env.DB));

const submitted = (id = expect.stringMatching(/^REG-[0-9A-HJKMNP-TV-Z]{10}$/)) => ({
  id,
  status: "awaiting_endorsement",
  trackingUrl: expect.stringMatching(/^http:\/\/localhost:8787\/daftar-kim\/REG-[0-9A-Z]{10}$/),
  dueAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T23:59:59\+08:00$/),
});

describe("POST /api/v1/registrations", () => {
  it("registers the KIM, keeps NIKs only as hash and last four digits, and starts the flow", async () => {
    const application = freshApplication();
    const res = await postRegistration(application);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; trackingUrl: string; dueAt: string };
    expect(body).toEqual(submitted());
    expect(body.trackingUrl).toBe(`http://localhost:8787/daftar-kim/${body.id}`);

    const row = await db.select().from(registrations).where(eq(registrations.id, body.id)).get();
    expect(row).toMatchObject({
      villageCode: application.villageCode,
      kimName: "KIM Long La'ai Bersatu",
      contactEmail: "kim.longlaai@example.id",
      contactPhone: "+6281234567890",
      status: "awaiting_endorsement",
      villageLock: application.villageCode,
      decreeScanKey: null,
      registrationNumber: null,
    });
    expect(new Date(row?.dueAt ?? "").getTime()).toBe(new Date(body.dueAt).getTime());

    const members = await db
      .select()
      .from(registrationMembers)
      .where(eq(registrationMembers.registrationId, body.id))
      .orderBy(asc(registrationMembers.position));
    const niks = application.members.map((m) => m.nik as string);
    expect(members.map((m) => ({ role: m.role, nikLast4: m.nikLast4 }))).toEqual(
      application.members.map((m, i) => ({ role: m.role, nikLast4: niks[i]?.slice(-4) })),
    );
    for (const [i, m] of members.entries()) {
      const hash = await hashNik(niks[i] ?? "", env.HASH_KEY);
      expect(m).toMatchObject({ nikHash: hash, nikLock: hash });
      // No column holds the whole NIK.
      expect(JSON.stringify(m)).not.toContain(niks[i]);
    }

    expect(await db.select().from(registrationEvents).where(eq(registrationEvents.registrationId, body.id))).toEqual([
      expect.objectContaining({
        kind: "submit",
        actorType: "public",
        fromStatus: null,
        toStatus: "awaiting_endorsement",
        detail: { channel: "api" },
      }),
    ]);
    expect(await db.select().from(auditLog).where(eq(auditLog.subjectId, body.id))).toEqual([
      expect.objectContaining({ action: "registration.submit", actorType: "public", subjectType: "registration" }),
    ]);

    const mail = await db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, `${body.id}:submitted`))
      .get();
    expect(mail).toMatchObject({
      template: "registration_submitted",
      recipients: ["kim.longlaai@example.id"],
      params: expect.objectContaining({ registrationId: body.id, trackingPath: `/daftar-kim/${body.id}` }),
    });

    const instance = await env.REGISTRATION_FLOW.get(body.id);
    expect(instance.id).toBe(body.id);
    expect(await instance.status()).toMatchObject({ status: expect.any(String) });
  });

  it("replays the first response for the same key and body, creating one registration", async () => {
    const application = freshApplication();
    const key = crypto.randomUUID();
    const first = await postRegistration(application, { key });
    const again = await postRegistration(application, { key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    const body = await first.json();
    expect(await again.json()).toEqual(body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const rows = await db.select().from(registrations).where(eq(registrations.villageCode, application.villageCode));
    expect(rows).toHaveLength(1);
    expect(await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key))).toHaveLength(1);
  });

  it("treats a body with its keys in another order as the same request", async () => {
    const application = freshApplication();
    const key = crypto.randomUUID();
    const first = await postRegistration(application, { key });
    const reordered = Object.fromEntries(Object.entries(application).reverse());
    const again = await postRegistration(reordered, { key });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
  });

  it("refuses the same key with another body (422 idempotency_key_reused)", async () => {
    const key = crypto.randomUUID();
    const first = await postRegistration(freshApplication(), { key });
    expect(first.status).toBe(201);
    const other = await postRegistration(freshApplication(), { key });
    expect(other.status).toBe(422);
    expect(await other.json()).toEqual({
      error: {
        code: "idempotency_key_reused",
        message: expect.stringContaining("Idempotency-Key"),
        requestId: expect.any(String),
      },
    });
  });

  it("lets two racing requests with one key create one registration and answer both the same", async () => {
    const application = freshApplication();
    const key = crypto.randomUUID();
    const responses = await Promise.all([
      postRegistration(application, { key }),
      postRegistration(application, { key }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([201, 201]);
    const [a, b] = await Promise.all(responses.map((r) => r.json()));
    expect(a).toEqual(b);
    expect(
      await db.select().from(registrations).where(eq(registrations.villageCode, application.villageCode)),
    ).toHaveLength(1);
  });

  it("requires an Idempotency-Key", async () => {
    const res = await postRegistration(freshApplication(), { key: null });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: "validation_failed", details: [{ path: "idempotency-key", message: expect.any(String) }] },
    });
  });

  it("answers 400 for a body that is not JSON and 415 for another media type", async () => {
    const broken = await postRegistration("{ not json");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: "bad_request" } });
    const text = await postRegistration("x", { headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
  });

  it("answers 503 when the flow cannot start, and a repeat with the same key starts it and mails once", async () => {
    const application = freshApplication();
    const key = crypto.randomUUID();
    const unavailable = {
      create: async () => {
        throw new Error("workflows unavailable");
      },
      get: async () => {
        throw new Error("workflows unavailable");
      },
    } as unknown as typeof env.REGISTRATION_FLOW;
    const ctx = createExecutionContext();
    const failed = await worker.fetch(
      new Request(`${BASE}/api/v1/registrations`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key, "cf-connecting-ip": freshIp() },
        body: JSON.stringify(application),
      }),
      { ...env, REGISTRATION_FLOW: unavailable },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(failed.status).toBe(503);
    const [saved] = await db.select().from(registrations).where(eq(registrations.villageCode, application.villageCode));
    expect((await failed.json()) as unknown).toMatchObject({
      error: { code: "service_unavailable", message: expect.stringContaining(saved?.id ?? "?") },
    });

    const repeat = await postRegistration(application, { key });
    expect(repeat.status).toBe(201);
    expect(await repeat.json()).toMatchObject({ id: saved?.id });
    expect((await env.REGISTRATION_FLOW.get(saved?.id ?? "")).id).toBe(saved?.id);
    expect(
      await db
        .select()
        .from(mailOutbox)
        .where(eq(mailOutbox.dedupeKey, `${saved?.id}:submitted`)),
    ).toHaveLength(1);
  });

  it("is described in the OpenAPI document with its header and both body types", async () => {
    const doc = (await (await exports.default.fetch(`${BASE}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.paths["/api/v1/registrations"]?.post).toMatchObject({
      parameters: [{ in: "header", name: "idempotency-key", required: true }],
      requestBody: { content: { "application/json": expect.any(Object), "multipart/form-data": expect.any(Object) } },
      responses: { 201: expect.any(Object), 409: expect.any(Object), 422: expect.any(Object) },
    });
    expect(doc.paths["/api/v1/registrations/{id}/status"]).toHaveProperty("get");
  });
});
