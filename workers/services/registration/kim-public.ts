import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { areas, registrationEvents, registrationMembers, registrations } from "../../../schema";
import type { Db } from "../../db";
import { maskEmail } from "../../domain/mask";
import { MEMBER_ROLE_LABELS, OFFICER_ROLES } from "../../domain/registration/input";
import type { StoredMember } from "../../domain/registration/member-list";
import { isRevisionField, REVISION_FIELDS, type RevisionRequestField } from "../../domain/registration/revision";
import { ACTIVE_STATUSES, isPending } from "../../domain/registration/status";
import { formatWitaDateHuman, witaDate } from "../../domain/time";
import { villageLabel } from "../../domain/villages";
import { AppError, notFound } from "../../errors";
import type { MailQueueMessage } from "../../mail/messages";
import { enqueueMail } from "../../mail/outbox";
import type { ServiceDeps } from "../deps";
import { loadRegistrationView, type RegistrationView } from "./flow-steps";
import { memberEditorLink, withdrawLink } from "./links";
import { storedMembers } from "./member-edits";

/**
 * What the applicant and an active KIM's officers reach without an account: the printable
 * certificate, and the requests that mail a signed link to the KIM's contact address (to
 * withdraw a pending registration, to change an active KIM's members). A request answers only
 * with the masked address, so it reveals nothing to whoever types a number in.
 */

type MailingDeps = ServiceDeps & { queue: Queue<MailQueueMessage> };

/** How long a requested link works. */
const REQUESTED_LINK_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * The answer to a link request. The mail is deduplicated per day, so anyone who knows a
 * registration's id or number cannot flood its contact inbox; a repeat therefore sends nothing,
 * and says so (`repeated`) with when the first link went out and until when it works, instead
 * of pretending to send. That first link is still good: a refused form does not use it up.
 */
export interface LinkRequestResult {
  /** The contact address, masked. */
  sentTo: string;
  /** True when a link was already mailed today and this request sent nothing new. */
  repeated: boolean;
  /** When the link in the inbox was mailed, and until when it works (ISO). */
  sentAt: string;
  expiresAt: string;
}

function linkRequestResult(contactEmail: string, row: { createdAt: string }, now: Date): LinkRequestResult {
  return {
    sentTo: maskEmail(contactEmail),
    repeated: row.createdAt !== now.toISOString(),
    sentAt: row.createdAt,
    expiresAt: new Date(Date.parse(row.createdAt) + REQUESTED_LINK_MS).toISOString(),
  };
}

const district = alias(areas, "district");

export interface Certificate {
  registrationNumber: string;
  kimName: string;
  villageName: string;
  districtName: string;
  approvedAt: string;
  /** Officers only, names and roles: nothing else about a person is on the certificate. */
  officers: { fullName: string; role: string }[];
  memberCount: number;
}

/** The KIM with this registration number, whatever its status now, with its village and kecamatan. */
function kimByNumber(db: Db, registrationNumber: string) {
  return db
    .select({
      id: registrations.id,
      registrationNumber: registrations.registrationNumber,
      status: registrations.status,
      kimName: registrations.kimName,
      approvedAt: registrations.approvedAt,
      villageName: areas.name,
      villageLevel: areas.level,
      districtName: district.name,
    })
    .from(registrations)
    .innerJoin(areas, eq(areas.code, registrations.villageCode))
    .innerJoin(district, eq(district.code, areas.parentCode))
    .where(eq(registrations.registrationNumber, registrationNumber))
    .get();
}

/** The public path where anyone checks a certificate against the register. */
export const verificationPath = (registrationNumber: string) => `/kim/${registrationNumber}/verifikasi`;

/** What the public verification page says about a registration number: no person is named. */
export interface KimVerification {
  registrationNumber: string;
  kimName: string;
  villageName: string;
  districtName: string;
  approvedAt: string;
  /** True while the KIM is active (approved); false once it no longer is. */
  active: boolean;
}

/**
 * Checks a certificate's number against D1: the KIM it belongs to and whether it is still
 * active, or undefined when no KIM ever had that number (the certificate is not genuine).
 *
 * @example
 * await verifyKim(db, "KIM-6403042001-001") // { kimName: "KIM Maju", active: true, approvedAt: "12 Maret 2026", … }
 */
export async function verifyKim(db: Db, registrationNumber: string): Promise<KimVerification | undefined> {
  const row = await kimByNumber(db, registrationNumber);
  if (!row?.registrationNumber) return undefined;
  return {
    registrationNumber: row.registrationNumber,
    kimName: row.kimName,
    villageName: villageLabel({ level: row.villageLevel, name: row.villageName }),
    districtName: row.districtName,
    approvedAt: row.approvedAt ? formatWitaDateHuman(new Date(row.approvedAt)) : "",
    active: (ACTIVE_STATUSES as readonly string[]).includes(row.status),
  };
}

/**
 * The certificate of an active KIM by its registration number, or undefined when there is no
 * active KIM with that number.
 *
 * @example
 * await getCertificate(db, "KIM-6403042001-001") // { kimName, officers: [{ fullName, role: "Ketua" }, …], … }
 */
