import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  type Aspiration,
  agencies,
  areas,
  aspirationDeadlines,
  aspirationEvents,
  aspirations,
  categories,
} from "../../../schema";
import type { Db } from "../../db";
import type { Actor } from "../../domain/actor";
import { ASPIRATION_KIND_LABELS, type AspirationKind } from "../../domain/aspiration/kinds";
import { type Audience, type PrivacyMode, type Reporter, reporterShownTo } from "../../domain/aspiration/privacy";
import {
  AGENCY_STATUSES,
  ASPIRATION_STATUS_LABELS,
  type AspirationStatus,
  type AspirationTimelineKind,
  VERIFICATION_STATUSES,
} from "../../domain/aspiration/status";
import { actionScope, can } from "../../domain/policy";
import { formatWitaHuman } from "../../domain/time";
import { notFound } from "../../errors";
import { assertCan, forbidden } from "../authorize";
import type { ServiceDeps } from "../deps";
import { recordPersonalDataRead } from "../personal-data";
import { type SimilarCase, similarCases } from "./similar";
import { TIMELINE_LABELS } from "./tracking";

/** Rows per queue page. */
export const QUEUE_PAGE_SIZE = 50;

export interface QueueItem {
  code: string;
  title: string;
  kindLabel: string;
  category: string;
  agency: string | null;
  status: AspirationStatus;
  statusLabel: string;
  dueAt: string | null;
  dueAtLabel: string | null;
  overdue: boolean;
  escalationLevel: number;
}

export interface QueuePage {
  items: QueueItem[];
  /** Pass as `after` for the next page; undefined on the last. */
  next: string | undefined;
}

/** A keyset cursor: the last row's deadline and code, so a page costs the same wherever it starts. */
const encodeCursor = (row: { dueAt: string | null; code: string }) => `${row.dueAt ?? ""}~${row.code}`;
function decodeCursor(after: string | undefined): { dueAt: string; code: string } | undefined {
  if (!after || after.length > 80) return undefined;
  const [dueAt, code] = after.split("~");
  return dueAt !== undefined && code ? { dueAt, code } : undefined;
}

/**
 * A status filter written as literal values, not bound parameters: SQLite uses a partial index only
 * when the query's condition matches the index's own (`schema/aspirations.ts`), and it cannot see
 * through a parameter. The lists are constants of the domain, never input.
 */
export const statusIn = (statuses: readonly AspirationStatus[]) =>
  sql`${aspirations.status} IN (${sql.raw(statuses.map((s) => `'${s}'`).join(", "))})`;

/**
 * One page of cases, nearest deadline first. The case rows come from a partial index in deadline
 * order (a keyset page costs the same wherever it starts); the category and agency names are read
 * once each for the page, not once per row.
 */
async function queuePage(db: Db, where: SQL, after: string | undefined, now: Date): Promise<QueuePage> {
  const cursor = decodeCursor(after);
  const rows = await db
    .select({
      code: aspirations.code,
      title: aspirations.title,
      kind: aspirations.kind,
      categoryId: aspirations.categoryId,
      agencyId: aspirations.agencyId,
      status: aspirations.status,
      dueAt: aspirations.dueAt,
      escalationLevel: aspirations.escalationLevel,
    })
    .from(aspirations)
    .where(
      and(
        where,
        cursor ? sql`(${aspirations.dueAt}, ${aspirations.code}) > (${cursor.dueAt}, ${cursor.code})` : undefined,
      ),
    )
    .orderBy(asc(aspirations.dueAt), asc(aspirations.code))
    .limit(QUEUE_PAGE_SIZE + 1);
  const page = rows.slice(0, QUEUE_PAGE_SIZE);
  const names = await namesOf(db, page);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      code: r.code,
      title: r.title,
      kindLabel: ASPIRATION_KIND_LABELS[r.kind as AspirationKind],
      category: names.categories.get(r.categoryId) ?? "-",
      agency: r.agencyId ? (names.agencies.get(r.agencyId) ?? null) : null,
      status: r.status,
      statusLabel: ASPIRATION_STATUS_LABELS[r.status],
      dueAt: r.dueAt,
      dueAtLabel: r.dueAt ? formatWitaHuman(new Date(r.dueAt)) : null,
      overdue: r.dueAt !== null && Date.parse(r.dueAt) < now.getTime(),
      escalationLevel: r.escalationLevel,
    })),
    next: rows.length > QUEUE_PAGE_SIZE && last ? encodeCursor(last) : undefined,
  };
}

