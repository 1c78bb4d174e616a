import { and, eq, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import * as z from "zod";
import {
  type Aspiration,
  agencies,
  aspirationDeadlines,
  aspirationEvents,
  aspirations,
  type NewAspiration,
} from "../../../schema";
import type { Db } from "../../db";
import type { Actor } from "../../domain/actor";
import type { DeadlineStage } from "../../domain/aspiration/kinds";
import {
  type AspirationEvent,
  type AspirationStatus,
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
import { assertCan } from "../authorize";
import { computeDeadline } from "../calendar";
import type { ServiceDeps } from "../deps";
import { loadSettings } from "../settings";
import { type GuardedTable, isGuardFailure, statusGuard } from "../status-guard";
import { ASPIRATION_DECISION_EVENT } from "./flow-steps";
import { noticeAnswered, noticeRouted } from "./notices";

/**
 * What officials decide on an aspiration: Diskominfo's verifiers route it to an agency, reject it
 * (spam or a duplicate) or declare it outside the regency's authority; the agency answers it.
 * Each decision is one guarded `db.batch()`: the case row, the deadline rows (the current one
 * closed with whether it was met, the next one opened), the timeline entry and the audit entry
 * land together, and a decision racing another answers 409 with the current state.
 */

const ASPIRATIONS: GuardedTable = {
  table: aspirations,
  key: aspirations.code,
  status: aspirations.status,
  dueAt: aspirations.dueAt,
};

const reason = (label: string, min: number) =>
  plainText(label, { kind: "multi-line", error: typeError(label, "teks") })
    .trim()
    .min(min, `${label} paling sedikit ${min} karakter.`)
    .max(2000, `${label} paling banyak 2000 karakter.`);

const routeFields = z.object({
  agencyId: z.string({ error: "Pilih OPD tujuan." }).trim().min(1, "Pilih OPD tujuan.").max(60),
  note: plainText("Catatan", { kind: "multi-line" })
    .trim()
    .max(2000, "Catatan paling banyak 2000 karakter.")
    .optional(),
});

const rejectFields = z.object({
  reason: reason("Alasan penolakan", 5),
  duplicateOf: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^ASP-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/, "Kode aspirasi asli harus seperti ASP-7K3Q-H9TM.")
    .optional(),
});

const declineFields = z.object({
  reason: reason("Alasan", 5),
  referTo: plainText("Instansi yang berwenang", { error: typeError("Instansi yang berwenang", "teks") })
    .trim()
    .min(3, "Tulis instansi yang berwenang, paling sedikit 3 karakter.")
    .max(200, "Instansi yang berwenang paling banyak 200 karakter."),
});

const answerFields = z.object({
  publicAnswer: reason("Jawaban", 10),
  internalNote: plainText("Catatan internal", { kind: "multi-line" })
    .trim()
    .max(2000, "Catatan internal paling banyak 2000 karakter.")
    .optional(),
});

/** Reads a decision's text fields, or throws 422 naming each. */
function parseFields<T extends Record<string, unknown>>(schema: { safeParse(v: unknown): unknown }, input: unknown): T {
  const result = schema.safeParse(input) as
    | { success: true; data: T }
    | { success: false; error: { issues: Parameters<typeof issueCode>[0][] } };
  if (result.success) return result.data;
  throw validationFailed(
    result.error.issues.map((i) => ({ path: formatIssuePath(i.path), code: issueCode(i), message: i.message })),
  );
}

async function loadCase(db: Db, code: string): Promise<Aspiration> {
  const found = await db.select().from(aspirations).where(eq(aspirations.code, code)).get();
  if (!found) throw notFound("Aspirasi dengan kode itu tidak ditemukan.");
  return found;
}

/** 409 naming the status the case is in now: someone else decided first, or the case moved on. */
const notNow = (status: AspirationStatus) =>
  new AppError(
    409,
    "conflict",
    `Aspirasi ini sudah tidak dapat diputuskan dengan cara itu (status sekarang: ${status}).`,
  );

interface Transition {
  aspiration: Aspiration;
  event: AspirationEvent;
  actor: Actor;
  at: Date;
  requestId: string;
  set?: Partial<NewAspiration>;
  /** The stage whose open deadline row this decision meets. */
  closes: DeadlineStage;
  /** The deadline row the decision opens, if any. */
  opens?: { stage: DeadlineStage; agencyId: string | null; dueAt: Date; calendarComplete: boolean };
  publicNote?: string | null;
  internalNote?: string | null;
  detail?: Record<string, unknown>;
}

/** The guarded statements of one decision. */
function transitionStatements(db: Db, t: Transition): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  const to = nextStatus(t.aspiration.status, t.event);
  if (!to) throw notNow(t.aspiration.status);
  const at = t.at.toISOString();
  const statements: BatchItem<"sqlite">[] = [
    db
      .update(aspirations)
      .set({
        ...t.set,
        status: to,
        dueAt: t.opens ? t.opens.dueAt.toISOString() : null,
        ...(isFinal(to) ? { closedAt: at } : {}),
        updatedAt: at,
      })
      .where(eq(aspirations.code, t.aspiration.code)),
    // The stage's open deadline is met now; breached when it had already passed.
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
  ];
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
    db.insert(aspirationEvents).values({
      code: t.aspiration.code,
      at,
      kind: t.event,
      actorType: t.actor.type,
      actorId: t.actor.id,
      fromStatus: t.aspiration.status,
      toStatus: to,
      agencyId: t.set?.agencyId ?? t.aspiration.agencyId,
      publicNote: t.publicNote ?? null,
      internalNote: t.internalNote ?? null,
      detail: t.detail ?? null,
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

/** Decisions write D1, then wake the case's flow so it re-reads D1 and stops or starts its clock. */
export interface AspirationDecisionDeps extends ServiceDeps {
  flow: Pick<Workflow, "get">;
  mailQueue: Queue<MailQueueMessage>;
  logger: Logger;
}

async function decide(deps: AspirationDecisionDeps, t: Transition): Promise<AspirationStatus> {
  try {
    await deps.db.batch(transitionStatements(deps.db, t));
  } catch (err) {
    if (!isGuardFailure(err)) throw err;
    const current = await loadCase(deps.db, t.aspiration.code);
    throw notNow(current.status);
  }
  await wakeFlow(deps, t.aspiration.code);
  return nextStatus(t.aspiration.status, t.event) as AspirationStatus;
}

/**
 * Sends the flow a `decision` event. A failure is logged, not thrown: the decision is in D1, and
 * the flow finds it at its next moment, or the sweeper restarts a missing instance.
 */
async function wakeFlow(deps: AspirationDecisionDeps, code: string): Promise<void> {
  try {
    const instance = await deps.flow.get(code);
    await instance.sendEvent({ type: ASPIRATION_DECISION_EVENT, payload: {} });
  } catch (err) {
    deps.logger.log("warn", "aspiration_flow_wake_failed", { code, error: (err as Error).message });
  }
}

/** The case, refused with 409 unless `event` is allowed from its status now. */
async function caseFor(deps: ServiceDeps, code: string, event: AspirationEvent): Promise<Aspiration> {
  const found = await loadCase(deps.db, code);
  if (!statusesAllowing(event).includes(found.status)) throw notNow(found.status);
  return found;
}

/**
 * A verifier routes a received case to the agency that can act (the category's agency is the
 * suggestion; the verifier may pick another). Starts the agency's deadline in working days.
 *
 * @example
 * await routeAspiration(deps, verifier, { code: "ASP-7K3Q-H9TM", agencyId: "pupr", note: "Lokasi sudah dicek." })
 */
export async function routeAspiration(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; agencyId?: unknown; note?: unknown },
): Promise<{ status: AspirationStatus; dueAt: string }> {
  assertCan(actor, "aspiration.route", { kind: "aspiration", agencyId: null });
  const fields = parseFields<{ agencyId: string; note?: string }>(routeFields, {
    agencyId: input.agencyId,
    note: input.note,
  });
  const aspiration = await caseFor(deps, input.code, "route");
  const agency = await deps.db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(agencies.id, fields.agencyId), eq(agencies.active, true)))
    .get();
  if (!agency) {
    throw validationFailed([
      { path: "agencyId", code: "unknown_agency", message: "Pilih OPD yang aktif dari daftar." },
    ]);
  }
  const settings = await loadSettings(deps.db);
  const now = deps.now();
  const deadline = await computeDeadline(deps.db, now, settings["aspiration.agencyResponseDays"]);
  const status = await decide(deps, {
    aspiration,
    event: "route",
    actor,
    at: now,
    requestId: deps.requestId,
    set: { agencyId: agency.id, escalationLevel: 0 },
    closes: "verification",
    opens: { stage: "agency", agencyId: agency.id, dueAt: deadline.due, calendarComplete: deadline.calendarComplete },
    internalNote: fields.note ?? null,
    detail: { agencyId: agency.id },
  });
  await noticeRouted(deps, input.code);
  return { status, dueAt: deadline.dueWita };
}

