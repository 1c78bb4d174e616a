import { and, asc, eq, inArray, lte, ne, or, sql } from "drizzle-orm";
import {
  idempotencyKeys,
  mailOutbox,
  officials,
  registrationEvents,
  registrationMembers,
  registrations,
  sessions,
  signInTokens,
  usedActionNonces,
} from "../../schema";
import { loadConfig } from "../config";
import { createDb, type Db } from "../db";
import type { Actor } from "../domain/actor";
import { CLOSED_STATUSES, type RegistrationStatus } from "../domain/registration/status";
import {
  ACTION_NONCE_GRACE_MS,
  ANONYMISED,
  ANONYMISED_MEMBER,
  ANONYMISED_REGISTRATION,
  daysBefore,
  IDEMPOTENCY_RETENTION_MS,
  SENT_MAIL_RETENTION_DAYS,
} from "../domain/retention";
import { createLogger, type Logger } from "../log";
import { queueStrandedMail } from "../mail/outbox";
import { REDACTED } from "../mail/redact";
import { anonymiseEndedAspirations } from "./aspiration/retention";
import { aspirationSweep } from "./aspiration/sweep";
import { auditEntry } from "./audit";
import { compiled, insertRows, runBatch } from "./insert-rows";
import type { RegistrationFlowStarter } from "./registration/intake";
import { registrationSweep } from "./registration/sweep";
import { loadSettings } from "./settings";
import { statsSweep } from "./stats/sweep";
import { type SweepDeps, type SweepReport, type SweptProcess, sweepStrandedInstances } from "./sweeper";

/**
 * The nightly housekeeping and retention job: one function per task, each taking the database,
 * the run's moment and a logger (plus what it needs) and returning counts, and one dispatcher
 * that runs them all from the `DAILY_HOUSEKEEPING_CRON` trigger. Every task is safe to run twice
 * and picks up where a failed run stopped.
 */

/** 17:00 UTC = 01:00 WITA, when nobody is signing in or submitting (see `[triggers]` in wrangler.toml). */
export const DAILY_HOUSEKEEPING_CRON = "0 17 * * *";

/** Who the housekeeping acts as in the audit trail and on timelines. */
export const HOUSEKEEPING_ACTOR: Actor = { type: "schedule", id: "daily-housekeeping" };

/**
 * Registrations anonymised per run. Each costs a handful of D1 rows and at most one R2 delete;
 * fifty keep a run far inside a Worker's subrequest and time limits, and a backlog (the first
 * run after a long pause) clears at fifty a night.
 */
export const ANONYMISE_PER_RUN = 50;
/** Registrations per atomic D1 batch when anonymising: one failure holds back ten, not fifty. */
const ANONYMISE_PER_BATCH = 10;
/** Sent messages redacted per run: one UPDATE statement, bounded so it never runs long. */
export const REDACT_MAIL_PER_RUN = 1000;

export interface HousekeepingDeps {
  db: Db;
  /** The moment the run is dated by (the cron's scheduled time): every cutoff is counted from it. */
  now: Date;
  logger: Logger;
}

const iso = (ms: number) => new Date(ms).toISOString();
const changes = (result: D1Result) => result.meta.changes ?? 0;

/**
 * Deletes credentials that can no longer be used: sign-in tokens past their expiry, nonces of
 * used action links an hour after the link expired (before that the nonce is what refuses a
 * replay), and sessions past their idle or absolute expiry or whose official was deactivated.
 * Revoked sessions are deleted when they are revoked. The tables stay small (one night's
 * expiries), so each is one unbounded DELETE.
 *
 * @example
 * await pruneExpiredCredentials({ db, now, logger }) // { signInTokens: 12, actionNonces: 3, sessions: 7 }
 */
export async function pruneExpiredCredentials(
  deps: HousekeepingDeps,
): Promise<{ signInTokens: number; actionNonces: number; sessions: number }> {
  const { db } = deps;
  const now = deps.now.getTime();
  const [tokens, nonces, ended] = await db.batch([
    db.delete(signInTokens).where(lte(signInTokens.expiresAt, iso(now))),
    db.delete(usedActionNonces).where(lte(usedActionNonces.expiresAt, iso(now - ACTION_NONCE_GRACE_MS))),
    db
      .delete(sessions)
      .where(
        or(
          lte(sessions.expiresAt, iso(now)),
          lte(sessions.idleExpiresAt, iso(now)),
          inArray(
            sessions.officialId,
            db.select({ id: officials.id }).from(officials).where(eq(officials.active, false)),
          ),
        ),
      ),
  ]);
  return { signInTokens: changes(tokens), actionNonces: changes(nonces), sessions: changes(ended) };
}

