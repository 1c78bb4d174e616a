import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type * as z from "zod";
import {
  type Aspiration,
  aspirationDeadlines,
  aspirationEvents,
  aspirations,
  type NewAspiration,
} from "../../../schema";
import type { Db } from "../../db";
import type { Actor } from "../../domain/actor";
import type { DeadlineStage } from "../../domain/aspiration/kinds";
import {
  ASPIRATION_STATUS_LABELS,
  type AspirationEvent,
  type AspirationStatus,
  type AspirationTimelineKind,
  isFinal,
  nextStatus,
  statusesAllowing,
} from "../../domain/aspiration/status";
import { typeError } from "../../domain/fields";
import { plainText } from "../../domain/text";
import { AppError, formatIssuePath, issueCode, notFound, validationFailed } from "../../errors";
import type { Logger } from "../../log";
import type { MailQueueMessage } from "../../mail/messages";
import { auditEntry } from "../audit";
import type { ServiceDeps } from "../deps";
import { type GuardedTable, isGuardFailure, statusGuard } from "../status-guard";
import { ASPIRATION_DECISION_EVENT } from "./flow-steps";
import type { StagedNotice } from "./notices";

/**
 * How anything that happens to a case is written, for every actor (verifier, agency, reporter):
 * one guarded `db.batch()` holding the case row, the deadline rows (the open one met, the next one
 * opened or moved), the timeline entry and the audit entry, so they land together or not at all,
 * and a decision racing another answers 409 with the current state. Then the flow is woken so it
 * re-reads D1 and stops, moves or starts its clock.
 */

export const ASPIRATIONS: GuardedTable = {
  table: aspirations,
  key: aspirations.code,
  status: aspirations.status,
  dueAt: aspirations.dueAt,
};

/** Decisions write D1, then wake the case's flow. */
export interface AspirationDecisionDeps extends ServiceDeps {
  flow: Pick<Workflow, "get">;
  mailQueue: Queue<MailQueueMessage>;
  logger: Logger;
}

/** A free-text reason of `min`–2000 characters, plain text only. */
export const reasonText = (label: string, min: number) =>
  plainText(label, { kind: "multi-line", error: typeError(label, "teks") })
    .trim()
    .min(min, `${label} paling sedikit ${min} karakter.`)
    .max(2000, `${label} paling banyak 2000 karakter.`);

/** An optional note for officials only. */
export const internalNoteText = (label = "Catatan internal") =>
  plainText(label, { kind: "multi-line" }).trim().max(2000, `${label} paling banyak 2000 karakter.`).optional();

/** Reads a decision's fields, or throws 422 naming each. */
export function parseFields<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(
    result.error.issues.map((i) => ({ path: formatIssuePath(i.path), code: issueCode(i), message: i.message })),
  );
}

export async function loadCase(db: Db, code: string): Promise<Aspiration> {
  const found = await db.select().from(aspirations).where(eq(aspirations.code, code)).get();
  if (!found) throw notFound("Aspirasi dengan kode itu tidak ditemukan.");
  return found;
}

/** 409 naming the status the case is in now: someone else decided first, or the case moved on. */
export const notNow = (status: AspirationStatus, message?: string) =>
  new AppError(
    409,
    "conflict",
    message ??
      `Aspirasi ini sudah tidak dapat diputuskan dengan cara itu. Statusnya sekarang: ${ASPIRATION_STATUS_LABELS[status]}.`,
  );

/** The case, refused with 409 unless `event` is allowed from its status now. */
export async function caseFor(deps: ServiceDeps, code: string, event: AspirationEvent): Promise<Aspiration> {
  const found = await loadCase(deps.db, code);
  if (!statusesAllowing(event).includes(found.status)) throw notNow(found.status);
  return found;
}

/** A new deadline row: which stage, for which agency, when due. */
export interface OpenedDeadline {
  stage: DeadlineStage;
  agencyId: string | null;
  dueAt: Date;
  calendarComplete: boolean;
}

