import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox } from "../../schema";
import { loadConfig } from "../../workers/config";
import worker from "../../workers/index";
import type { MailQueueMessage } from "../../workers/mail/messages";
import { queueStrandedMail, STRANDED_MAIL_AFTER_MS } from "../../workers/mail/outbox";
import { caseWithDeadline, freshReport } from "../fixtures/aspirations";
import { recordingQueue } from "../fixtures/mail";
import { createOfficial, grants, ORIGIN, sessionFor, type TestSession } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { db, insertRegistration } from "../fixtures/registration-flow";
import { freshApplication, freshIp } from "../fixtures/registration-intake";

/**
 * D1 failing midway through a write (issue 13). Each write path is run once with a D1 binding that
 * counts its round trips (a statement, or a whole `batch`), then once per round trip with a binding
 * that fails from that one on, as D1 does when its connection drops. Every run must answer
 * without a 500, and leave every table either as it was or as the successful run left it: never
 * half a registration, half a case or half an official.
 */

const BASE = "http://simpul.test";
const lost = () => new Error("D1_ERROR: Network connection lost.");

/** The real D1, counting round trips and failing every one from the `failFrom`-th on (never when undefined). */
function flakyD1(real: D1Database, failFrom?: number) {
  const state = { calls: 0 };
  const unwrap = new WeakMap<object, D1PreparedStatement>();
  const trip = <T>(run: () => Promise<T>): Promise<T> => {
    state.calls++;
    return failFrom !== undefined && state.calls >= failFrom ? Promise.reject(lost()) : run();
  };
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      all: () => trip(() => statement.all()),
      run: () => trip(() => statement.run()),
      first: (column?: string) => trip(() => (column ? statement.first(column) : statement.first())),
      raw: (options?: { columnNames?: boolean }) =>
        trip(() => statement.raw(options as { columnNames: true }) as Promise<unknown[]>),
    } as unknown as D1PreparedStatement;
    unwrap.set(wrapped, statement);
    return wrapped;
  };
  const db = {
    prepare: (query: string) => wrap(real.prepare(query)),
    batch: (statements: D1PreparedStatement[]) => trip(() => real.batch(statements.map((s) => unwrap.get(s) ?? s))),
    exec: (query: string) => trip(() => real.exec(query)),
    withSession: () => db,
  } as unknown as D1Database;
  return { db, state };
}

/** Rows in every table of the app, by table. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
  ).all<{ name: string }>();
  const counts = await env.DB.batch(
    tables.results.map((t) => env.DB.prepare(`SELECT '${t.name}' AS name, count(*) AS n FROM "${t.name}"`)),
  );
  return Object.fromEntries(
    counts.map((r) => [(r.results[0] as { name: string }).name, (r.results[0] as { n: number }).n]),
  );
}

function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after)
      .map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)] as const)
      .filter(([, d]) => d !== 0),
  );
}

interface WritePath {
  name: string;
  /** A new request each call, on a record of its own when the path changes one (made before the counts). */
  request: () => Request | Promise<Request>;
}

/**
 * Flows that accept an instance and run nothing: a real flow writes to D1 on its own schedule,
 * which would make the table counts depend on timing. Creating the instance is the last thing a
 * write path does; what the flow then does is tested in `test/flows/`.
 */
const inertFlow = {
  create: async (options?: { id?: string }) => ({ id: options?.id ?? "inert" }),
  get: async (id: string) => ({ id, sendEvent: async () => {}, status: async () => ({ status: "waiting" }) }),
};

async function send(request: Request, d1: D1Database) {
  const ctx = createExecutionContext();
  const bindings = { ...env, DB: d1, REGISTRATION_FLOW: inertFlow, ASPIRATION_FLOW: inertFlow } as unknown as Env;
  const res = await worker.fetch(request, bindings, ctx);
  await res.text();
  await waitOnExecutionContext(ctx);
  return res.status;
}

let admin: TestSession;

beforeAll(async () => {
  await seedReferenceData(env.DB);
  admin = await sessionFor(await createOfficial({ grants: [grants.admin()] }));
});

const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${BASE}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "cf-connecting-ip": freshIp(),
      "idempotency-key": crypto.randomUUID(),
      ...headers,
    },
    body: JSON.stringify(body),
  });

const DAY = 24 * 60 * 60 * 1000;
const asAdmin = () => ({ cookie: admin.cookie, origin: ORIGIN });

