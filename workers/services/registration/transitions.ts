import { and, eq, is, SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
  type NewRegistration,
  type Registration,
  registrationEvents,
  registrationMembers,
  registrations,
} from "../../../schema";
import type { Db } from "../../db";
import type { Actor } from "../../domain/actor";
import { villageLock } from "../../domain/registration/locks";
import { holdsLocks, type RegistrationEvent, type RegistrationStatus } from "../../domain/registration/status";
import type { Settings } from "../../domain/settings";
import { auditEntry } from "../audit";
import { type GuardedTable, statusGuard } from "../status-guard";

/**
 * The one way a registration's status changes, for the decision services and the flow alike.
 * D1 has no interactive transactions, so "check the status, then write" would race: a verifier
 * approving while the flow expires the registration. Instead every write is one `db.batch()`
 * that starts with a guard statement: it evaluates `json('…')` on a non-JSON text, which SQLite
 * refuses, whenever the registration is no longer in the status (and, when given, the deadline)
 * the writer read. The refusal aborts the whole batch, so the status, the locks, the timeline
 * event and the audit entry land together or not at all, and exactly one of two racing writers
 * wins. `isGuardFailure` tells that refusal from other errors.
 */

const REGISTRATIONS: GuardedTable = {
  table: registrations,
  key: registrations.id,
  status: registrations.status,
  dueAt: registrations.dueAt,
};

/**
 * A batch statement that aborts the batch unless registration `id` is in `status` (and its
 * `due_at` is `dueAt`, when that is given): the shared `statusGuard` on the registrations table.
 */
export const registrationGuard = (db: Db, id: string, status: RegistrationStatus, dueAt?: string | null) =>
  statusGuard(db, REGISTRATIONS, id, status, dueAt);

/** True when a batch failed on a UNIQUE index whose name or column contains `what`. */
export function isUniqueFailure(err: unknown, what: string): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (/UNIQUE constraint failed/i.test(e.message) && e.message.includes(what)) return true;
  }
  return false;
}

export interface TransitionInput {
  registration: Pick<Registration, "id" | "villageCode" | "status">;
  event: RegistrationEvent;
  to: RegistrationStatus;
  actor: Actor;
  at: Date;
  requestId: string;
  settings: Pick<Settings, "kim.onePerVillage" | "kim.onePersonOneKim">;
  /** Shown on the timeline: the rejection reason, the on-behalf note, the revision summary. */
  reason?: string | null;
  /** Structured facts for the timeline (`registration_events.detail`); never personal data. */
  detail?: Record<string, unknown>;
  /**
   * Other columns the transition sets: the next deadline, the registration number, a
   * resubmission's fields. A value may be an SQL expression evaluated by the UPDATE itself.
   */
  set?: { [K in keyof SettableColumns]?: SettableColumns[K] | SQL };
  /** The audit action, e.g. `registration.endorse`; defaults to `registration.${event}`. */
  auditAction?: string;
  /** Facts for the audit entry; an SQL value is evaluated in the batch, after the registration row is written. */
  auditDetail?: Record<string, unknown>;
}

type SettableColumns = Omit<NewRegistration, "id" | "status" | "villageLock" | "createdAt" | "updatedAt">;

/**
 * The audit detail as stored: plain JSON, or `json_set` over it when some values are SQL
 * (read inside the batch, e.g. the registration number the UPDATE before it allocated).
 */
function auditDetailOf(detail: Record<string, unknown>): Record<string, unknown> | SQL {
  const computed = Object.entries(detail).filter((entry): entry is [string, SQL] => is(entry[1], SQL));
  if (computed.length === 0) return detail;
  const plain = Object.fromEntries(Object.entries(detail).filter(([, value]) => !is(value, SQL)));
  const paths = computed.map(([key, value]) => sql`${`$.${key}`}, ${value}`);
  return sql`json_set(${JSON.stringify(plain)}, ${sql.join(paths, sql`, `)})`;
}

/**
 * The statements of one guarded transition, in order: the guard, the release of the members'
 * NIK locks when the registration closes (the lock trigger demands it first), the registration
 * row with its village lock, the timeline event and the audit entry. Run them in one
 * `db.batch()`, optionally followed by statements of the caller's own (e.g. an action link's nonce).
 *
 * @example
 * await db.batch(transitionStatements(db, { registration, event: "endorse", to: "awaiting_verification", … }));
 */
export function transitionStatements(db: Db, input: TransitionInput): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  const { registration, to, at } = input;
  const newVillage = input.set?.villageCode;
  const villageCode = typeof newVillage === "string" ? newVillage : registration.villageCode;
  const closing = !holdsLocks(to);
  const statements: BatchItem<"sqlite">[] = [];
  if (closing) {
    statements.push(
      db
        .update(registrationMembers)
        .set({ nikLock: null })
        .where(eq(registrationMembers.registrationId, registration.id)),
    );
  }
  statements.push(
    db
      .update(registrations)
      .set({
        ...input.set,
        status: to,
        villageLock: villageLock(to, villageCode, input.settings),
        ...(closing ? { dueAt: null } : {}),
        updatedAt: at.toISOString(),
      })
      .where(and(eq(registrations.id, registration.id), eq(registrations.status, registration.status))),
    db.insert(registrationEvents).values({
      registrationId: registration.id,
      at: at.toISOString(),
      kind: input.event,
      actorType: input.actor.type,
      actorId: input.actor.id,
      fromStatus: registration.status,
      toStatus: to,
      reason: input.reason ?? null,
      detail: input.detail ?? null,
    }),
    auditEntry(db, {
      actor: input.actor,
      action: input.auditAction ?? `registration.${input.event}`,
      subject: { type: "registration", id: registration.id },
      requestId: input.requestId,
      at,
      detail: auditDetailOf({ from: registration.status, to, ...input.auditDetail }),
    }),
  );
  return [registrationGuard(db, registration.id, registration.status), ...statements];
}