export interface Transition {
  aspiration: Aspiration;
  event: AspirationEvent;
  actor: Actor;
  at: Date;
  requestId: string;
  set?: Partial<NewAspiration>;
  /** The stage whose open deadline row this decision meets; none when the stage goes on (start). */
  closes?: DeadlineStage;
  /** The deadline row the decision opens, if any. */
  opens?: OpenedDeadline;
  publicNote?: string | null;
  internalNote?: string | null;
  detail?: Record<string, unknown>;
}

function timelineEntry(
  db: Db,
  e: {
    aspiration: Aspiration;
    kind: AspirationTimelineKind;
    actor: Actor;
    at: Date;
    to?: AspirationStatus;
    agencyId?: string | null;
    publicNote?: string | null;
    internalNote?: string | null;
    detail?: Record<string, unknown>;
  },
) {
  return db.insert(aspirationEvents).values({
    code: e.aspiration.code,
    at: e.at.toISOString(),
    kind: e.kind,
    actorType: e.actor.type,
    actorId: e.actor.id,
    fromStatus: e.to ? e.aspiration.status : null,
    toStatus: e.to ?? null,
    agencyId: e.agencyId ?? e.aspiration.agencyId,
    publicNote: e.publicNote ?? null,
    internalNote: e.internalNote ?? null,
    detail: e.detail ?? null,
  });
}

/** The guarded statements of one status change. */
function transitionStatements(db: Db, t: Transition): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  const to = nextStatus(t.aspiration.status, t.event);
  if (!to) throw notNow(t.aspiration.status);
  const at = t.at.toISOString();
  // A decision that neither closes nor opens a deadline keeps the one running.
  const dueAt = t.opens ? t.opens.dueAt.toISOString() : t.closes ? null : t.aspiration.dueAt;
  const statements: BatchItem<"sqlite">[] = [
    db
      .update(aspirations)
      .set({ ...t.set, status: to, dueAt, ...(isFinal(to) ? { closedAt: at } : {}), updatedAt: at })
      .where(eq(aspirations.code, t.aspiration.code)),
  ];
  if (t.closes) {
    // The stage's open deadline is met now; breached when it had already passed.
    statements.push(
      db
        .update(aspirationDeadlines)
        .set({ metAt: at, breached: sql`${aspirationDeadlines.dueAt} < ${at}` })
        .where(
          and(
            eq(aspirationDeadlines.code, t.aspiration.code),
            eq(aspirationDeadlines.stage, t.closes),
            isNull(aspirationDeadlines.metAt),
          ),
        ),
    );
  }
  if (t.opens) {
    const opens = t.opens;
    statements.push(
      db.insert(aspirationDeadlines).values({
        code: t.aspiration.code,
        stage: opens.stage,
        // One more than the rows of this stage so far: a transfer or a reopen starts a new round.
        round: sql`(SELECT COUNT(*) FROM ${aspirationDeadlines} WHERE ${aspirationDeadlines.code} = ${t.aspiration.code} AND ${aspirationDeadlines.stage} = ${opens.stage})`,
        agencyId: opens.agencyId,
        startedAt: at,
        dueAt: opens.dueAt.toISOString(),
        calendarComplete: opens.calendarComplete,
      }),
    );
  }
  statements.push(
    timelineEntry(db, {
      aspiration: t.aspiration,
      kind: t.event,
      actor: t.actor,
      at: t.at,
      to,
      agencyId: t.set?.agencyId ?? t.aspiration.agencyId,
      publicNote: t.publicNote,
      internalNote: t.internalNote,
      detail: t.detail,
    }),
    auditEntry(db, {
      actor: t.actor,
      action: `aspiration.${t.event}`,
      subject: { type: "aspiration", id: t.aspiration.code },
      requestId: t.requestId,
      at: t.at,
      detail: { from: t.aspiration.status, to, ...t.detail },
    }),
  );
  return [statusGuard(db, ASPIRATIONS, t.aspiration.code, t.aspiration.status, t.aspiration.dueAt), ...statements];
}

/**
 * Writes one status change with its notice (staged in the same batch) and wakes the flow; a lost
 * race answers 409 with the status now.
 */