/**
 * Deletes stored responses of creating requests older than `IDEMPOTENCY_RETENTION_MS` (seven
 * days): API `Idempotency-Key`s and the public form's one-time tokens alike. A form token is
 * refused once it is older than `FORM_TOKEN_MAX_AGE_MS` (two days), so by the time its stored
 * response is gone the token cannot be replayed into a second registration; an API key repeated
 * after seven days is a new request, as with any provider's keys.
 *
 * @example
 * await pruneIdempotencyRecords({ db, now, logger }) // { deleted: 40 }
 */
export async function pruneIdempotencyRecords(deps: HousekeepingDeps): Promise<{ deleted: number }> {
  const cutoff = iso(deps.now.getTime() - IDEMPOTENCY_RETENTION_MS);
  const result = await deps.db.delete(idempotencyKeys).where(lte(idempotencyKeys.createdAt, cutoff));
  return { deleted: changes(result) };
}

export interface AnonymiseDeps extends HousekeepingDeps {
  /** R2 bucket `FILES`, where decree scans are kept. */
  files: R2Bucket;
  /** The run's id, as the request id of the audit entries. */
  runId: string;
  /** Registrations per run; `ANONYMISE_PER_RUN` unless a test asks for fewer. */
  limit?: number;
}

interface ClosedRegistration {
  id: string;
  status: RegistrationStatus;
  closedAt: string;
  scanKey: string | null;
  members: number;
}

/** The statements that anonymise `group` in one atomic batch, with a timeline event and an audit entry each. */
function anonymiseStatements(db: Db, group: ClosedRegistration[], at: Date, runId: string, retentionDays: number) {
  const ids = group.map((r) => r.id);
  return [
    compiled(
      db
        .update(registrations)
        .set(ANONYMISED_REGISTRATION)
        .where(and(inArray(registrations.id, ids), inArray(registrations.status, [...CLOSED_STATUSES]))),
    ),
    compiled(
      db.update(registrationMembers).set(ANONYMISED_MEMBER).where(inArray(registrationMembers.registrationId, ids)),
    ),
    ...group.flatMap((r) => {
      const detail = { members: r.members, decreeScanDeleted: r.scanKey !== null };
      return [
        insertRows(registrationEvents, [
          {
            registrationId: r.id,
            at: at.toISOString(),
            kind: "anonymise",
            actorType: HOUSEKEEPING_ACTOR.type,
            actorId: HOUSEKEEPING_ACTOR.id,
            detail,
          },
        ]),
        compiled(
          auditEntry(db, {
            actor: HOUSEKEEPING_ACTOR,
            action: "retention.anonymise",
            subject: { type: "registration", id: r.id },
            requestId: runId,
            at,
            detail: { ...detail, status: r.status, closedAt: r.closedAt, retentionDays },
          }),
        ),
      ];
    }),
  ];
}

/**
 * Anonymises registrations that ended `rejected`, `expired` or `withdrawn` more than
 * `retention.rejectedRegistrationDays` ago (UU 27/2022; a setting, 365 days by default): members'
 * names, phones, birth dates and NIK hash and last digits, the contact e-mail and phone and the
 * secretariat address are overwritten (`ANONYMISED_REGISTRATION`, `ANONYMISED_MEMBER`), and the
 * decree scan is deleted from R2. Village, status, dates, KIM name, roles and the member count
 * stay for statistics. Each gets an `anonymise` timeline event and a `retention.anonymise` audit
 * entry in the same batch as the change.
 *
 * At most `limit` (50) registrations per run, oldest closure first, in batches of ten. The
 * scans of a batch are deleted before its D1 batch: if D1 then fails, the next run deletes
 * nothing twice and tries again; the other way round a failure would lose the key of a scan
 * that stays in R2. A registration whose contact e-mail already reads `ANONYMISED` is done.
 *
 * @example
 * await anonymiseClosedRegistrations({ db, now, logger, files: env.FILES, runId })
 * // { anonymised: 3, scansDeleted: 1, failed: 0, more: false }
 */