export async function getCertificate(db: Db, registrationNumber: string): Promise<Certificate | undefined> {
  const row = await kimByNumber(db, registrationNumber);
  if (!row?.registrationNumber || row.status !== "approved") return undefined;
  const members = await db
    .select({
      fullName: registrationMembers.fullName,
      role: registrationMembers.role,
      sectionName: registrationMembers.sectionName,
    })
    .from(registrationMembers)
    .where(eq(registrationMembers.registrationId, row.id))
    .orderBy(asc(registrationMembers.position));
  const officerRoles: readonly string[] = OFFICER_ROLES;
  return {
    registrationNumber: row.registrationNumber,
    kimName: row.kimName,
    villageName: villageLabel({ level: row.villageLevel, name: row.villageName }),
    districtName: row.districtName,
    approvedAt: row.approvedAt ? formatWitaDateHuman(new Date(row.approvedAt)) : "",
    officers: members
      .filter((m) => officerRoles.includes(m.role))
      .map((m) => ({
        fullName: m.fullName,
        role: m.role === "kepala_seksi" && m.sectionName ? `Kepala ${m.sectionName}` : MEMBER_ROLE_LABELS[m.role],
      })),
    memberCount: members.length,
  };
}

/** The active KIM with this number (for the member-change request), or undefined. */
export async function activeKimByNumber(db: Db, registrationNumber: string): Promise<RegistrationView | undefined> {
  const row = await db
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.registrationNumber, registrationNumber), eq(registrations.status, "approved")))
    .get();
  return row ? loadRegistrationView(db, row.id) : undefined;
}

/**
 * Mails an active KIM's contact address a link to change its member list (valid three days,
 * one save). At most one such mail per KIM per day and member-list version: asking again the
 * same day resends nothing, while the first link still works, and the result says so.
 */
export async function requestMembersLink(deps: MailingDeps, registrationNumber: string): Promise<LinkRequestResult> {
  const kim = await activeKimByNumber(deps.db, registrationNumber);
  if (!kim?.registrationNumber) throw notFound("KIM dengan nomor registrasi itu tidak ditemukan.");
  const changes = await deps.db
    .select({ id: registrationEvents.id })
    .from(registrationEvents)
    .where(and(eq(registrationEvents.registrationId, kim.id), eq(registrationEvents.kind, "members_change")));
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + REQUESTED_LINK_MS);
  const row = await enqueueMail(
    { db: deps.db, queue: deps.queue, config: deps.config, now },
    {
      template: "kim_members_link",
      to: [kim.contactEmail],
      params: {
        kimName: kim.kimName,
        villageName: kim.villageName,
        registrationNumber: kim.registrationNumber,
        link: await memberEditorLink(deps.config, kim.id, expiresAt),
        expiresAt: expiresAt.toISOString(),
      },
      dedupeKey: `${kim.id}:kim:members-link:${witaDate(now)}:${changes.length}`,
    },
  );
  return linkRequestResult(kim.contactEmail, row, now);
}

/**
 * Mails a pending registration's contact address the link to withdraw it (valid three days).
 * At most one per registration per day (a repeat sends nothing, and the result says so). 404
 * for an unknown id, 409 once it is no longer pending.
 */
export async function requestWithdrawLink(deps: MailingDeps, registrationId: string): Promise<LinkRequestResult> {
  const r = await loadRegistrationView(deps.db, registrationId);
  if (!r) throw notFound("Pendaftaran tidak ditemukan.");
  if (!isPending(r.status)) throw new AppError(409, "conflict", "Pendaftaran ini sudah tidak dapat dibatalkan.");
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + REQUESTED_LINK_MS);
  const row = await enqueueMail(
    { db: deps.db, queue: deps.queue, config: deps.config, now },
    {
      template: "registration_withdraw_link",
      to: [r.contactEmail],
      params: {
        kimName: r.kimName,
        villageName: r.villageName,
        link: await withdrawLink(deps.config, r.id, expiresAt),
        expiresAt: expiresAt.toISOString(),
      },
      dedupeKey: `${r.id}:withdraw-link:${witaDate(now)}`,
    },
  );
  return linkRequestResult(r.contactEmail, row, now);
}

export interface EditableRegistration {
  registration: RegistrationView;
  members: StoredMember[];
  /** For a revision: the parts the verifier named, with their reasons, and the summary. */
  revision: { fields: { path: string; label: string; reason: string }[]; summary: string | null };
}

/** A registration with its stored members and the last revision request, for the pre-filled forms. */
export async function getEditableRegistration(db: Db, id: string): Promise<EditableRegistration | undefined> {
  const registration = await loadRegistrationView(db, id);
  if (!registration) return undefined;
  const [members, revise] = await Promise.all([
    storedMembers(db, id),
    db
      .select({ reason: registrationEvents.reason, detail: registrationEvents.detail })
      .from(registrationEvents)
      .where(and(eq(registrationEvents.registrationId, id), inArray(registrationEvents.kind, ["revise"])))
      .orderBy(desc(registrationEvents.id))
      .get(),
  ]);
  const raw = Array.isArray(revise?.detail?.fields) ? (revise.detail.fields as RevisionRequestField[]) : [];
  return {
    registration,
    members,
    revision: {
      fields: raw.flatMap((f) =>
        isRevisionField(f.path) ? [{ path: f.path, label: REVISION_FIELDS[f.path], reason: f.reason }] : [],
      ),
      summary: revise?.reason ?? null,
    },
  };
}