/**
 * A verifier closes a received case as spam or a duplicate (naming the original), with a reason
 * the reporter reads on the tracking page.
 */
export async function rejectAspiration(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; reason?: unknown; duplicateOf?: unknown },
): Promise<{ status: AspirationStatus }> {
  assertCan(actor, "aspiration.close", { kind: "aspiration", agencyId: null });
  const fields = parseFields<{ reason: string; duplicateOf?: string }>(rejectFields, {
    reason: input.reason,
    duplicateOf: input.duplicateOf || undefined,
  });
  const aspiration = await caseFor(deps, input.code, "reject");
  if (fields.duplicateOf) {
    const original = await deps.db
      .select({ code: aspirations.code })
      .from(aspirations)
      .where(eq(aspirations.code, fields.duplicateOf))
      .get();
    if (!original || original.code === aspiration.code) {
      throw validationFailed([
        { path: "duplicateOf", code: "unknown_aspiration", message: "Kode aspirasi asli tidak ditemukan." },
      ]);
    }
  }
  const status = await decide(deps, {
    aspiration,
    event: "reject",
    actor,
    at: deps.now(),
    requestId: deps.requestId,
    set: { duplicateOf: fields.duplicateOf ?? null },
    closes: "verification",
    publicNote: fields.reason,
    detail: fields.duplicateOf ? { duplicateOf: fields.duplicateOf } : {},
  });
  return { status };
}

