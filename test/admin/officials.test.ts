import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import {
  createOfficial,
  get,
  grants,
  postForm,
  sendJson,
  sessionFor,
  signedInOfficial,
  VILLAGE,
} from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

const db = createDb(env.DB);
const auditOf = (actorId: string, action: string) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorId, actorId), eq(auditLog.action, action)));

describe("officials in the admin API", () => {
  it("invites an official with a first role, mails them and records it", async () => {
    const { official: admin, session } = await signedInOfficial([grants.admin()]);
    const email = `baru-${crypto.randomUUID().slice(0, 8)}@example.go.id`;
    const res = await sendJson(
      "POST",
      "/api/v1/admin/officials",
      { name: "Sari Baru", email, role: "verifier" },
      { session },
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { data: { id: string } };
    expect(body).toEqual({
      data: {
        id: expect.any(String),
        name: "Sari Baru",
        email,
        active: true,
        createdAt: expect.any(String),
        grants: [{ id: expect.any(String), role: "verifier", scope: { type: "regency", id: "64.03" } }],
      },
    });
    const mails = await db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, `official-invite:${body.data.id}`));
    expect(mails).toMatchObject([
      {
        template: "official_invite",
        recipients: [email],
        params: { roles: "Verifikator Diskominfo", signInPath: "/masuk" },
      },
    ]);
    expect(await auditOf(admin.id, "official.invite")).toMatchObject([
      { subjectType: "official", subjectId: body.data.id, detail: { role: "verifier", scopeId: "64.03" } },
    ]);

    const again = await sendJson(
      "POST",
      "/api/v1/admin/officials",
      { name: "Lagi", email: email.toUpperCase() },
      { session },
    );
    expect(again.status).toBe(409);
  });

  it("masks addresses in the list and shows them whole on the detail, auditing both reads", async () => {
    const { official: admin, session } = await signedInOfficial([grants.admin()]);
    const other = await createOfficial({ email: `budi.santoso.${crypto.randomUUID().slice(0, 6)}@example.go.id` });

    const list = await sendJson("GET", "/api/v1/admin/officials", undefined, { session });
    const listed = ((await list.json()) as { data: { id: string; email: string }[] }).data.find(
      (o) => o.id === other.id,
    );
    expect(listed?.email).toBe("b•••@example.go.id");

    const page = await get("/admin/pejabat", { session });
    const html = await page.text();
    expect(html).not.toContain(other.email);
    expect(html).toContain("b•••@example.go.id");

    const detail = await sendJson("GET", `/api/v1/admin/officials/${other.id}`, undefined, { session });
    expect(await detail.json()).toMatchObject({ data: { id: other.id, email: other.email } });

    const reads = await auditOf(admin.id, "personal_data.read");
    expect(reads).toMatchObject([
      {
        subjectType: "official",
        subjectId: "*",
        detail: { view: "list" },
        requestId: list.headers.get("x-request-id"),
      },
      {
        subjectType: "official",
        subjectId: "*",
        detail: { view: "list" },
        requestId: page.headers.get("x-request-id"),
      },
      {
        subjectType: "official",
        subjectId: other.id,
        detail: { view: "detail" },
        requestId: detail.headers.get("x-request-id"),
      },
    ]);
  });

  it("checks a grant's scope: a village role needs a real village code", async () => {
    await seedReferenceData(env.DB);
    const { session } = await signedInOfficial([grants.admin()]);
    const lurah = await createOfficial();
    const bad = await sendJson(
      "POST",
      `/api/v1/admin/officials/${lurah.id}/roles`,
      { role: "village_head", scopeId: "99.99" },
      { session },
    );
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { code: "validation_failed", details: [{ path: "scopeId" }] } });

    const good = await sendJson(
      "POST",
      `/api/v1/admin/officials/${lurah.id}/roles`,
      { role: "village_head", scopeId: VILLAGE },
      { session },
    );
    expect(good.status).toBe(201);
    expect(await good.json()).toMatchObject({
      data: { grants: [{ role: "village_head", scope: { type: "village", id: VILLAGE } }] },
    });
  });

  it("a granted role applies on the official's next request; a revoked one is gone", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const later = await createOfficial();
    const laterSession = await sessionFor(later);
    expect((await get("/admin", { session: laterSession })).status).toBe(403);

    const granted = await sendJson("POST", `/api/v1/admin/officials/${later.id}/roles`, { role: "admin" }, { session });
    const grantId = ((await granted.json()) as { data: { grants: { id: string }[] } }).data.grants[0]?.id;
    expect((await get("/admin", { session: laterSession })).status).toBe(200);

    await sendJson("DELETE", `/api/v1/admin/officials/${later.id}/roles/${grantId}`, undefined, { session });
    expect((await get("/admin", { session: laterSession })).status).toBe(403);
  });
});

describe("deactivating an official", () => {
  it("ends every session of theirs at once and stops new sign-ins", async () => {
    const { official: admin, session } = await signedInOfficial([grants.admin()]);
    const leaving = await createOfficial({ grants: [grants.verifier()] });
    const phone = await sessionFor(leaving);
    const laptop = await sessionFor(leaving);
    expect((await sendJson("GET", "/api/v1/auth/session", undefined, { session: phone })).status).toBe(200);

    const res = await postForm(`/admin/pejabat/${leaving.id}/nonaktifkan`, {}, { session });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/pejabat/${leaving.id}?pesan=dinonaktifkan`);

    for (const s of [phone, laptop]) {
      expect((await sendJson("GET", "/api/v1/auth/session", undefined, { session: s })).status).toBe(401);
    }
    expect(await auditOf(admin.id, "official.deactivate")).toMatchObject([{ subjectId: leaving.id }]);

    const link = await sendJson(
      "POST",
      "/api/v1/auth/sign-in-links",
      { email: leaving.email },
      { headers: { "cf-connecting-ip": "192.0.2.10" } },
    );
    expect(link.status).toBe(202);
    const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.template, "sign_in_link"));
    expect(mails.filter((m) => m.recipients.includes(leaving.email))).toEqual([]);
  });

  it("refuses to deactivate oneself", async () => {
    const { official, session } = await signedInOfficial([grants.admin()]);
    const res = await sendJson("POST", `/api/v1/admin/officials/${official.id}/deactivate`, undefined, { session });
    expect(res.status).toBe(409);
  });

  it("a cross-site or token-less form post is refused with 403", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const target = await createOfficial();
    const crossSite = await postForm(
      `/admin/pejabat/${target.id}/nonaktifkan`,
      {},
      { session, origin: "https://jahat.example" },
    );
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ error: { code: "forbidden" } });
    const noToken = await postForm(`/admin/pejabat/${target.id}/nonaktifkan`, {}, { session, csrf: false });
    expect(noToken.status).toBe(403);
    const stillActive = await sendJson("GET", `/api/v1/admin/officials/${target.id}`, undefined, { session });
    expect(await stillActive.json()).toMatchObject({ data: { active: true } });
  });
});

describe("the invite form", () => {
  it("re-renders with the field errors and the entered values", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await postForm("/admin/pejabat", { name: "Rina", email: "bukan-email" }, { session });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<a href="#f-email">E-mail dinas: Tulis alamat e-mail yang benar.</a>');
    expect(html).toContain('value="bukan-email"');
    expect(html).toContain('value="Rina"');
  });
});