/** The names of the categories and agencies a page mentions, in one round trip. */
async function namesOf(db: Db, rows: { categoryId: string; agencyId: string | null }[]) {
  const categoryIds = [...new Set(rows.map((r) => r.categoryId))];
  const agencyIds = [...new Set(rows.flatMap((r) => (r.agencyId ? [r.agencyId] : [])))];
  if (rows.length === 0) return { categories: new Map<string, string>(), agencies: new Map<string, string>() };
  const [foundCategories, foundAgencies] = await db.batch([
    db.select({ id: categories.id, name: categories.name }).from(categories).where(inArray(categories.id, categoryIds)),
    db
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(inArray(agencies.id, agencyIds.length > 0 ? agencyIds : [""])),
  ]);
  return {
    categories: new Map(foundCategories.map((c) => [c.id, c.name])),
    agencies: new Map(foundAgencies.map((a) => [a.id, a.name])),
  };
}

/**
 * Diskominfo's queue: cases waiting for verification or for the reporter's reply, the nearest
 * deadline first, overdue and escalated ones marked.
 */
export async function verificationQueue(deps: ServiceDeps, actor: Actor, after?: string): Promise<QueuePage> {
  assertCan(actor, "aspiration.verify", { kind: "aspiration", agencyId: null });
  return queuePage(deps.db, statusIn(VERIFICATION_STATUSES), after, deps.now());
}

/**
 * An agency's queue: the cases it holds, the nearest deadline first. An agency's officers see
 * their own agency; verifiers and administrators name any, or see every agency's cases at once.
 */
export async function agencyQueue(
  deps: ServiceDeps,
  actor: Actor,
  input: { agencyId?: string | undefined; after?: string | undefined },
): Promise<QueuePage & { agencyId: string | null }> {
  const scope = actionScope(actor, "aspiration.read");
  const agencyId = input.agencyId ?? (scope.all ? null : scope.agencyIds[0]);
  if (agencyId === undefined) throw forbidden();
  if (agencyId !== null) assertCan(actor, "aspiration.read", { kind: "aspiration", agencyId });
  const held = statusIn(AGENCY_STATUSES);
  const page = await queuePage(
    deps.db,
    agencyId === null ? held : (and(eq(aspirations.agencyId, agencyId), held) as SQL),
    input.after,
    deps.now(),
  );
  return { ...page, agencyId };
}

export interface AspirationCase {
  code: string;
  kindLabel: string;
  category: string;
  village: string | null;
  title: string;
  description: string;
  privacy: PrivacyMode;
  /** Only what this official may see of the reporter (`reporterShownTo`). */
  reporter: Reporter;
  status: AspirationStatus;
  statusLabel: string;
  agencyId: string | null;
  agency: string | null;
  /** The agency the category routes to: the verifier's suggestion. */
  suggestedAgencyId: string;
  dueAt: string | null;
  dueAtLabel: string | null;
  publicAnswer: string | null;
  duplicateOf: string | null;
  /** The agency the case's agency asked to hand it to, waiting for a verifier. */
  transferRequestedTo: string | null;
  /** Whether the agency asked for more time, and what its head decided. */
  extension: Aspiration["extension"];
  deadlineClass: Aspiration["deadlineClass"];
  reopenCount: number;
  /** Open or recent cases that look like this one: for verifiers only, empty for an agency. */
  similar: SimilarCase[];
  deadlines: {
    stage: string;
    agencyId: string | null;
    dueAtLabel: string;
    metAtLabel: string | null;
    breached: boolean;
    escalationLevel: number;
  }[];
  timeline: {
    kind: AspirationTimelineKind;
    label: string;
    atLabel: string;
    publicNote: string | null;
    internalNote: string | null;
  }[];
}

