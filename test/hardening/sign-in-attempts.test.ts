import { env } from "cloudflare:workers";
import { count } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { auditLog } from "../../schema";
import { createDb } from "../../workers/db";
import { issueSignInToken } from "../../workers/services/sign-in";
import { createOfficial, postForm, sendJson } from "../fixtures/officials";
import { RATE_WINDOW_TIMEOUT_MS, startWithinOneRateWindow } from "../fixtures/rate-window";

const db = createDb(env.DB);
const auditRows = async () => (await db.select({ n: count() }).from(auditLog).get())?.n ?? 0;
const bogus = (i: number) => `bukantokenyangsah${String(i).padStart(15, "0")}`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("made-up sign-in tokens", () => {
  it("add no rows to the audit log, and are counted in a log line instead", async () => {
    const warn = vi.spyOn(console, "warn");
    const before = await auditRows();
    const client = { "cf-connecting-ip": "192.0.2.77" };
    for (let i = 0; i < 3; i++) {
      const api = await sendJson("POST", "/api/v1/auth/sessions", { token: bogus(i) }, { headers: client });
      expect(api.status).toBe(401);
      const page = await postForm(`/masuk/tautan/${bogus(i)}`, {}, { headers: client });
      expect(page.status).toBe(410);
    }
    expect(await auditRows()).toBe(before);
    const refusals = warn.mock.calls.filter(([line]) => String(line).includes('"event":"sign_in_refused"'));
    expect(refusals).toHaveLength(6);
  });

  it(
    "answers 429 after twenty attempts from one client in a minute, before touching the token",
    async () => {
      const client = { "cf-connecting-ip": "192.0.2.88" };
      await startWithinOneRateWindow(20);
      for (let i = 0; i < 20; i++) {
        const res =
          i % 2
            ? await sendJson("POST", "/api/v1/auth/sessions", { token: bogus(i) }, { headers: client })
            : await postForm(`/masuk/tautan/${bogus(i)}`, {}, { headers: client });
        expect(res.status).not.toBe(429);
      }
      const official = await createOfficial();
      const { token } = await issueSignInToken({ db, now: () => new Date() }, official.id);
      const limited = await sendJson("POST", "/api/v1/auth/sessions", { token }, { headers: client });
      expect(limited.status).toBe(429);
      expect(await limited.json()).toMatchObject({ error: { code: "rate_limited", message: expect.any(String) } });
      expect((await postForm(`/masuk/tautan/${token}`, {}, { headers: client })).status).toBe(429);

      // The token was not used: another client (the official's own phone) still signs in with it.
      const elsewhere = await postForm(`/masuk/tautan/${token}`, {}, { headers: { "cf-connecting-ip": "192.0.2.89" } });
      expect(elsewhere.status).toBe(303);
    },
    RATE_WINDOW_TIMEOUT_MS,
  );
});
