import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { idempotencyKeys, registrations } from "../../schema";
import { createDb } from "../../workers/db";
import { IDEMPOTENCY_RETENTION_MS } from "../../workers/domain/retention";
import { FORM_TOKEN_MAX_AGE_MS, formTokenKey, issueFormToken } from "../../workers/services/form-tokens";
import { pruneIdempotencyRecords } from "../../workers/services/housekeeping";
import { DAY_MS, housekeepingTestDeps } from "../fixtures/housekeeping";
import { seedReferenceData } from "../fixtures/reference-data";
import { formFields, formToken, freshApplication, postForm } from "../fixtures/registration-intake";

const db = createDb(env.DB);
/** The direct-row tests run the job at this moment, long after the HTTP tests' clock. */
const NOW = new Date("2031-05-01T17:00:00Z");

beforeAll(() => seedReferenceData(env.DB));
afterEach(() => {
  vi.useRealTimers();
});

const storedRow = (scope: string, key: string, createdAt: Date) => ({
  scope,
  key,
  requestHash: "0".repeat(64),
  responseStatus: 201,
  responseBody: { id: "REG-0000000000", status: "awaiting_endorsement" },
  createdAt: createdAt.toISOString(),
});

describe("pruneIdempotencyRecords", () => {
  it("deletes API keys and form tokens older than seven days, keeping those just inside", async () => {
    const old = new Date(NOW.getTime() - IDEMPOTENCY_RETENTION_MS - 1000);
    const inside = new Date(NOW.getTime() - IDEMPOTENCY_RETENTION_MS + 60_000);
    await db
      .insert(idempotencyKeys)
      .values([
        storedRow("POST /api/v1/registrations", "api-old", old),
        storedRow("POST /api/v1/registrations", "api-inside", inside),
        storedRow("form:daftar-kim", "form-old", old),
        storedRow("form:daftar-kim", "form-inside", inside),
      ]);

    expect(await pruneIdempotencyRecords(housekeepingTestDeps(NOW))).toEqual({ deleted: 2 });

    const left = await db
      .select({ scope: idempotencyKeys.scope, key: idempotencyKeys.key })
      .from(idempotencyKeys)
      .where(inArray(idempotencyKeys.key, ["api-old", "api-inside", "form-old", "form-inside"]));
    expect(left.sort((a, b) => a.key.localeCompare(b.key))).toEqual([
      { scope: "POST /api/v1/registrations", key: "api-inside" },
      { scope: "form:daftar-kim", key: "form-inside" },
    ]);
  });
});

/** The stored response of the form submission that carried `token`. */
const storedFor = (token: string) =>
  db
    .select({ key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, "form:daftar-kim"), eq(idempotencyKeys.key, token.split(".")[0] ?? "")));

describe("form tokens against the retention window", () => {
  it("live two days, well inside the seven days their stored responses are kept", async () => {
    expect(FORM_TOKEN_MAX_AGE_MS).toBe(2 * DAY_MS);
    expect(FORM_TOKEN_MAX_AGE_MS).toBeLessThan(IDEMPOTENCY_RETENTION_MS);
    const issuedAt = new Date("2026-05-18T01:00:00Z");
    const token = await issueFormToken(env.SIGNING_KEY, "daftar-kim", issuedAt);
    const keyAt = (ms: number) => formTokenKey(env.SIGNING_KEY, "daftar-kim", token, new Date(issuedAt.getTime() + ms));
    expect(await keyAt(FORM_TOKEN_MAX_AGE_MS - 1000)).toBe(token.split(".")[0]);
    expect(await keyAt(FORM_TOKEN_MAX_AGE_MS + 1000)).toBeUndefined();
    // Another form's token, or one whose issue time was changed, is refused.
    expect(await formTokenKey(env.SIGNING_KEY, "lapor", token, issuedAt)).toBeUndefined();
    const [value, , signature] = token.split(".");
    const backdated = `${value}.${Math.floor(issuedAt.getTime() / 1000) + 3600}.${signature}`;
    expect(await formTokenKey(env.SIGNING_KEY, "daftar-kim", backdated, issuedAt)).toBeUndefined();
  });

  it("a form sent again a day later, after a housekeeping run, still lands on the same registration", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-18T01:00:00Z"));
    const application = freshApplication();
    const fields = { ...formFields(application), _token: await formToken() };
    const first = await postForm(fields);
    expect(first.status).toBe(303);

    vi.setSystemTime(new Date("2026-05-19T01:00:00Z"));
    await pruneIdempotencyRecords(housekeepingTestDeps(new Date()));
    expect(await storedFor(fields._token)).toHaveLength(1);
    const again = await postForm(fields);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    const saved = await db.select().from(registrations).where(eq(registrations.villageCode, application.villageCode));
    expect(saved).toHaveLength(1);
  });

  it("a form sent again after its stored response was deleted is refused as too old, creating nothing", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-05-18T01:00:00Z"));
    const application = freshApplication();
    const fields = { ...formFields(application), _token: await formToken() };
    expect((await postForm(fields)).status).toBe(303);

    vi.setSystemTime(new Date("2026-05-26T01:00:00Z"));
    await pruneIdempotencyRecords(housekeepingTestDeps(new Date()));
    expect(await storedFor(fields._token)).toEqual([]);
    const again = await postForm(fields);
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("Formulir ini sudah terlalu lama terbuka");
    const saved = await db.select().from(registrations).where(eq(registrations.villageCode, application.villageCode));
    expect(saved).toHaveLength(1);
  });
});