export async function decide(
  deps: AspirationDecisionDeps,
  t: Transition,
  notice?: StagedNotice,
): Promise<AspirationStatus> {
  const [first, ...rest] = transitionStatements(deps.db, t);
  await runGuarded(deps, t.aspiration.code, [first, ...rest, ...(notice ? [notice.statement] : [])]);
  await wakeFlow(deps, t.aspiration.code);
  await notice?.send(deps.logger);
  return nextStatus(t.aspiration.status, t.event) as AspirationStatus;
}

/** Something that happens to a case without changing its status: a request, a rating, a new due time. */
export interface Action {
  aspiration: Aspiration;
  kind: Exclude<AspirationTimelineKind, AspirationEvent>;
  actor: Actor;
  at: Date;
  requestId: string;
  set?: Partial<NewAspiration>;
  /** Only while this holds as well as the status and due time read (e.g. "not asked before"). */
  onlyIf?: SQL;
  /** Moves the due time of the open deadline row of this stage (and of the case). */
  moveDeadline?: { stage: DeadlineStage; dueAt: Date; calendarComplete: boolean };
  publicNote?: string | null;
  internalNote?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Writes one action that leaves the status as it is. When it moves the deadline, the flow is woken
 * to walk the ladder of the new due time.
 */
export async function act(deps: AspirationDecisionDeps, a: Action, notice?: StagedNotice): Promise<void> {
  const { db } = deps;
  const code = a.aspiration.code;
  const due = a.moveDeadline?.dueAt.toISOString();
  const statements: BatchItem<"sqlite">[] = [
    db
      .update(aspirations)
      .set({ ...a.set, ...(due ? { dueAt: due } : {}), updatedAt: a.at.toISOString() })
      .where(eq(aspirations.code, code)),
  ];
  if (a.moveDeadline && due) {
    statements.push(
      db
        .update(aspirationDeadlines)
        .set({ dueAt: due, calendarComplete: a.moveDeadline.calendarComplete })
        .where(
          and(
            eq(aspirationDeadlines.code, code),
            eq(aspirationDeadlines.stage, a.moveDeadline.stage),
            isNull(aspirationDeadlines.metAt),
          ),
        ),
    );
  }
  statements.push(
    timelineEntry(db, a),
    auditEntry(db, {
      actor: a.actor,
      action: `aspiration.${a.kind}`,
      subject: { type: "aspiration", id: code },
      requestId: a.requestId,
      at: a.at,
      detail: a.detail ?? {},
    }),
  );
  const guards: BatchItem<"sqlite">[] = [statusGuard(db, ASPIRATIONS, code, a.aspiration.status, a.aspiration.dueAt)];
  if (a.onlyIf) guards.push(conditionGuard(db, code, a.onlyIf));
  if (notice) statements.push(notice.statement);
  await runGuarded(deps, code, [guards[0] as BatchItem<"sqlite">, ...guards.slice(1), ...statements]);
  if (a.moveDeadline) await wakeFlow(deps, code);
  await notice?.send(deps.logger);
}

/** Aborts the batch unless `condition` holds on the case row (the same refusal as `statusGuard`). */
function conditionGuard(db: Db, code: string, condition: SQL) {
  return db
    .select({ ok: sql<number>`CASE WHEN ${condition} THEN 1 ELSE json('status changed') END` })
    .from(aspirations)
    .where(eq(aspirations.code, code));
}

async function runGuarded(
  deps: AspirationDecisionDeps,
  code: string,
  statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]],
): Promise<void> {
  try {
    await deps.db.batch(statements);
  } catch (err) {
    if (!isGuardFailure(err)) throw err;
    const current = await loadCase(deps.db, code);
    throw notNow(current.status);
  }
}

/**
 * Sends the flow a `decision` event. A failure is logged, not thrown: the decision is in D1, and
 * the flow finds it at its next moment, or the sweeper restarts a missing instance.
 */
export async function wakeFlow(deps: AspirationDecisionDeps, code: string): Promise<void> {
  try {
    const instance = await deps.flow.get(code);
    await instance.sendEvent({ type: ASPIRATION_DECISION_EVENT, payload: {} });
  } catch (err) {
    deps.logger.log("warn", "aspiration_flow_wake_failed", { code, error: (err as Error).message });
  }
}
