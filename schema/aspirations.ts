import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import {
  ASPIRATION_KINDS,
  type AspirationKind,
  DEADLINE_CLASSES,
  DEADLINE_STAGES,
} from "../workers/domain/aspiration/kinds";
import { PRIVACY_MODES } from "../workers/domain/aspiration/privacy";
import {
  ASPIRATION_STATUSES,
  ASPIRATION_TIMELINE_KINDS,
  type AspirationStatus,
} from "../workers/domain/aspiration/status";
import { agencies, categories } from "./agencies";
import { areas } from "./areas";
import { ACTOR_TYPES } from "./audit";

const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * One aspiration, complaint or information request, from intake to its end. The tracking code is
 * the key, the public id and the AspirationFlow instance ID. The reporter's identity and contact
 * sit in their own columns so every read of them is a deliberate, audited select, and retention
 * can blank them in one UPDATE.
 */
export const aspirations = sqliteTable(
  "aspirations",
  {
    /** `ASP-7K3Q-H9TM` */
    code: text("code").primaryKey(),
    kind: text("kind", { enum: ASPIRATION_KINDS }).$type<AspirationKind>().notNull(),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
    villageCode: text("village_code").references(() => areas.code),
    title: text("title").notNull(),
    description: text("description").notNull(),
    privacy: text("privacy", { enum: PRIVACY_MODES }).notNull(),
    reporterName: text("reporter_name"),
    reporterEmail: text("reporter_email"),
    /** +628… */
    reporterPhone: text("reporter_phone"),
    /** The KIM that filed on a citizen's behalf (its registration id), when one did. */
    kimRegistrationId: text("kim_registration_id"),
    /** R2 keys of the photos, in the order sent. */
    photoKeys: text("photo_keys", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status", { enum: ASPIRATION_STATUSES }).$type<AspirationStatus>().notNull(),
    /** The agency the case is with (or was last with); NULL before routing. */
    agencyId: text("agency_id").references(() => agencies.id),
    /** The agency a transfer was asked for, waiting for a verifier's approval. */
    transferRequestedTo: text("transfer_requested_to").references(() => agencies.id),
    deadlineClass: text("deadline_class", { enum: DEADLINE_CLASSES }).notNull().default("standard"),
    /** 'requested' while the agency head has not decided, 'granted' or 'refused' after: asked at most once. */
    extension: text("extension", { enum: ["requested", "granted", "refused"] }),
    /** Deadline of the current stage in UTC, for the queues' sort; NULL in a final status. */
    dueAt: text("due_at"),
    /** The escalation step reached in the current stage: 0 none or warned, 1–3 levels. */
    escalationLevel: integer("escalation_level").notNull().default(0),
    reopenCount: integer("reopen_count").notNull().default(0),
    publicAnswer: text("public_answer"),
    answeredAt: text("answered_at"),
    rating: integer("rating"),
    /** For `rejected` as a duplicate: the original case's code. */
    duplicateOf: text("duplicate_of"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    closedAt: text("closed_at"),
    /** When the retention job removed the reporter's personal data; NULL while it is kept. */
    anonymisedAt: text("anonymised_at"),
  },
  (t) => [
    // The queues, in deadline order: partial indexes over the open cases only, so a page reads its
    // own rows whatever the closed history holds (queries name the statuses literally to use them).
    index("aspirations_agency_open_idx")
      .on(t.agencyId, t.dueAt, t.code)
      .where(sql`${t.status} IN ('routed', 'in_progress')`),
    index("aspirations_open_due_idx").on(t.dueAt, t.code).where(sql`${t.status} IN ('routed', 'in_progress')`),
    index("aspirations_verification_idx").on(t.dueAt, t.code).where(sql`${t.status} IN ('received', 'needs_info')`),
    // The few critical cases (past the last escalation level, unanswered): the daily digest and the queue's mark.
    index("aspirations_critical_idx")
      .on(t.dueAt)
      .where(sql`${t.escalationLevel} >= 3 AND ${t.status} IN ('received', 'routed', 'in_progress')`),
    // The sweeper's walk over cases that should have a running flow, least recently changed first.
    index("aspirations_unfinished_idx")
      .on(t.updatedAt, t.code)
      .where(sql`${t.status} IN ('received', 'needs_info', 'routed', 'in_progress', 'answered')`),
    // The public list of answers, latest first (the rowid, implied at the end, breaks ties).
    index("aspirations_public_answers_idx")
      .on(t.answeredAt)
      .where(sql`${t.privacy} IN ('anonim', 'publik') AND ${t.answeredAt} IS NOT NULL`),
    index("aspirations_created_idx").on(t.createdAt),
    // Monthly statistics: cases open at a month's end are those not closed (NULL) or closed after
    // it, two ranges of this index, so the count reads the backlog, not every case ever filed.
    index("aspirations_closed_idx").on(t.closedAt, t.createdAt),
    // The retention job's work list: ended cases still holding personal data, oldest first.
    index("aspirations_retention_idx")
      .on(t.closedAt)
      .where(sql`${t.closedAt} IS NOT NULL AND ${t.anonymisedAt} IS NULL`),
    // Monthly statistics: aspirations each KIM forwarded in the month (the quality rubric).
    // The data-subject export finds a reporter's cases by their address.
    index("aspirations_reporter_email_idx").on(t.reporterEmail).where(sql`${t.reporterEmail} IS NOT NULL`),
    index("aspirations_kim_idx").on(t.kimRegistrationId, t.createdAt).where(sql`${t.kimRegistrationId} IS NOT NULL`),
    // Only the few cases waiting for a verifier's transfer decision: the index stays tiny.
    index("aspirations_transfer_idx").on(t.transferRequestedTo).where(sql`${t.transferRequestedTo} IS NOT NULL`),
    check("aspirations_status_check", sql`${t.status} IN (${sqlList(ASPIRATION_STATUSES)})`),
    check("aspirations_rating_check", sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
  ],
);

/**
 * The timeline of a case, one row per thing that happened, written in the same batch as the
 * change. `publicNote` may be shown on the tracking page; `internalNote` only to officials.
 * Holds no personal data of the reporter.
 */
export const aspirationEvents = sqliteTable(
  "aspiration_events",
  {
    // A rowid key without AUTOINCREMENT: no sqlite_sequence read on every insert (D1 bills rows read).
    id: integer("id").primaryKey(),
    code: text("code")
      .notNull()
      .references(() => aspirations.code, { onDelete: "cascade" }),
    at: text("at").notNull(),
    kind: text("kind", { enum: ASPIRATION_TIMELINE_KINDS }).notNull(),
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    actorId: text("actor_id").notNull(),
    fromStatus: text("from_status", { enum: ASPIRATION_STATUSES }),
    toStatus: text("to_status", { enum: ASPIRATION_STATUSES }),
    agencyId: text("agency_id"),
    publicNote: text("public_note"),
    internalNote: text("internal_note"),
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("aspiration_events_code_idx").on(t.code, t.at),
    // One month's events, for the monthly statistics.
    index("aspiration_events_at_idx").on(t.at),
  ],
);

/**
 * One row per deadline a case was given: which stage, which agency was accountable, when it was
 * due, when it was met, whether it was breached and how far it climbed. A transfer or reopen
 * opens a new row and leaves the old one, so the statistics count a miss against the agency
 * that missed it.
 */
export const aspirationDeadlines = sqliteTable(
  "aspiration_deadlines",
  {
    // A rowid key without AUTOINCREMENT: no sqlite_sequence read on every insert (D1 bills rows read).
    id: integer("id").primaryKey(),
    code: text("code")
      .notNull()
      .references(() => aspirations.code, { onDelete: "cascade" }),
    stage: text("stage", { enum: DEADLINE_STAGES }).notNull(),
    /** 0 for the first time a stage runs; reopens and transfers count up. */
    round: integer("round").notNull(),
    agencyId: text("agency_id"),
    startedAt: text("started_at").notNull(),
    dueAt: text("due_at").notNull(),
    calendarComplete: integer("calendar_complete", { mode: "boolean" }).notNull().default(true),
    metAt: text("met_at"),
    breached: integer("breached", { mode: "boolean" }).notNull().default(false),
    escalationLevel: integer("escalation_level").notNull().default(0),
  },
  (t) => [
    index("aspiration_deadlines_code_idx").on(t.code, t.stage, t.round),
    index("aspiration_deadlines_due_idx").on(t.dueAt),
    index("aspiration_deadlines_agency_idx").on(t.agencyId, t.startedAt),
  ],
);

/**
 * The word index for finding likely duplicates: one row per distinct word of a case's title and
 * description. A plain table, not FTS5, so `wrangler d1 export` still takes a whole copy of the
 * database (workers-sdk issues 6305 and 9519); see `domain/aspiration/words.ts`.
 */
export const aspirationWords = sqliteTable(
  "aspiration_words",
  {
    word: text("word").notNull(),
    code: text("code")
      .notNull()
      .references(() => aspirations.code, { onDelete: "cascade" }),
    /** 2 when the word is in the title, 1 when only in the description. */
    weight: integer("weight").notNull(),
  },
  (t) => [index("aspiration_words_word_idx").on(t.word, t.code), index("aspiration_words_code_idx").on(t.code)],
);

export type Aspiration = typeof aspirations.$inferSelect;
export type NewAspiration = typeof aspirations.$inferInsert;
export type AspirationEventRow = typeof aspirationEvents.$inferSelect;
export type AspirationDeadline = typeof aspirationDeadlines.$inferSelect;
