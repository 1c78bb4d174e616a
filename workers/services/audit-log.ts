import { and, desc, eq, getTableColumns, gte, inArray, like, lt, type SQL, sql } from "drizzle-orm";
import { type AuditEntry, auditLog, officials, roleGrants } from "../../schema";
import type { Actor } from "../domain/actor";
import { ROLE_LABELS, type Role } from "../domain/roles";
import { addDays, witaStartOfDay } from "../domain/time";
import { assertCan } from "./authorize";
import type { ServiceDeps } from "./deps";

export interface AuditFilter {
  actorId?: string;
  /** Part of an official's name, any case: "siti" finds "Siti Rahma". */
  actorName?: string;
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

/** `LIKE` matches `%` and `_` as wildcards: a name typed with them means the characters themselves. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function whereOf(filter: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.actorId) parts.push(eq(auditLog.actorId, filter.actorId));
  if (filter.actorName) {
    parts.push(eq(auditLog.actorType, "official"));
    parts.push(sql`${officials.name} LIKE ${containing(filter.actorName)} ESCAPE '\\'`);
  }
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

/** An entry with its actor as people know them: an official's name and roles (absent for others). */
export type AuditRow = AuditEntry & { actorName: string | null; actorRoles: string[] };

/** Bound parameters per `IN (…)` list, under D1's 100 per statement. */
const ID_CHUNK = 90;

/** The role names of each official among `ids`, for the log's "Siti (Verifikator Diskominfo)". */
async function roleNamesOf(deps: ServiceDeps, ids: string[]): Promise<Map<string, string[]>> {
  const byOfficial = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const rows = await deps.db
      .selectDistinct({ officialId: roleGrants.officialId, role: roleGrants.role })
      .from(roleGrants)
      .where(inArray(roleGrants.officialId, ids.slice(i, i + ID_CHUNK)));
    for (const r of rows) {
      const list = byOfficial.get(r.officialId) ?? [];
      list.push(ROLE_LABELS[r.role as Role] ?? r.role);
      byOfficial.set(r.officialId, list);
    }
  }
  return byOfficial;
}

/**
 * Audit entries matching the filter, newest first, `limit` at a time; `beforeId` pages back.
 * Each carries its official's current name and roles. Read-only: nothing in Simpul updates or
 * deletes the log (triggers refuse it too).
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
    .select({ ...getTableColumns(auditLog), actorName: officials.name })
    .from(auditLog)
    .leftJoin(officials, and(eq(auditLog.actorType, "official"), eq(officials.id, auditLog.actorId)))
    .where(page.beforeId ? and(where, lt(auditLog.id, page.beforeId)) : where)
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const roles = await roleNamesOf(deps, [...new Set(shown.filter((r) => r.actorName !== null).map((r) => r.actorId))]);
  const entries: AuditRow[] = shown.map((r) => ({ ...r, actorRoles: roles.get(r.actorId) ?? [] }));
  return { entries, nextBeforeId: rows.length > limit ? rows[limit - 1]?.id : undefined };
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
