import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { GENDERS } from "../workers/domain/nik";
import { MEMBER_ROLES, type SocialPlatform } from "../workers/domain/registration/input";
import { OCCUPATION_CODES } from "../workers/domain/registration/occupations";
import {
  LOCK_HOLDING_STATUSES,
  REGISTRATION_EVENTS,
  REGISTRATION_STATUSES,
  type RegistrationStatus,
} from "../workers/domain/registration/status";
import { areas } from "./areas";
import { ACTOR_TYPES } from "./audit";

/** SQL list literal of known constants, e.g. `'a', 'b'`, for CHECK constraints. */
const sqlList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export const DECREE_SCAN_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;

/**
 * One application to register a KIM, from submission to its end. An approved registration IS the
 * active KIM (it carries the registration number), so there is no separate registry: the
 * one-per-village rule must cover pending and active KIMs in one UNIQUE index, which only works
 * within one table. Active KIMs are `status = 'approved'`.
 *
 * `village_lock` is the village code while the one-KIM-per-village rule applies and the status
 * holds the village, else NULL (see `workers/domain/registration/locks.ts`); its UNIQUE index is
 * what makes D1 refuse a second application for a village. A CHECK keeps it honest.
 */
export const registrations = sqliteTable(
  "registrations",
  {
    /** `REG-` and 10 random Crockford base32 characters; also the RegistrationFlow instance ID. */
    id: text("id").primaryKey(),
    villageCode: text("village_code")
      .notNull()
      .references(() => areas.code),
    kimName: text("kim_name").notNull(),
    secretariatAddress: text("secretariat_address").notNull(),
    contactEmail: text("contact_email").notNull(),
    /** +628… */
    contactPhone: text("contact_phone").notNull(),
    /** YYYY-MM-DD */
    foundedOn: text("founded_on").notNull(),
    decreeNumber: text("decree_number").notNull(),
    /** YYYY-MM-DD */
    decreeDate: text("decree_date").notNull(),
    decreeIssuer: text("decree_issuer").notNull(),
    /** R2 key in `FILES` of the decree scan; the three scan columns are all set or all NULL. */
    decreeScanKey: text("decree_scan_key"),
    decreeScanType: text("decree_scan_type", { enum: DECREE_SCAN_TYPES }),
    decreeScanSize: integer("decree_scan_size"),
    website: text("website"),
    socials: text("socials", { mode: "json" }).$type<{ platform: SocialPlatform; url: string }[]>().notNull(),
    /** Names of the community groups the KIM works with. */
    communityGroups: text("community_groups", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status", { enum: REGISTRATION_STATUSES }).$type<RegistrationStatus>().notNull(),
    /** Deadline of the current stage in UTC (ISO 8601); NULL once the registration is approved or closed. */
    dueAt: text("due_at"),
    /** False when `due_at` was counted across a year whose holiday decree was not loaded. */
    calendarComplete: integer("calendar_complete", { mode: "boolean" }).notNull().default(true),
    /** `KIM-6403042001-001`, set at approval and never changed (`workers/domain/registration/number.ts`). */
    registrationNumber: text("registration_number"),
    approvedAt: text("approved_at"),
    villageLock: text("village_lock"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("registrations_village_lock_idx").on(t.villageLock),
    uniqueIndex("registrations_number_idx").on(t.registrationNumber),
    index("registrations_village_idx").on(t.villageCode, t.status),
    // The data-subject export finds an applicant's registrations by their address.
    index("registrations_contact_email_idx").on(t.contactEmail),
    index("registrations_status_due_idx").on(t.status, t.dueAt),
    check("registrations_status_check", sql`${t.status} IN (${sqlList(REGISTRATION_STATUSES)})`),
    check(
      "registrations_village_lock_check",
      sql`${t.villageLock} IS NULL OR (${t.villageLock} = ${t.villageCode} AND ${t.status} IN (${sqlList(LOCK_HOLDING_STATUSES)}))`,
    ),
    check("registrations_number_check", sql`(${t.registrationNumber} IS NOT NULL) = (${t.status} = 'approved')`),
    check(
      "registrations_scan_check",
      sql`(${t.decreeScanKey} IS NULL) = (${t.decreeScanType} IS NULL) AND (${t.decreeScanKey} IS NULL) = (${t.decreeScanSize} IS NULL)`,
    ),
  ],
);

/**
 * The people of a registration (and so of an active KIM), in form order (`position` from 0, the
 * index in `members[i]`). The NIK exists only as `nik_hash` (HMAC with `config.hashKey`) and
 * `nik_last4`; of the birth date only the year and the adult fact are kept, so no row holds the
 * NIK's date digits. `nik_lock` is the hash while the one-person-one-KIM rule applies and the
 * registration holds its people, else NULL; its UNIQUE index keeps a person in one pending or
 * active KIM. A trigger refuses to close a registration while its members still hold locks.
 */
export const registrationMembers = sqliteTable(
  "registration_members",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    registrationId: text("registration_id")
      .notNull()
      .references(() => registrations.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    fullName: text("full_name").notNull(),
    nikHash: text("nik_hash").notNull(),
    nikLast4: text("nik_last4").notNull(),
    gender: text("gender", { enum: GENDERS }).notNull(),
    /**
     * The year of birth, for age groups. The whole birth date is never stored: with the gender,
     * `nik_last4` and the KIM's kecamatan it would give the whole NIK back. NULL once anonymised.
     */
    birthYear: integer("birth_year"),
    /**
     * Whether the person was 18 or older on the WITA day their data was submitted
     * (`declaration_accepted_at`), checked against the birth date the form carried then.
     */
    adultAtSubmission: integer("adult_at_submission", { mode: "boolean" }).notNull(),
    /** +628… */
    phone: text("phone").notNull(),
    role: text("role", { enum: MEMBER_ROLES }).notNull(),
    /** The section a `kepala_seksi` heads; NULL for every other role. */
    sectionName: text("section_name"),
    occupation: text("occupation", { enum: OCCUPATION_CODES }).notNull(),
    declarationAcceptedAt: text("declaration_accepted_at").notNull(),
    nikLock: text("nik_lock"),
  },
  (t) => [
    uniqueIndex("registration_members_position_idx").on(t.registrationId, t.position),
    uniqueIndex("registration_members_nik_lock_idx").on(t.nikLock),
    index("registration_members_nik_hash_idx").on(t.nikHash),
    // A KIM's members, for the monthly statistics.
    index("registration_members_registration_idx").on(t.registrationId),
    check("registration_members_nik_lock_check", sql`${t.nikLock} IS NULL OR ${t.nikLock} = ${t.nikHash}`),
    check("registration_members_section_check", sql`(${t.role} = 'kepala_seksi') = (${t.sectionName} IS NOT NULL)`),
    check("registration_members_role_check", sql`${t.role} IN (${sqlList(MEMBER_ROLES)})`),
    check("registration_members_gender_check", sql`${t.gender} IN (${sqlList(GENDERS)})`),
  ],
);

/**
 * What the timeline shows besides status changes: the submission, reminders, escalations,
 * changes of an active KIM's member list and the removal of personal data at the end of the
 * retention period. Status changes use the state machine's event names.
 */
export const REGISTRATION_EVENT_KINDS = [
  "submit",
  ...REGISTRATION_EVENTS,
  "remind",
  "escalate",
  "members_change",
  "anonymise",
] as const;
export type RegistrationEventKind = (typeof REGISTRATION_EVENT_KINDS)[number];

/**
 * The timeline of a registration, one row per thing that happened, written in the same batch as
 * the change it records. Public pages show `kind`, `at` and the statuses; `reason` and `note` are
 * for the applicant and officials. Holds no personal data.
 */
export const registrationEvents = sqliteTable(
  "registration_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    registrationId: text("registration_id")
      .notNull()
      .references(() => registrations.id, { onDelete: "cascade" }),
    at: text("at").notNull(),
    kind: text("kind", { enum: REGISTRATION_EVENT_KINDS }).notNull(),
    actorType: text("actor_type", { enum: ACTOR_TYPES }).notNull(),
    actorId: text("actor_id").notNull(),
    fromStatus: text("from_status", { enum: REGISTRATION_STATUSES }),
    toStatus: text("to_status", { enum: REGISTRATION_STATUSES }),
    /** Why: required for reject, the on-behalf endorsement note, the revision summary. */
    reason: text("reason"),
    /**
     * Structured facts: `{ fields: [{ path, reason }] }` for revise, `{ level }` for escalate,
     * `{ onBehalfOf: "village_head" }` for an endorsement a verifier recorded.
     */
    detail: text("detail", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("registration_events_registration_idx").on(t.registrationId, t.at),
    // One month's events, for the monthly statistics.
    index("registration_events_at_idx").on(t.at),
  ],
);

export type Registration = typeof registrations.$inferSelect;
export type NewRegistration = typeof registrations.$inferInsert;
export type RegistrationMember = typeof registrationMembers.$inferSelect;
export type NewRegistrationMember = typeof registrationMembers.$inferInsert;
export type RegistrationEventRow = typeof registrationEvents.$inferSelect;