/** Who the actor is to this case: a verifier (sees the reporter) or an agency (never does). */
function audienceOf(actor: Actor, row: Pick<Aspiration, "agencyId">): Audience {
  if (can(actor, "aspiration.reporter.read", { kind: "aspiration", agencyId: row.agencyId })) return "verifier";
  if (can(actor, "aspiration.read", { kind: "aspiration", agencyId: row.agencyId })) return "agency";
  throw forbidden();
}

/**
 * A case as an official sees it: the whole report, timeline with internal notes, deadlines, and
 * the reporter only for verifiers. A verifier's view of a reporter's identity is recorded as a
 * personal-data read.
 */
export async function getAspirationCase(deps: ServiceDeps, actor: Actor, code: string): Promise<AspirationCase> {
  const db = deps.db;
  const village = alias(areas, "village");
  const [found, deadlines, events] = await db.batch([
    db
      .select({
        row: aspirations,
        category: sql<string>`${categories.name}`.as("category_name"),
        categoryAgencyId: sql<string>`${categories.agencyId}`.as("category_agency_id"),
        village: sql<string | null>`${village.name}`.as("village_name"),
        agency: sql<string | null>`${agencies.name}`.as("agency_name"),
      })
      .from(aspirations)
      .innerJoin(categories, eq(categories.id, aspirations.categoryId))
      .leftJoin(village, eq(village.code, aspirations.villageCode))
      .leftJoin(agencies, eq(agencies.id, aspirations.agencyId))
      .where(eq(aspirations.code, code)),
    db
      .select()
      .from(aspirationDeadlines)
      .where(eq(aspirationDeadlines.code, code))
      .orderBy(asc(aspirationDeadlines.id)),
    db
      .select()
      .from(aspirationEvents)
      .where(eq(aspirationEvents.code, code))
      .orderBy(asc(aspirationEvents.at), asc(aspirationEvents.id)),
  ]);
  const hit = found[0];
  // Only someone who may read every case learns that a code does not exist.
  if (!hit) throw can(actor, "aspiration.verify", { kind: "aspiration", agencyId: null }) ? notFound() : forbidden();
  const r = hit.row;
  const audience = audienceOf(actor, r);
  const reporter = reporterShownTo(audience, r.privacy, {
    name: r.reporterName,
    email: r.reporterEmail,
    phone: r.reporterPhone,
  });
  if (audience === "verifier" && (reporter.name || reporter.email || reporter.phone)) {
    await recordPersonalDataRead(deps, actor, { type: "aspiration", id: code }, { view: "case" });
  }
  return {
    code: r.code,
    kindLabel: ASPIRATION_KIND_LABELS[r.kind],
    category: hit.category,
    village: hit.village,
    title: r.title,
    description: r.description,
    privacy: r.privacy,
    reporter,
    status: r.status,
    statusLabel: ASPIRATION_STATUS_LABELS[r.status],
    agencyId: r.agencyId,
    agency: hit.agency,
    suggestedAgencyId: hit.categoryAgencyId,
    dueAt: r.dueAt,
    dueAtLabel: r.dueAt ? formatWitaHuman(new Date(r.dueAt)) : null,
    publicAnswer: r.publicAnswer,
    duplicateOf: r.duplicateOf,
    transferRequestedTo: r.transferRequestedTo,
    extension: r.extension,
    deadlineClass: r.deadlineClass,
    reopenCount: r.reopenCount,
    similar: audience === "verifier" ? await similarCases(db, code, deps.now()) : [],
    deadlines: deadlines.map((d) => ({
      stage: d.stage,
      agencyId: d.agencyId,
      dueAtLabel: formatWitaHuman(new Date(d.dueAt)),
      metAtLabel: d.metAt ? formatWitaHuman(new Date(d.metAt)) : null,
      breached: d.breached,
      escalationLevel: d.escalationLevel,
    })),
    timeline: events.map((e) => ({
      kind: e.kind,
      label: TIMELINE_LABELS[e.kind],
      atLabel: formatWitaHuman(new Date(e.at)),
      publicNote: e.publicNote,
      internalNote: e.internalNote,
    })),
  };
}
