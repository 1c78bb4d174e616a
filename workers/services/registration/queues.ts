import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  areas,
  officials,
  type Registration,
  type RegistrationEventKind,
  registrationEvents,
  registrationMembers,
  registrations,
} from "../../../schema";
import type { Actor } from "../../domain/actor";
import { displayNikLast4, maskEmail, maskPhone } from "../../domain/mask";
import { actionScope, can, canOnAll } from "../../domain/policy";
import { lateness, latenessLabel } from "../../domain/registration/deadlines";
import { MEMBER_ROLE_LABELS, type MemberRole } from "../../domain/registration/input";
import { OCCUPATIONS } from "../../domain/registration/occupations";
import { REGISTRATION_STATUS_LABELS, type RegistrationStatus } from "../../domain/registration/status";
import { formatWitaHuman, witaDate } from "../../domain/time";
import { notFound } from "../../errors";
import { forbidden } from "../authorize";
import { loadHolidayCalendar } from "../calendar";
import type { ServiceDeps } from "../deps";
import { recordPersonalDataRead } from "../personal-data";

/**
 * What officials read about registrations: the work queues of the two stages that wait for them
 * and the detail view of one registration. Lists carry no personal data; the detail view shows
 * the members with their NIK as its last four digits and, to roles without
 * `registration.contact.read`, phones and addresses masked. Every detail view is recorded as a
 * personal-data read.
 */

export type QueueStage = "endorsement" | "verification";

const STAGE_STATUS: Record<QueueStage, RegistrationStatus> = {
  endorsement: "awaiting_endorsement",
  verification: "awaiting_verification",
};

/** Which policy action decides who sees a queue: verifiers may record endorsements, so they see that queue too. */
const STAGE_ACTION = { endorsement: "registration.read", verification: "registration.verify" } as const;

export interface Deadline {
  /** ISO 8601 in UTC. */
  dueAt: string;
  /** "27 Maret 2026, 23.59 WITA" */
  label: string;
  overdue: boolean;
  /** "3 hari kerja terlambat", "lewat tenggat", or null when on time. */
  lateLabel: string | null;
  /** False when counted over a year whose holidays are not loaded: the date may move. */
  calendarComplete: boolean;
}

export interface QueueItem {
  id: string;
  kimName: string;
  villageName: string;
  districtName: string;
  status: RegistrationStatus;
  deadline: Deadline | null;
  /** The escalation level reached in the current round, 0 when none. */
  escalationLevel: number;
  submittedAt: string;
}

/** True when the actor may see at least one registration of `stage`'s queue. */
export function mayReadQueue(actor: Actor | undefined, stage: QueueStage): boolean {
  const scope = actionScope(actor, STAGE_ACTION[stage]);
  return scope.all || scope.villageCodes.length > 0;
}

const district = alias(areas, "district");

/** Statuses entering which starts a new round, so escalations of earlier rounds are not counted. */
const ENTERING: RegistrationEventKind[] = ["submit", "endorse", "resubmit", "revise"];

