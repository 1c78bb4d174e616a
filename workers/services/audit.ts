import type { SQL } from "drizzle-orm";
import { auditLog, type NewAuditEntry } from "../../schema";
import type { Db } from "../db";
import type { Actor } from "../domain/actor";

export interface AuditInput {
  actor: Actor;
  /** Dotted verb, e.g. `registration.endorse`, `personal_data.read`, `mail.resend`. */
  action: string;
  subject: { type: string; id: string };
  requestId: string;
  at: Date;
  /**
   * Ids, counts and reasons only: never personal data. An SQL expression yielding JSON when part
   * of it is only known inside the batch (the number an approval's UPDATE just allocated).
   */
  detail?: Record<string, unknown> | SQL;
}

/**
 * The one audit-log writer. Returns the insert statement unexecuted so callers can put it in the
 * same `db.batch()` as the change it records: both land, or neither.
 *
 * @example
 * await db.batch([db.update(...), auditEntry(db, { actor, action: "calendar.edit", subject, requestId, at })]);
 */
export function auditEntry(db: Db, input: AuditInput) {
  return db.insert(auditLog).values({ ...auditRow({ ...input, detail: undefined }), detail: input.detail ?? null });
}

/** The audit-log row of `input`, for `insertRows` in a batch that names only the columns it sets. */
export function auditRow(
  input: Omit<AuditInput, "detail"> & { detail?: Record<string, unknown> | undefined },
): NewAuditEntry {
  return {
    at: input.at.toISOString(),
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: input.action,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
    requestId: input.requestId,
    detail: input.detail ?? null,
  };
}
