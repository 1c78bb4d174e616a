import { env } from "cloudflare:workers";
import { like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import worker from "../../workers/index";
import { issueSignInToken } from "../../workers/services/sign-in";
import { recordingQueue } from "../fixtures/mail";
import { createOfficial, get, grants, ORIGIN, postForm } from "../fixtures/officials";

const db = createDb(env.DB);
let ip = 0;
const client = () => ({ headers: { "cf-connecting-ip": `203.0.113.${++ip}` } });

/**
 * Asks for a sign-in link with the form, as a browser does, and returns the link mailed. The
 * Worker runs with a queue that only records, so the consumer does not send (and blank) the
 * link before the test reads it from the outbox; the work after the response is awaited.
 */
async function mailedLink(email: string, lanjut: string): Promise<string> {
  const later: Promise<unknown>[] = [];
  const ctx = { waitUntil: (p: Promise<unknown>) => later.push(p), passThroughOnException: () => {}, props: {} };
  const res = await worker.fetch(
    new Request(`${ORIGIN}/masuk`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: ORIGIN,
        "cf-connecting-ip": `203.0.113.${++ip}`,
      },
      body: new URLSearchParams({ email, lanjut }),
    }),
    { ...env, MAIL_QUEUE: recordingQueue() } as unknown as Env,
    ctx as unknown as ExecutionContext,
  );
  expect(res.status).toBe(200);
  await Promise.all(later);
  const row = await db
    .select()
    .from(mailOutbox)
    .where(like(mailOutbox.recipients, `%${email}%`))
    .get();
  return String(row?.params.link);
}

describe("signing in from a deep link", () => {
  it("lands on the page the official was sent to sign in from, through the whole e-mailed-link sign-in", async () => {
    const official = await createOfficial({ grants: [grants.verifier()] });
    const target = "/pendaftaran/REG-7K3M9QXT2B?pesan=x";

    const asked = await get(target, { html: true });
    expect(asked.status).toBe(303);
    const signInPage = asked.headers.get("location") ?? "";
    expect(signInPage).toBe(`/masuk?lanjut=${encodeURIComponent(target)}`);
    const form = await (await get(signInPage)).text();
    expect(form).toContain(`<input type="hidden" name="lanjut" value="${target}"/>`);

    const link = await mailedLink(official.email, target);
    expect(link).toMatch(/^\/masuk\/tautan\/[a-z2-7]{32}\?lanjut=/);

    const button = await (await get(link)).text();
    expect(button).toContain(`<input type="hidden" name="lanjut" value="${target}"/>`);
    const token = link.replace(/^\/masuk\/tautan\//, "").replace(/\?.*$/, "");
    const done = await postForm(`/masuk/tautan/${token}`, { lanjut: target }, client());
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(target);
  });

  it.each(["//jahat.example/x", "/\\jahat.example", "https://jahat.example/", "javascript:alert(1)"])(
    "never sends an official off the site (%s)",
    async (target) => {
      const official = await createOfficial({ grants: [grants.verifier()] });
      expect(await mailedLink(official.email, target)).toMatch(/^\/masuk\/tautan\/[a-z2-7]{32}$/);

      const { token } = await issueSignInToken({ db, now: () => new Date() }, official.id);
      const done = await postForm(`/masuk/tautan/${token}`, { lanjut: target }, client());
      expect(done.headers.get("location")).toBe("/pendaftaran");
    },
  );
});