async function escalationLevels(deps: ServiceDeps, ids: string[]): Promise<Map<string, number>> {
  const levels = new Map<string, number>();
  if (ids.length === 0) return levels;
  const events = await deps.db
    .select({
      registrationId: registrationEvents.registrationId,
      kind: registrationEvents.kind,
      detail: registrationEvents.detail,
    })
    .from(registrationEvents)
    .where(
      and(
        sql`${registrationEvents.registrationId} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
        inArray(registrationEvents.kind, [...ENTERING, "escalate"]),
      ),
    )
    .orderBy(asc(registrationEvents.id));
  for (const e of events) {
    if (e.kind === "escalate") {
      const level = typeof e.detail?.level === "number" ? e.detail.level : 1;
      levels.set(e.registrationId, Math.max(levels.get(e.registrationId) ?? 0, level));
    } else {
      levels.set(e.registrationId, 0);
    }
  }
  return levels;
}

/** Deadlines for display at `now`, reading the holidays once for all of them. */
async function deadlines(
  deps: ServiceDeps,
  rows: readonly Pick<Registration, "id" | "dueAt" | "calendarComplete">[],
  now: Date,
): Promise<Map<string, Deadline>> {
  const dated = rows.filter((r): r is typeof r & { dueAt: string } => r.dueAt !== null);
  const out = new Map<string, Deadline>();
  if (dated.length === 0) return out;
  // Holidays from the earliest deadline (or today, when none has passed) up to today.
  const earliest = Math.min(now.getTime(), ...dated.map((r) => Date.parse(r.dueAt)));
  const calendar = await loadHolidayCalendar(deps.db, witaDate(new Date(earliest)), witaDate(now));
  for (const r of dated) {
    const due = new Date(r.dueAt);
    const late = lateness(due, now, calendar);
    out.set(r.id, {
      dueAt: r.dueAt,
      label: formatWitaHuman(due),
      overdue: late.overdue,
      lateLabel: latenessLabel(late) ?? null,
      calendarComplete: r.calendarComplete && late.calendarComplete,
    });
  }
  return out;
}

/**
 * The registrations waiting in `stage` that the actor may act on, the nearest deadline first
 * (overdue ones at the top), each with its deadline and how late it is. Village heads see their
 * own villages' endorsement queue only.
 *
 * @example
 * await listWorkQueue(deps, verifier, "verification")
 * // [{ id, kimName, villageName, deadline: { label: "27 Maret 2026, 23.59 WITA", lateLabel: "3 hari kerja terlambat", … } }]
 */
export async function listWorkQueue(deps: ServiceDeps, actor: Actor, stage: QueueStage): Promise<QueueItem[]> {
  const scope = actionScope(actor, STAGE_ACTION[stage]);
  if (!scope.all && scope.villageCodes.length === 0) throw forbidden();
  const conditions: SQL[] = [eq(registrations.status, STAGE_STATUS[stage])];
  if (!scope.all) conditions.push(inArray(registrations.villageCode, scope.villageCodes));
  const rows = await deps.db
    .select({
      id: registrations.id,
      kimName: registrations.kimName,
      status: registrations.status,
      dueAt: registrations.dueAt,
      calendarComplete: registrations.calendarComplete,
      createdAt: registrations.createdAt,
      villageName: areas.name,
      districtName: district.name,
    })
    .from(registrations)
    .innerJoin(areas, eq(areas.code, registrations.villageCode))
    .innerJoin(district, eq(district.code, areas.parentCode))
    .where(and(...conditions))
    .orderBy(sql`${registrations.dueAt} IS NULL`, asc(registrations.dueAt), asc(registrations.createdAt))
    .limit(500);
  const now = deps.now();
  const [dues, levels] = await Promise.all([
    deadlines(deps, rows, now),
    escalationLevels(
      deps,
      rows.map((r) => r.id),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    kimName: r.kimName,
    villageName: r.villageName,
    districtName: r.districtName,
    status: r.status,
    deadline: dues.get(r.id) ?? null,
    escalationLevel: levels.get(r.id) ?? 0,
    submittedAt: formatWitaHuman(new Date(r.createdAt)),
  }));
}

export interface MemberView {
  position: number;
  fullName: string;
  /** "••••••••••••0001": the last four digits are shown only because no birth date is (README, "NIK on screen"). */
  nik: string;
  gender: "L" | "P";
  /** The year only; NULL once anonymised. */
  birthYear: number | null;
  phone: string;
  role: MemberRole;
  roleLabel: string;
  occupation: string;
}

export interface TimelineEntry {
  kind: RegistrationEventKind;
  at: string;
  atLabel: string;
  actor: string;
  fromStatus: RegistrationStatus | null;
  toStatus: RegistrationStatus | null;
  reason: string | null;
  detail: Record<string, unknown> | null;
}

export interface RegistrationDetail {
  registration: Registration & { contactEmailShown: string; contactPhoneShown: string };
  statusLabel: string;
  villageName: string;
  districtName: string;
  deadline: Deadline | null;
  members: MemberView[];
  timeline: TimelineEntry[];
  /** What this actor may do now, for the forms the page shows. */
  can: { endorse: boolean; endorseOnBehalf: boolean; verify: boolean };
}

const ACTOR_LABELS: Record<string, string> = {
  public: "Pemohon",
  system: "Sistem (tenggat otomatis)",
  schedule: "Jadwal otomatis",
};

/** The village of a registration, for `authorize()` loaders: undefined when the id is unknown. */
export async function registrationResource(
  deps: Pick<ServiceDeps, "db">,
  id: string,
): Promise<{ kind: "registration"; villageCode: string } | undefined> {
  const row = await deps.db
    .select({ villageCode: registrations.villageCode })
    .from(registrations)
    .where(eq(registrations.id, id))
    .get();
  return row ? { kind: "registration", villageCode: row.villageCode } : undefined;
}

/**
 * One registration for the detail view: its fields, members (NIK as last four digits; phones
 * and e-mail addresses whole only for `registration.contact.read`), timeline with actors and
 * reasons, deadline, and the actions the actor may take. Records the personal-data read.
 */
export async function getRegistrationDetail(deps: ServiceDeps, actor: Actor, id: string): Promise<RegistrationDetail> {
  const [found, members, events] = await deps.db.batch([
    deps.db
      // Aliased: inside db.batch drizzle maps result rows by column name, and both names are "name".
      .select({
        registration: registrations,
        villageName: sql<string>`${areas.name}`.as("village_name"),
        districtName: sql<string>`${district.name}`.as("district_name"),
      })
      .from(registrations)
      .innerJoin(areas, eq(areas.code, registrations.villageCode))
      .innerJoin(district, eq(district.code, areas.parentCode))
      .where(eq(registrations.id, id)),
    deps.db
      .select()
      .from(registrationMembers)
      .where(eq(registrationMembers.registrationId, id))
      .orderBy(asc(registrationMembers.position)),
    deps.db
      .select({ event: registrationEvents, officialName: officials.name })
      .from(registrationEvents)
      .leftJoin(
        officials,
        and(eq(registrationEvents.actorType, "official"), eq(officials.id, registrationEvents.actorId)),
      )
      .where(eq(registrationEvents.registrationId, id))
      .orderBy(asc(registrationEvents.at), asc(registrationEvents.id)),
  ]);
  const row = found[0];
  if (!row) throw canOnAll(actor, "registration.read") ? notFound("Pendaftaran tidak ditemukan.") : forbidden();
  const r = row.registration;
  const resource = { kind: "registration" as const, villageCode: r.villageCode };
  if (!can(actor, "registration.read", resource)) throw forbidden();
  const whole = can(actor, "registration.contact.read", resource);
  const dues = await deadlines(deps, [r], deps.now());
  await recordPersonalDataRead(deps, actor, { type: "registration", id }, { view: "detail", contacts: whole });
  return {
    registration: {
      ...r,
      contactEmailShown: whole ? r.contactEmail : maskEmail(r.contactEmail),
      contactPhoneShown: whole ? r.contactPhone : maskPhone(r.contactPhone),
    },
    statusLabel: REGISTRATION_STATUS_LABELS[r.status],
    villageName: row.villageName,
    districtName: row.districtName,
    deadline: dues.get(r.id) ?? null,
    members: members.map((m) => ({
      position: m.position,
      fullName: m.fullName,
      nik: displayNikLast4(m.nikLast4),
      gender: m.gender,
      birthYear: m.birthYear,
      phone: whole ? m.phone : maskPhone(m.phone),
      role: m.role,
      roleLabel: m.role === "kepala_seksi" && m.sectionName ? `Kepala ${m.sectionName}` : MEMBER_ROLE_LABELS[m.role],
      occupation: OCCUPATIONS[m.occupation],
    })),
    timeline: events.map(({ event: e, officialName }) => ({
      kind: e.kind,
      at: e.at,
      atLabel: formatWitaHuman(new Date(e.at)),
      actor: e.actorType === "official" ? (officialName ?? "Pejabat") : (ACTOR_LABELS[e.actorType] ?? e.actorType),
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      detail: e.detail,
    })),
    can: {
      endorse:
        r.status === "awaiting_endorsement" &&
        actor.type === "official" &&
        (actor.grants ?? []).some((g) => g.role === "village_head" && g.scope.id === r.villageCode),
      endorseOnBehalf: r.status === "awaiting_endorsement" && can(actor, "registration.endorse_on_behalf", resource),
      verify: r.status === "awaiting_verification" && can(actor, "registration.verify", resource),
    },
  };
}

/**
 * The formation decree scan of a registration, for the officials who check it (same policy as
 * the detail view; the read is recorded, since a decree names people). Undefined when the
 * registration has no scan or the object is gone from R2.
 */
export async function getDecreeScan(
  deps: ServiceDeps,
  files: R2Bucket,
  actor: Actor,
  id: string,
): Promise<{ body: ReadableStream; type: string; size: number } | undefined> {
  const r = await deps.db
    .select({
      villageCode: registrations.villageCode,
      key: registrations.decreeScanKey,
      type: registrations.decreeScanType,
    })
    .from(registrations)
    .where(eq(registrations.id, id))
    .get();
  if (!r) throw canOnAll(actor, "registration.read") ? notFound("Pendaftaran tidak ditemukan.") : forbidden();
  if (!can(actor, "registration.read", { kind: "registration", villageCode: r.villageCode })) throw forbidden();
  if (!r.key || !r.type) return undefined;
  const object = await files.get(r.key);
  if (!object) return undefined;
  await recordPersonalDataRead(deps, actor, { type: "registration", id }, { view: "decree_scan" });
  return { body: object.body, type: r.type, size: object.size };
}