const PATHS: WritePath[] = [
  {
    name: "an aspiration submitted with the reporter's address",
    request: () =>
      json(
        "/api/v1/aspirations",
        freshReport({ privacy: "rahasia", reporterName: "Warga Uji", reporterEmail: "warga.uji@contoh.id" }),
      ),
  },
  { name: "a registration with five members", request: () => json("/api/v1/registrations", freshApplication()) },
  {
    name: "an official invited by an administrator",
    request: () =>
      json(
        "/api/v1/admin/officials",
        { name: "Pejabat Uji", email: `pejabat-${crypto.randomUUID()}@berau.example`, role: "verifier" },
        { cookie: admin.cookie, origin: ORIGIN },
      ),
  },
  {
    name: "a verifier routes a case to an agency",
    request: async () => {
      const code = await caseWithDeadline({
        status: "received",
        stage: "verification",
        dueAt: new Date(Date.now() + DAY),
      });
      return json(`/api/v1/aspirations/${code}/decisions`, { decision: "route", agencyId: "pupr" }, asAdmin());
    },
  },
  {
    name: "an agency answers a case",
    request: async () => {
      const code = await caseWithDeadline({ status: "routed", stage: "agency", dueAt: new Date(Date.now() + DAY) });
      return json(
        `/api/v1/aspirations/${code}/decisions`,
        { decision: "answer", publicAnswer: "Sudah kami tambal pagi ini." },
        asAdmin(),
      );
    },
  },
  {
    name: "a reporter accepts the answer with a rating",
    request: async () => {
      const code = await caseWithDeadline({ status: "answered", stage: "feedback", dueAt: new Date(Date.now() + DAY) });
      return json(`/api/v1/aspirations/${code}/feedback`, { action: "accept", rating: 4 });
    },
  },
  {
    name: "a registration endorsed on the village head's behalf",
    request: async () => {
      const r = await insertRegistration();
      return json(
        `/api/v1/registrations/${r.id}/endorsement`,
        { decision: "endorse", note: "Disahkan lewat telepon oleh kepala kampung." },
        asAdmin(),
      );
    },
  },
];

describe("D1 failing midway through a write", () => {
  it.each(PATHS)(
    "$name: whole or nothing, at every round trip",
    async (path) => {
      const counting = flakyD1(env.DB);
      const first = await path.request();
      const start = await tableCounts();
      expect(await send(first, counting.db)).toBeLessThan(300);
      const complete = delta(start, await tableCounts());
      const trips = counting.state.calls;
      expect(trips).toBeGreaterThan(1);

      const broken: string[] = [];
      for (let failFrom = 1; failFrom <= trips; failFrom++) {
        const request = await path.request();
        const before = await tableCounts();
        const status = await send(request, flakyD1(env.DB, failFrom).db);
        const written = delta(before, await tableCounts());
        if (status >= 500 && status !== 503) broken.push(`trip ${failFrom}: ${status}`);
        const nothing = Object.keys(written).length === 0;
        if (!nothing && JSON.stringify(written) !== JSON.stringify(complete)) {
          broken.push(
            `trip ${failFrom} (${status}): half written ${JSON.stringify(written)}, whole is ${JSON.stringify(complete)}`,
          );
        }
        if (status === 503 && !nothing) broken.push(`trip ${failFrom}: 503 but wrote ${JSON.stringify(written)}`);
      }
      expect(broken).toEqual([]);
    },
    30_000,
  );

  it("mail written but never queued (the request failed after its batch) is queued by the nightly relay", async () => {
    const stranded = () =>
      db()
        .select({ id: mailOutbox.id })
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, "queued"), isNull(mailOutbox.queuedAt)));
    // The invitation's batch commits, then the read before queueing fails: 503, the row unqueued.
    await send(await (PATHS[2] as WritePath).request(), flakyD1(env.DB, 4).db);
    expect((await stranded()).length).toBeGreaterThan(0);
    const later = new Date(Date.now() + STRANDED_MAIL_AFTER_MS + 1000);
    const queue = recordingQueue<MailQueueMessage>();
    const relayed = await queueStrandedMail({ db: db(), queue, config: loadConfig(env), now: later });
    expect(relayed.queued).toBeGreaterThan(0);
    expect(await stranded()).toEqual([]);
    expect(queue.sent).toHaveLength(relayed.queued);
  });
});
