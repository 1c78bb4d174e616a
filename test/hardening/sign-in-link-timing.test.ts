import { env } from "cloudflare:workers";
import { like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import worker from "../../workers/index";
import { createOfficial, grants, ORIGIN } from "../fixtures/officials";

const db = createDb(env.DB);
let ip = 0;

/**
 * A D1 binding whose statements wait until `open()` is called: a request that answers while it
 * is closed did no database work before answering.
 */
function gatedD1(real: D1Database) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const after = async <T>(run: () => Promise<T>): Promise<T> => {
    await gate;
    return run();
  };
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement =>
    ({
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      all: () => after(() => statement.all()),
      run: () => after(() => statement.run()),
      first: (column?: string) => after(() => (column === undefined ? statement.first() : statement.first(column))),
      raw: (options?: { columnNames?: boolean }) =>
        after(() => (options?.columnNames ? statement.raw({ columnNames: true }) : statement.raw())),
      unwrap: () => statement,
    }) as unknown as D1PreparedStatement;
  const db = {
    prepare: (sql: string) => wrap(real.prepare(sql)),
    batch: (statements: D1PreparedStatement[]) =>
      after(() => real.batch(statements.map((s) => (s as unknown as { unwrap: () => D1PreparedStatement }).unwrap()))),
    exec: (sql: string) => after(() => real.exec(sql)),
  } as unknown as D1Database;
  return { db, open };
}

/**
 * Requests a sign-in link through the Worker with the database held shut until the answer has
 * come (or two seconds passed), then lets the work after the response run and waits for it.
 */
async function requestLink(email: string) {
  const gated = gatedD1(env.DB);
  const later: Promise<unknown>[] = [];
  const ctx = {
    waitUntil: (p: Promise<unknown>) => later.push(p),
    passThroughOnException: () => {},
    props: {},
  } as unknown as ExecutionContext;
  const pending = Promise.resolve(
    worker.fetch(
      new Request(`${ORIGIN}/api/v1/auth/sign-in-links`, {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${++ip}` },
        body: JSON.stringify({ email }),
      }),
      { ...env, DB: gated.db },
      ctx,
    ),
  );
  const answeredFirst = await Promise.race([
    pending.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000)),
  ]);
  gated.open();
  const res = await pending;
  const body = await res.json();
  await Promise.all(later);
  return { res, body, answeredBeforeAnyDatabaseWork: answeredFirst };
}

const mailTo = (email: string) =>
  db
    .select()
    .from(mailOutbox)
    .where(like(mailOutbox.recipients, `%${email}%`));

describe("requesting a sign-in link, known or unknown address", () => {
  it("does the same work before answering for a known and an unknown address, and the mail still arrives", async () => {
    const official = await createOfficial({ grants: [grants.verifier()] });
    const known = await requestLink(official.email);
    const unknown = await requestLink("bukan.pejabat@example.go.id");

    expect(known.res.status).toBe(202);
    expect(unknown.res.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    // The lookup, the token and the outbox row all wait until after the response, so the
    // answer's timing cannot depend on whether the address is registered.
    expect(known.answeredBeforeAnyDatabaseWork).toBe(true);
    expect(unknown.answeredBeforeAnyDatabaseWork).toBe(true);

    // The outbox row is the commitment: it is written and queued after the response.
    expect(await mailTo(official.email)).toMatchObject([
      { template: "sign_in_link", recipients: [official.email], status: "queued", queuedAt: expect.any(String) },
    ]);
    expect(await mailTo("bukan.pejabat@example.go.id")).toEqual([]);
  });
});