export async function anonymiseClosedRegistrations(
  deps: AnonymiseDeps,
): Promise<{ anonymised: number; scansDeleted: number; failed: number; more: boolean }> {
  const { db } = deps;
  const limit = deps.limit ?? ANONYMISE_PER_RUN;
  const retentionDays = (await loadSettings(db))["retention.rejectedRegistrationDays"];
  const cutoff = daysBefore(deps.now, retentionDays).toISOString();
  const due: ClosedRegistration[] = await db
    .select({
      id: registrations.id,
      status: registrations.status,
      // A closed registration never changes again, so its last update is when it closed.
      closedAt: registrations.updatedAt,
      scanKey: registrations.decreeScanKey,
      // Spelled out: inside a select list drizzle leaves columns unqualified, which would bind `id` to the members.
      members: sql<number>`(select count(*) from "registration_members" as "m" where "m"."registration_id" = "registrations"."id")`,
    })
    .from(registrations)
    .where(
      and(
        inArray(registrations.status, [...CLOSED_STATUSES]),
        lte(registrations.updatedAt, cutoff),
        ne(registrations.contactEmail, ANONYMISED),
      ),
    )
    .orderBy(asc(registrations.updatedAt), asc(registrations.id))
    .limit(limit + 1);
  const todo = due.slice(0, limit);
  let anonymised = 0;
  let scansDeleted = 0;
  let failed = 0;
  for (let i = 0; i < todo.length; i += ANONYMISE_PER_BATCH) {
    const group = todo.slice(i, i + ANONYMISE_PER_BATCH);
    const scans = group.flatMap((r) => (r.scanKey ? [r.scanKey] : []));
    try {
      if (scans.length > 0) await deps.files.delete(scans);
      await runBatch(db, anonymiseStatements(db, group, deps.now, deps.runId, retentionDays));
      anonymised += group.length;
      scansDeleted += scans.length;
    } catch (err) {
      failed += group.length;
      deps.logger.log("error", "retention_anonymise_failed", {
        registrationIds: group.map((r) => r.id).join(","),
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return { anonymised, scansDeleted, failed, more: due.length > limit };
}

/**
 * Blanks what sent mail kept about people once it is `SENT_MAIL_RETENTION_DAYS` (90) old: every
 * parameter's value becomes `REDACTED`, as the consumer already does for links at sending
 * (`workers/mail/redact.ts`), and the recipients become an empty list, so an applicant's address
 * does not outlive their anonymised registration here. Template, dedupe key, status and times
 * stay, which is what answers "was it sent, and when". Queued and failed rows are untouched: they
 * may still be sent or resent. At most `REDACT_MAIL_PER_RUN` rows per run, in one statement.
 *
 * @example
 * await redactSentMail({ db, now, logger }) // { redacted: 120, more: false }
 */
export async function redactSentMail(
  deps: HousekeepingDeps & { limit?: number },
): Promise<{ redacted: number; more: boolean }> {
  const limit = deps.limit ?? REDACT_MAIL_PER_RUN;
  const cutoff = daysBefore(deps.now, SENT_MAIL_RETENTION_DAYS).toISOString();
  // created_at <= sent_at, so the created_at bound narrows the scan through the (status, created_at) index.
  const result = await deps.db.run(sql`
    update ${mailOutbox}
    set params = (select json_group_object(key, ${REDACTED}) from json_each(${mailOutbox.params})),
        recipients = '[]'
    where ${mailOutbox.id} in (
      select ${mailOutbox.id} from ${mailOutbox}
      where ${mailOutbox.status} = 'sent'
        and ${mailOutbox.createdAt} <= ${cutoff}
        and ${mailOutbox.sentAt} <= ${cutoff}
        and ${mailOutbox.recipients} <> '[]'
      limit ${limit}
    )`);
  const redacted = changes(result);
  return { redacted, more: redacted >= limit };
}

/**
 * Repairs stranded Workflow instances of every process through the one sweeper
 * (`services/sweeper.ts`): records in a non-final status whose instance is missing (the intake
 * answered 503 and the client never retried), `errored` (its step retries ran out) or
 * `terminated` get it created or restarted, at most `SWEEP_PER_RUN` per process a night, and
 * the administrators hear of a record repaired again and again.
 *
 * @example
 * await sweepInstances({ db, now, logger, runId, flow: env.REGISTRATION_FLOW, mail }) // { checked: 4, created: 1, … }
 */
export function sweepInstances(deps: DailyHousekeepingDeps & { limit?: number }): Promise<SweepReport> {
  return sweepStrandedInstances({
    ...deps,
    processes: [
      registrationSweep(deps.flow),
      aspirationSweep(deps.aspirationFlow),
      ...(deps.statsFlow ? [statsSweep(deps.statsFlow)] : []),
    ],
  });
}

export interface DailyHousekeepingDeps extends HousekeepingDeps {
  files: R2Bucket;
  flow: RegistrationFlowStarter;
  aspirationFlow: SweptProcess["flow"];
  /** Absent in tests that sweep only the other processes. */
  statsFlow?: SweptProcess["flow"];
  runId: string;
  /** The outbox's bindings, for the sweeper's alert to the administrators. */
  mail: SweepDeps["mail"];
}

/** What one night's run did, task by task; a task that threw is absent and named in the log. */
export interface HousekeepingReport {
  credentials?: Awaited<ReturnType<typeof pruneExpiredCredentials>>;
  idempotency?: Awaited<ReturnType<typeof pruneIdempotencyRecords>>;
  registrations?: Awaited<ReturnType<typeof anonymiseClosedRegistrations>>;
  aspirations?: Awaited<ReturnType<typeof anonymiseEndedAspirations>>;
  mail?: Awaited<ReturnType<typeof redactSentMail>>;
  strandedMail?: Awaited<ReturnType<typeof queueStrandedMail>>;
  flows?: SweepReport;
}

type Counts = Record<string, number | boolean>;

/**
 * Runs every housekeeping task in turn and logs one line of counts per task. A task that throws
 * does not stop the others; when any task threw or reported failures, the run throws at the end,
 * so the cron shows as failed in the dashboard, and tomorrow's run tries again.
 *
 * @example
 * await runDailyHousekeeping(housekeepingDeps(env, new Date(controller.scheduledTime)));
 */
export async function runDailyHousekeeping(deps: DailyHousekeepingDeps): Promise<HousekeepingReport> {
  const report: HousekeepingReport = {};
  const problems: string[] = [];
  const run = async <K extends keyof HousekeepingReport>(
    task: K,
    work: () => Promise<NonNullable<HousekeepingReport[K]>>,
  ) => {
    try {
      const counts = await work();
      report[task] = counts;
      const failed = "failed" in counts ? counts.failed : 0;
      if (failed > 0) problems.push(`${task}: ${failed} failed`);
      deps.logger.log(failed > 0 ? "error" : "info", `housekeeping_${task}`, counts as Counts);
    } catch (err) {
      problems.push(`${task}: ${err instanceof Error ? err.message : String(err)}`);
      deps.logger.log("error", `housekeeping_${task}_failed`, {
        message: err instanceof Error ? err.message : String(err),
      });
    }
  };
  await run("credentials", () => pruneExpiredCredentials(deps));
  await run("idempotency", () => pruneIdempotencyRecords(deps));
  await run("registrations", () => anonymiseClosedRegistrations(deps));
  await run("aspirations", () => anonymiseEndedAspirations({ ...deps, actor: HOUSEKEEPING_ACTOR }));
  await run("mail", () => redactSentMail(deps));
  await run("strandedMail", () =>
    queueStrandedMail({ db: deps.db, queue: deps.mail.queue, config: deps.mail.config, now: deps.now }),
  );
  await run("flows", () => sweepInstances(deps));
  if (problems.length > 0) throw new Error(`daily housekeeping: ${problems.join("; ")}`);
  return report;
}

/** The job's dependencies from the Worker's bindings, dated by the cron's scheduled time. */
export function housekeepingDeps(env: Env, scheduledTime: Date): DailyHousekeepingDeps {
  const runId = crypto.randomUUID();
  return {
    db: createDb(env.DB),
    now: scheduledTime,
    logger: createLogger(runId),
    files: env.FILES,
    flow: env.REGISTRATION_FLOW,
    aspirationFlow: env.ASPIRATION_FLOW,
    statsFlow: env.STATS_FLOW,
    runId,
    mail: { queue: env.MAIL_QUEUE, config: loadConfig(env) },
  };
}
