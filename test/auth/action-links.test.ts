import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createDb } from "../../workers/db";
import { AppError } from "../../workers/errors";
import type { ActionLinkHandler } from "../../workers/http/action-link-handler";
import { actionLinkRoutes } from "../../workers/http/action-links";
import type { AppEnv } from "../../workers/http/context";
import { errorEnvelope } from "../../workers/http/errors";
import { requestContext } from "../../workers/http/middleware";
import { consumeActionLink, createActionLink, verifyActionLink } from "../../workers/services/action-links";
import { get, ORIGIN, postForm } from "../fixtures/officials";

const config = { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN };
const deps = { db: createDb(env.DB), config, now: () => new Date() };
const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000);

describe("action link primitives", () => {
  it("verifies a fresh link and returns what it is bound to", async () => {
    const { url, path, token } = await createActionLink(config, {
      action: "registration.endorse",
      recordId: "REG-8F2K",
      expiresAt: inAnHour(),
    });
    expect(url).toBe(`${ORIGIN}${path}`);
    expect(path).toBe(`/aksi/${token}`);
    const result = await verifyActionLink(deps, token, "registration.endorse");
    expect(result).toMatchObject({ ok: true, link: { action: "registration.endorse", recordId: "REG-8F2K", token } });
  });

  it("refuses a link for another action, a tampered field, another key, or an expired link", async () => {
    const { token } = await createActionLink(config, {
      action: "registration.endorse",
      recordId: "REG-1",
      expiresAt: inAnHour(),
    });
    expect(await verifyActionLink(deps, token, "registration.withdraw")).toEqual({
      ok: false,
      reason: "bad_signature",
    });

    const parts = token.split(".");
    parts[2] = btoa("REG-2").replaceAll("=", "");
    expect(await verifyActionLink(deps, parts.join("."))).toEqual({ ok: false, reason: "bad_signature" });
    const later = token.split(".");
    later[3] = String(Number(later[3]) + 3600);
    expect(await verifyActionLink(deps, later.join("."))).toEqual({ ok: false, reason: "bad_signature" });

    const foreign = await createActionLink(
      { ...config, signingKey: "another-key-0123456789" },
      { action: "registration.endorse", recordId: "REG-1", expiresAt: inAnHour() },
    );
    expect(await verifyActionLink(deps, foreign.token)).toEqual({ ok: false, reason: "bad_signature" });
    expect(await verifyActionLink(deps, "garbage")).toEqual({ ok: false, reason: "malformed" });

    const expired = await createActionLink(config, {
      action: "registration.endorse",
      recordId: "REG-1",
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await verifyActionLink(deps, expired.token)).toEqual({ ok: false, reason: "expired" });
  });

  it("is usable once", async () => {
    const { token } = await createActionLink(config, {
      action: "registration.withdraw",
      recordId: "REG-9",
      expiresAt: inAnHour(),
    });
    const first = await verifyActionLink(deps, token);
    if (!first.ok) throw new Error("fresh link refused");
    await consumeActionLink(deps, first.link);
    expect(await verifyActionLink(deps, token)).toEqual({ ok: false, reason: "used" });
    await expect(consumeActionLink(deps, first.link)).rejects.toMatchObject({ status: 410, code: "link_used" });
  });
});

describe("/aksi/:token through the Worker", () => {
  it("refuses a forged link with 404 and an expired or used one with 410", async () => {
    expect((await get("/aksi/v1.a.b.1.c.d")).status).toBe(404);
    const expired = await createActionLink(config, {
      action: "registration.endorse",
      recordId: "REG-X",
      expiresAt: new Date(Date.now() - 1000),
    });
    const res = await get(expired.path);
    expect(res.status).toBe(410);
    expect(await res.json()).toMatchObject({ error: { code: "link_expired" } });
    const used = await createActionLink(config, {
      action: "registration.endorse",
      recordId: "REG-Y",
      expiresAt: inAnHour(),
    });
    const verified = await verifyActionLink(deps, used.token);
    if (!verified.ok) throw new Error("fresh link refused");
    await consumeActionLink(deps, verified.link);
    expect((await postForm(used.path)).status).toBe(410);
  });

  it("a valid link for an action nobody handles is unknown (404)", async () => {
    const link = await createActionLink(config, { action: "nobody.handles", recordId: "R", expiresAt: inAnHour() });
    expect((await get(link.path)).status).toBe(404);
  });
});

describe("the action-link router with a handler", () => {
  const performed: { recordId: string; fields: Record<string, string> }[] = [];
  const handler: ActionLinkHandler = {
    describe: async (_c, link) => ({
      title: `Tolak ${link.recordId}`,
      paragraphs: ["Pendaftaran akan ditolak."],
      confirmLabel: "Tolak pendaftaran",
      fields: [{ name: "reason", label: "Alasan", required: true, multiline: true }],
    }),
    perform: async (_c, link, fields) => {
      performed.push({ recordId: link.recordId, fields });
      return { title: "Sudah ditolak", paragraphs: ["Terima kasih."] };
    },
  };
  const app = new Hono<AppEnv>();
  app.use("*", requestContext);
  app.route("/aksi", actionLinkRoutes({ "registration.reject": handler }));
  // The app's own envelope for AppErrors, as `createApp()` answers them.
  app.onError((err, c) =>
    err instanceof AppError ? c.json(errorEnvelope(err, "test"), err.status) : c.text(String(err), 500),
  );
  const call = (path: string, init?: RequestInit) => app.request(`${ORIGIN}${path}`, init, env);
  const form = (fields: Record<string, string>, origin = ORIGIN): RequestInit => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams(fields).toString(),
  });

  it("GET only shows the confirmation; POST checks fields, performs once, then the link is used", async () => {
    const { path } = await createActionLink(config, {
      action: "registration.reject",
      recordId: "REG-77",
      expiresAt: inAnHour(),
    });
    for (let i = 0; i < 2; i++) {
      const page = await call(path);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`<form method="post" action="${path}">`);
      expect(html).toContain("Tolak pendaftaran");
    }
    expect(performed).toEqual([]);

    const missing = await call(path, form({ reason: " " }));
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("Alasan wajib diisi.");

    const crossSite = await call(path, form({ reason: "SK palsu" }, "https://jahat.example"));
    expect(crossSite.status).toBe(403);

    const done = await call(path, form({ reason: "SK tidak sah" }));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Sudah ditolak");
    expect(performed).toEqual([{ recordId: "REG-77", fields: { reason: "SK tidak sah" } }]);

    const again = await call(path, form({ reason: "lagi" }));
    expect(again.status).toBe(410);
    expect(performed).toHaveLength(1);
  });
});
