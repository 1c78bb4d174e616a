import { env } from "cloudflare:workers";
import { eq, like } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { auditLog, mailOutbox, sessions, signInTokens } from "../../schema";
import { createDb } from "../../workers/db";
import { issueSignInToken } from "../../workers/services/sign-in";
import { hashToken } from "../../workers/tokens";
import { createOfficial, get, grants, postForm, sendJson, sessionFor } from "../fixtures/officials";
import { RATE_WINDOW_TIMEOUT_MS, startWithinOneRateWindow } from "../fixtures/rate-window";

const db = createDb(env.DB);
let ipCounter = 0;
/** A fresh client address per request, so the per-client budget does not leak between tests. */
const freshIp = () => ({ "cf-connecting-ip": `203.0.113.${(ipCounter++ % 250) + 1}` });

async function signInLinkMailedTo(email: string) {
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(like(mailOutbox.recipients, `%${email}%`));
  return rows.map((r) => ({ template: r.template, recipients: r.recipients, link: String(r.params.link) }));
}

const tokenOf = (link: string) => link.replace("/masuk/tautan/", "");

describe("requesting a sign-in link", () => {
  it("answers the same for a registered and an unknown address, and mails only the registered one", async () => {
    const official = await createOfficial({ grants: [grants.verifier()] });
    const known = await sendJson(
      "POST",
      "/api/v1/auth/sign-in-links",
      { email: official.email.toUpperCase() },
      { headers: freshIp() },
    );
    const unknown = await sendJson(
      "POST",
      "/api/v1/auth/sign-in-links",
      { email: "siapa@example.go.id" },
      { headers: freshIp() },
    );
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());

    // The outbox row is written after the response (waitUntil), so the answer's timing is the same.
    const mails = await vi.waitFor(async () => {
      const rows = await signInLinkMailedTo(official.email);
      if (rows.length === 0) throw new Error("not written yet");
      return rows;
    });
    expect(mails).toEqual([
      {
        template: "sign_in_link",
        recipients: [official.email],
        link: expect.stringMatching(/^\/masuk\/tautan\/[a-z2-7]{32}$/),
      },
    ]);
    expect(await signInLinkMailedTo("siapa@example.go.id")).toEqual([]);
    const [stored] = await db.select().from(signInTokens).where(eq(signInTokens.officialId, official.id));
    // Only the hash is stored, and the link works for 15 minutes.
    expect(stored?.tokenHash).toBe(hashToken(tokenOf(mails[0]?.link ?? "")));
    expect(Date.parse(stored?.expiresAt ?? "") - Date.parse(stored?.createdAt ?? "")).toBe(15 * 60 * 1000);
  });

  it("the form answers the same page for any address", async () => {
    const official = await createOfficial();
    const known = await postForm("/masuk", { email: official.email }, { headers: freshIp() });
    const unknown = await postForm("/masuk", { email: "tidak.ada@example.go.id" }, { headers: freshIp() });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    const [a, b] = [await known.text(), await unknown.text()];
    expect(a).toContain("Periksa e-mail Anda");
    expect(a).toBe(b);
  });

  it("re-renders the form with the field error for a malformed address", async () => {
    const res = await postForm("/masuk", { email: "bukan-alamat" }, { headers: freshIp() });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="bukan-alamat"');
    expect(html).toContain("Tulis alamat e-mail yang benar");
  });

  it("names the field in the envelope for a malformed address on the API", async () => {
    const res = await sendJson("POST", "/api/v1/auth/sign-in-links", { email: "x" }, { headers: freshIp() });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: "validation_failed", details: [{ path: "email", message: expect.any(String) }] },
    });
  });

  it(
    "answers 429 in the envelope after five requests for one address in a minute",
    async () => {
      const email = `rate-${crypto.randomUUID()}@example.go.id`;
      await startWithinOneRateWindow(15);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await sendJson("POST", "/api/v1/auth/sign-in-links", { email }, { headers: freshIp() });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(await res.json()).toMatchObject({ error: { code: "rate_limited", message: expect.any(String) } });
        }
      }
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    },
    RATE_WINDOW_TIMEOUT_MS,
  );

  it(
    "answers 429 after twenty requests from one client in a minute, whatever the address",
    async () => {
      const ip = { "cf-connecting-ip": "198.51.100.77" };
      await startWithinOneRateWindow(20);
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const res = await sendJson(
          "POST",
          "/api/v1/auth/sign-in-links",
          { email: `c${i}-${crypto.randomUUID()}@example.go.id` },
          { headers: ip },
        );
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
      expect(statuses[20]).toBe(429);
    },
    RATE_WINDOW_TIMEOUT_MS,
  );
});

