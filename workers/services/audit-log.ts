import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { auditLog } from "../../schema";
import type { Actor } from "../domain/actor";
import { addDays, witaStartOfDay } from "../domain/time";
import { assertCan } from "./authorize";
import type { ServiceDeps } from "./deps";

export interface AuditFilter {
  actorId?: string;
  /** Exact action, or a prefix ending in "." such as "official." */
  action?: string;
  subjectType?: string;
  subjectId?: string;
  /** WITA dates, inclusive. */
  from?: string;
  to?: string;
}

/** The largest page and the largest CSV export. */
export const AUDIT_PAGE_SIZE = 100;
export const AUDIT_EXPORT_MAX = 10_000;

function whereOf(filter: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.actorId) parts.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) {
    parts.push(
      filter.action.endsWith(".") ? like(auditLog.action, `${filter.action}%`) : eq(auditLog.action, filter.action),
    );
  }
  if (filter.subjectType) parts.push(eq(auditLog.subjectType, filter.subjectType));
  if (filter.subjectId) parts.push(eq(auditLog.subjectId, filter.subjectId));
  if (filter.from) parts.push(gte(auditLog.at, witaStartOfDay(filter.from).toISOString()));
  if (filter.to) parts.push(lt(auditLog.at, witaStartOfDay(addDays(filter.to, 1)).toISOString()));
  return parts.length ? and(...parts) : undefined;
}

/**
 * Audit entries matching the filter, newest first, `limit` at a time; `beforeId` pages back.
 * Read-only: nothing in Simpul updates or deletes the log (triggers refuse it too).
 */
export async function queryAuditLog(
  deps: ServiceDeps,
  actor: Actor,
  filter: AuditFilter,
  page: { beforeId?: number; limit?: number } = {},
) {
  assertCan(actor, "audit.read");
  const where = whereOf(filter);
  const limit = Math.min(page.limit ?? AUDIT_PAGE_SIZE, AUDIT_EXPORT_MAX);
  const rows = await deps.db
    .select()
    .from(auditLog)
    .where(page.beforeId ? and(where, lt(auditLog.id, page.beforeId)) : where)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  return { entries: rows.slice(0, limit), nextBeforeId: rows.length > limit ? rows[limit - 1]?.id : undefined };
}

const csvCell = (value: unknown): string => {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  // Quote every cell, and defuse spreadsheet formulas (a cell starting with = + - @).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
};

export const AUDIT_CSV_COLUMNS = [
  "id",
  "at",
  "actor_type",
  "actor_id",
  "action",
  "subject_type",
  "subject_id",
  "request_id",
  "detail",
] as const;

/** The filtered log as CSV (newest first, at most `AUDIT_EXPORT_MAX` rows), one header line. */
export async function exportAuditCsv(deps: ServiceDeps, actor: Actor, filter: AuditFilter): Promise<string> {
  const { entries } = await queryAuditLog(deps, actor, filter, { limit: AUDIT_EXPORT_MAX });
  const lines = [AUDIT_CSV_COLUMNS.join(",")];
  for (const e of entries) {
    lines.push(
      [e.id, e.at, e.actorType, e.actorId, e.action, e.subjectType, e.subjectId, e.requestId, e.detail]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
