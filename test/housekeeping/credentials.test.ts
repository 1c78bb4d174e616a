import { env } from "cloudflare:workers";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions, signInTokens, usedActionNonces } from "../../schema";
import { loadConfig } from "../../workers/config";
import { createDb } from "../../workers/db";
import { ACTION_NONCE_GRACE_MS } from "../../workers/domain/retention";
import { consumeActionLink, createActionLink, verifyActionLink } from "../../workers/services/action-links";
import { pruneExpiredCredentials } from "../../workers/services/housekeeping";
import { createSession, validateSession } from "../../workers/services/sessions";
import { issueSignInToken } from "../../workers/services/sign-in";
import { housekeepingTestDeps } from "../fixtures/housekeeping";
import { createOfficial } from "../fixtures/officials";

const db = createDb(env.DB);
/** Every test of this file runs the job at this moment, so each run sees only what its own test left. */
const NOW = new Date("2031-05-01T17:00:00Z");
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

describe("pruneExpiredCredentials", () => {
  it("deletes sign-in tokens past their expiry, keeping those that still work for a moment", async () => {
    const official = await createOfficial();
    const issue = async (issuedAt: Date) => {
      await issueSignInToken({ db, now: () => issuedAt }, official.id);
      const rows = await db.select().from(signInTokens).where(eq(signInTokens.createdAt, issuedAt.toISOString()));
      return rows[0]?.tokenHash ?? "";
    };
    // A link lives 15 minutes: issued 16 minutes ago it is dead, 14 minutes ago it still works.
    const expired = await issue(at(-16 * MINUTE));
    const justExpired = await issue(at(-15 * MINUTE));
    const stillValid = await issue(at(-14 * MINUTE));

    const counts = await pruneExpiredCredentials(housekeepingTestDeps(NOW));

    expect(counts).toEqual({ signInTokens: 2, actionNonces: 0, sessions: 0 });
    const left = await db
      .select({ tokenHash: signInTokens.tokenHash })
      .from(signInTokens)
      .where(inArray(signInTokens.tokenHash, [expired, justExpired, stillValid]));
    expect(left).toEqual([{ tokenHash: stillValid }]);
  });

  it("keeps a used action link's nonce until an hour after the link expired, so the link cannot be used twice", async () => {
    const config = loadConfig(env);
    const { token } = await createActionLink(config, {
      action: "registration.withdraw",
      recordId: "REG-HOUSEKEEP01",
      expiresAt: at(2 * HOUR),
    });
    const verified = await verifyActionLink({ db, config, now: () => NOW }, token);
    if (!verified.ok) throw new Error(`fresh link refused: ${verified.reason}`);
    await consumeActionLink({ db, now: () => NOW }, verified.link);
    const nonceLeft = async () =>
      (await db.select().from(usedActionNonces).where(eq(usedActionNonces.nonce, verified.link.nonce))).length;

    // While the link is valid, and within the grace hour after it, the nonce is what refuses a second use.
    const whileValid = await pruneExpiredCredentials(housekeepingTestDeps(NOW));
    expect(whileValid.actionNonces).toBe(0);
    expect(await verifyActionLink({ db, config, now: () => NOW }, token)).toEqual({ ok: false, reason: "used" });
    const withinGrace = at(2 * HOUR + ACTION_NONCE_GRACE_MS - MINUTE);
    expect((await pruneExpiredCredentials(housekeepingTestDeps(withinGrace))).actionNonces).toBe(0);
    expect(await nonceLeft()).toBe(1);

    const afterGrace = at(2 * HOUR + ACTION_NONCE_GRACE_MS + MINUTE);
    expect((await pruneExpiredCredentials(housekeepingTestDeps(afterGrace))).actionNonces).toBe(1);
    expect(await nonceLeft()).toBe(0);
    // Gone from the table, the link is still refused: it has expired.
    expect(await verifyActionLink({ db, config, now: () => afterGrace }, token)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("deletes sessions past their absolute or idle expiry and those of deactivated officials, keeping live ones", async () => {
    const start = async (startedAt: Date, active = true) => {
      const official = await createOfficial({ active });
      const session = await createSession({ db, now: () => startedAt, requestId: "test" }, official.id);
      return session;
    };
    // Absolute lifetime 12 hours, idle timeout 2 hours (workers/services/sessions.ts).
    const pastLifetime = await start(at(-13 * HOUR));
    const idle = await start(at(-2 * HOUR - MINUTE));
    const live = await start(at(-HOUR));
    const deactivated = await start(at(-HOUR), false);

    const counts = await pruneExpiredCredentials(housekeepingTestDeps(NOW));

    expect(counts).toEqual({ signInTokens: 0, actionNonces: 0, sessions: 3 });
    const left = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(inArray(sessions.id, [pastLifetime.id, idle.id, live.id, deactivated.id]));
    expect(left).toEqual([{ id: live.id }]);
    expect(await validateSession({ db, now: () => NOW, requestId: "test" }, live.token)).toMatchObject({ id: live.id });
  });
});