describe("using a sign-in link", () => {
  async function freshToken(officialId: string, now = new Date()) {
    return (await issueSignInToken({ db, now: () => now }, officialId)).token;
  }

  it("GET shows only a Masuk button and does not use the token; POST signs in with a hardened cookie", async () => {
    const official = await createOfficial({ grants: [grants.verifier()] });
    const token = await freshToken(official.id);

    for (let i = 0; i < 2; i++) {
      const page = await get(`/masuk/tautan/${token}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`<form method="post" action="/masuk/tautan/${token}">`);
      expect(html).toContain(">Masuk</button>");
    }

    const res = await postForm(`/masuk/tautan/${token}`);
    expect(res.status).toBe(303);
    // A verifier lands on their own work, the registration queues.
    expect(res.headers.get("location")).toBe("/pendaftaran");
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      /^__Host-simpul_session=[a-z2-7]{32}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );

    const sessionToken = cookie.split(";")[0]?.split("=")[1] ?? "";
    const me = await sendJson("GET", "/api/v1/auth/session", undefined, {
      headers: { cookie: `__Host-simpul_session=${sessionToken}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      data: {
        official: { id: official.id, name: official.name, email: official.email },
        grants: [grants.verifier()],
        expiresAt: expect.any(String),
      },
    });
  });

  it("refuses a used link", async () => {
    const official = await createOfficial();
    const token = await freshToken(official.id);
    expect((await postForm(`/masuk/tautan/${token}`)).status).toBe(303);
    const again = await postForm(`/masuk/tautan/${token}`);
    expect(again.status).toBe(410);
    expect(again.headers.get("set-cookie")).toBeNull();
    expect((await get(`/masuk/tautan/${token}`)).status).toBe(410);
  });

  it("refuses an expired link", async () => {
    const official = await createOfficial();
    const token = await freshToken(official.id, new Date(Date.now() - 16 * 60 * 1000));
    const res = await postForm(`/masuk/tautan/${token}`);
    expect(res.status).toBe(410);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a tampered link", async () => {
    const official = await createOfficial();
    const token = await freshToken(official.id);
    const tampered = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;
    const res = await postForm(`/masuk/tautan/${tampered}`);
    expect(res.status).toBe(410);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("refuses the link of a deactivated official", async () => {
    const official = await createOfficial({ active: false });
    const token = await freshToken(official.id);
    expect((await postForm(`/masuk/tautan/${token}`)).status).toBe(410);
  });

  it("refuses a cross-site form POST with 403 in the envelope and keeps the token usable", async () => {
    const official = await createOfficial();
    const token = await freshToken(official.id);
    const res = await postForm(`/masuk/tautan/${token}`, {}, { origin: "https://jahat.example" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: { code: "forbidden", message: expect.any(String), requestId: expect.any(String) },
    });
    const noOrigin = await postForm(
      "/masuk",
      { email: official.email },
      { origin: null, headers: { "sec-fetch-site": "cross-site" } },
    );
    expect(noOrigin.status).toBe(403);
    expect((await postForm(`/masuk/tautan/${token}`)).status).toBe(303);
  });

  it("exchanges a token for a session on the API once", async () => {
    const official = await createOfficial();
    const token = await freshToken(official.id);
    const res = await sendJson("POST", "/api/v1/auth/sessions", { token });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      data: {
        official: { id: official.id, name: official.name, email: official.email },
        expiresAt: expect.any(String),
      },
    });
    expect(res.headers.get("set-cookie")).toContain("__Host-simpul_session=");
    const again = await sendJson("POST", "/api/v1/auth/sessions", { token });
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("rotates the session id at sign-in: the browser's previous session ends", async () => {
    const official = await createOfficial();
    const before = await sessionFor(official);
    const token = await freshToken(official.id);
    const res = await postForm(`/masuk/tautan/${token}`, {}, { headers: { cookie: before.cookie } });
    expect(res.status).toBe(303);
    expect((await sendJson("GET", "/api/v1/auth/session", undefined, { session: before })).status).toBe(401);
  });

  it("writes audit entries for signing in", async () => {
    const official = await createOfficial();
    const token = await freshToken(official.id);
    await postForm(`/masuk/tautan/${token}`);
    const entries = await db.select().from(auditLog).where(eq(auditLog.actorId, official.id));
    expect(entries).toMatchObject([{ action: "session.sign_in", actorType: "official", subjectId: official.id }]);
  });
});

describe("sessions", () => {
  it("anonymous API requests get 401 and pages redirect to /masuk", async () => {
    const api = await sendJson("GET", "/api/v1/auth/session");
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: "unauthorized" } });
    const page = await get("/akun");
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/masuk?lanjut=%2Fakun");
  });

  it("ends after the idle timeout and clears the cookie", async () => {
    const official = await createOfficial();
    const session = await sessionFor(official);
    await db
      .update(sessions)
      .set({ idleExpiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(sessions.id, hashToken(session.token)));
    const res = await sendJson("GET", "/api/v1/auth/session", undefined, { session });
    expect(res.status).toBe(401);
    expect(res.headers.get("set-cookie")).toMatch(
      /^__Host-simpul_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it("ends at the absolute lifetime even when used", async () => {
    const official = await createOfficial();
    const session = await sessionFor(official);
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where(eq(sessions.id, hashToken(session.token)));
    expect((await sendJson("GET", "/api/v1/auth/session", undefined, { session })).status).toBe(401);
  });

  it("signs out with the form (CSRF token required) and everywhere", async () => {
    const official = await createOfficial();
    const a = await sessionFor(official);
    const b = await sessionFor(official);
    const c = await sessionFor(official);

    const noToken = await postForm("/keluar", {}, { session: a, csrf: false });
    expect(noToken.status).toBe(403);
    const otherSessionsToken = await postForm("/keluar", { _csrf: b.csrf }, { session: a, csrf: false });
    expect(otherSessionsToken.status).toBe(403);

    const out = await postForm("/keluar", {}, { session: a });
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/masuk?keluar=1");
    expect((await sendJson("GET", "/api/v1/auth/session", undefined, { session: a })).status).toBe(401);
    expect((await sendJson("GET", "/api/v1/auth/session", undefined, { session: b })).status).toBe(200);

    const everywhere = await postForm("/keluar/semua", {}, { session: b });
    expect(everywhere.status).toBe(303);
    expect((await sendJson("GET", "/api/v1/auth/session", undefined, { session: b })).status).toBe(401);
    expect((await sendJson("GET", "/api/v1/auth/session", undefined, { session: c })).status).toBe(401);
  });
});

describe("the cookie-authenticated API", () => {
  it("refuses a body-less or form-typed write from another site, accepts JSON", async () => {
    const official = await createOfficial({ grants: [grants.admin()] });
    const session = await sessionFor(official);
    const target = await createOfficial();
    const path = `/api/v1/admin/officials/${target.id}/deactivate`;
    const bodyless = await sendJson("POST", path, undefined, {
      session,
      headers: { "content-type": "", origin: "https://lain.beraukab.example" },
    });
    expect(bodyless.status).toBe(403);
    const plain = await sendJson("POST", path, undefined, {
      session,
      headers: { "content-type": "text/plain", "sec-fetch-site": "same-site" },
    });
    expect(plain.status).toBe(403);
    expect((await sendJson("POST", path, undefined, { session })).status).toBe(200);
  });
});