/**
 * A verifier declares a received case outside the regency's authority, saying why and where the
 * reporter can turn instead (DOMAIN.md: bukan wewenang).
 */
export async function declineAspiration(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; reason?: unknown; referTo?: unknown },
): Promise<{ status: AspirationStatus }> {
  assertCan(actor, "aspiration.close", { kind: "aspiration", agencyId: null });
  const fields = parseFields<{ reason: string; referTo: string }>(declineFields, {
    reason: input.reason,
    referTo: input.referTo,
  });
  const aspiration = await caseFor(deps, input.code, "decline");
  const status = await decide(deps, {
    aspiration,
    event: "decline",
    actor,
    at: deps.now(),
    requestId: deps.requestId,
    closes: "verification",
    publicNote: `${fields.reason}\nSilakan sampaikan kepada: ${fields.referTo}`,
  });
  return { status };
}

/**
 * The agency answers a case it holds: a public reply the reporter and (for a non-secret case) the
 * public read, and an internal note for officials only. Starts the reporter's feedback window.
 */
export async function answerAspiration(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; publicAnswer?: unknown; internalNote?: unknown },
): Promise<{ status: AspirationStatus; feedbackDueAt: string }> {
  const aspiration = await loadCase(deps.db, input.code);
  assertCan(actor, "aspiration.answer", { kind: "aspiration", agencyId: aspiration.agencyId });
  const fields = parseFields<{ publicAnswer: string; internalNote?: string }>(answerFields, {
    publicAnswer: input.publicAnswer,
    internalNote: input.internalNote || undefined,
  });
  if (!statusesAllowing("answer").includes(aspiration.status)) throw notNow(aspiration.status);
  const settings = await loadSettings(deps.db);
  const now = deps.now();
  const feedback = await computeDeadline(deps.db, now, settings["aspiration.autoCloseDays"]);
  const status = await decide(deps, {
    aspiration,
    event: "answer",
    actor,
    at: now,
    requestId: deps.requestId,
    set: { publicAnswer: fields.publicAnswer, answeredAt: now.toISOString() },
    closes: "agency",
    opens: {
      stage: "feedback",
      agencyId: aspiration.agencyId,
      dueAt: feedback.due,
      calendarComplete: feedback.calendarComplete,
    },
    internalNote: fields.internalNote ?? null,
  });
  await noticeAnswered(deps, input.code);
  return { status, feedbackDueAt: feedback.dueWita };
}
