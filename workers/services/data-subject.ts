import { and, asc, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  agencies,
  areas,
  aspirations,
  escalationContacts,
  mailOutbox,
  officials,
  registrationMembers,
  registrations,
  roleGrants,
} from "../../schema";
import type { Actor } from "../domain/actor";
import { maskEmail } from "../domain/mask";
import { hashNik } from "../domain/nik-hash";
import { auditEntry } from "./audit";
import { assertCan } from "./authorize";
import type { ServiceDeps } from "./deps";

/**
 * The data-subject export (UU 27/2022, right of access and portability): everything Simpul holds
 * about one person, found by their e-mail address or their NIK, for an administrator to hand over.
 * A NIK is found through its keyed hash only (the NIK itself is never stored). Every export is in
 * the audit log with the person masked, so the log does not become a second copy of the data.
 *
 * Mail is found through the person's own records (each message's key starts with the record's id),
 * so no query reads the whole outbox; an official's work mail is not personal data of theirs.
 */

export type DataSubjectQuery = { kind: "email"; email: string } | { kind: "nik"; nik: string };

/** At most this many rows per section: a person has a handful; the bound keeps one export small. */
const SECTION_LIMIT = 200;
/** Record ids per mail lookup statement (two bound parameters each, under D1's 100). */
const MAIL_CHUNK = 40;

export interface DataSubjectExport {
  subject: { kind: "email" | "nik"; masked: string };
  generatedAt: string;
  officials: {
    name: string;
    email: string;
    active: boolean;
    createdAt: string;
    roles: { role: string; scopeType: string; scopeId: string }[];
  }[];
  escalationContacts: { label: string; email: string; level: string; active: boolean }[];
  /** Registrations the person applied for, as their contact. */
  registrations: {
    id: string;
    kimName: string;
    village: string;
    status: string;
    registrationNumber: string | null;
    secretariatAddress: string;
    contactEmail: string;
    contactPhone: string;
    createdAt: string;
  }[];
  /** The person as a member of a KIM (found by NIK). */
  memberships: {
    registrationId: string;
    kimName: string;
    village: string;
    registrationStatus: string;
    fullName: string;
    nikLast4: string;
    gender: string;
    birthYear: number | null;
    phone: string;
    role: string;
    sectionName: string | null;
    occupation: string;
    declarationAcceptedAt: string;
  }[];
  aspirations: {
    code: string;
    kind: string;
    title: string;
    description: string;
    privacy: string;
    status: string;
    agency: string | null;
    reporterName: string | null;
    reporterEmail: string | null;
    reporterPhone: string | null;
    photos: number;
    createdAt: string;
    closedAt: string | null;
  }[];
  mail: { template: string; status: string; createdAt: string; sentAt: string | null; about: string }[];
}

const maskedSubject = (q: DataSubjectQuery) => (q.kind === "email" ? maskEmail(q.email) : `NIK ****${q.nik.slice(-4)}`);

/** The outbox rows whose key starts with one of `ids` and that went to `email`. */
async function mailAbout(deps: ServiceDeps, ids: string[], email: string): Promise<DataSubjectExport["mail"]> {
  const found: DataSubjectExport["mail"] = [];
  for (let i = 0; i < ids.length; i += MAIL_CHUNK) {
    const chunk = ids.slice(i, i + MAIL_CHUNK);
    // `key >= 'id:' AND key < 'id;'` is a range on the unique key's index (';' follows ':').
    const rows = await deps.db
      .select({
        key: mailOutbox.dedupeKey,
        template: mailOutbox.template,
        status: mailOutbox.status,
        createdAt: mailOutbox.createdAt,
        sentAt: mailOutbox.sentAt,
      })
      .from(mailOutbox)
      .where(
        and(
          or(...chunk.map((id) => and(gte(mailOutbox.dedupeKey, `${id}:`), lt(mailOutbox.dedupeKey, `${id};`)))),
          sql`exists (select 1 from json_each(${mailOutbox.recipients}) where value = ${email})`,
        ),
      )
      .orderBy(asc(mailOutbox.createdAt))
      .limit(SECTION_LIMIT);
    for (const r of rows) {
      found.push({
        template: r.template,
        status: r.status,
        createdAt: r.createdAt,
        sentAt: r.sentAt,
        about: r.key.slice(0, r.key.indexOf(":")),
      });
    }
  }
  return found.slice(0, SECTION_LIMIT);
}

/**
 * Everything held about the person `query` names. Admin only (`privacy.export`); audited as
 * `privacy.export` with the person masked and the count of each section.
 *
 * @example
 * await exportDataSubject(deps, admin, { kind: "email", email: "siti@warga.id" })
 * // { subject: { kind: "email", masked: "s***@warga.id" }, registrations: [...], aspirations: [...], … }
 */
export async function exportDataSubject(
  deps: ServiceDeps,
  actor: Actor,
  query: DataSubjectQuery,
): Promise<DataSubjectExport> {
  assertCan(actor, "privacy.export");
  const { db } = deps;
  const village = alias(areas, "village");
  const result: DataSubjectExport = {
    subject: { kind: query.kind, masked: maskedSubject(query) },
    generatedAt: deps.now().toISOString(),
    officials: [],
    escalationContacts: [],
    registrations: [],
    memberships: [],
    aspirations: [],
    mail: [],
  };

  if (query.kind === "nik") {
    const nikHash = await hashNik(query.nik, deps.config.hashKey);
    result.memberships = await db
      .select({
        registrationId: registrations.id,
        kimName: registrations.kimName,
        village: sql<string>`coalesce(${village.name}, ${registrations.villageCode})`,
        registrationStatus: registrations.status,
        fullName: registrationMembers.fullName,
        nikLast4: registrationMembers.nikLast4,
        gender: registrationMembers.gender,
        birthYear: registrationMembers.birthYear,
        phone: registrationMembers.phone,
        role: registrationMembers.role,
        sectionName: registrationMembers.sectionName,
        occupation: registrationMembers.occupation,
        declarationAcceptedAt: registrationMembers.declarationAcceptedAt,
      })
      .from(registrationMembers)
      .innerJoin(registrations, eq(registrations.id, registrationMembers.registrationId))
      .leftJoin(village, eq(village.code, registrations.villageCode))
      .where(eq(registrationMembers.nikHash, nikHash))
      .orderBy(asc(registrations.createdAt))
      .limit(SECTION_LIMIT);
  } else {
    const email = query.email;
    const [people, contacts, applied, reported] = await db.batch([
      db
        .select({
          id: officials.id,
          name: officials.name,
          email: officials.email,
          active: officials.active,
          createdAt: officials.createdAt,
        })
        .from(officials)
        .where(eq(officials.email, email)),
      db
        .select({
          label: escalationContacts.label,
          email: escalationContacts.email,
          level: escalationContacts.level,
          active: escalationContacts.active,
        })
        .from(escalationContacts)
        .where(eq(escalationContacts.email, email))
        .limit(SECTION_LIMIT),
      db
        .select({
          id: registrations.id,
          kimName: registrations.kimName,
          village: sql<string>`coalesce(${village.name}, ${registrations.villageCode})`,
          status: registrations.status,
          registrationNumber: registrations.registrationNumber,
          secretariatAddress: registrations.secretariatAddress,
          contactEmail: registrations.contactEmail,
          contactPhone: registrations.contactPhone,
          createdAt: registrations.createdAt,
        })
        .from(registrations)
        .leftJoin(village, eq(village.code, registrations.villageCode))
        .where(eq(registrations.contactEmail, email))
        .orderBy(asc(registrations.createdAt))
        .limit(SECTION_LIMIT),
      db
        .select({
          code: aspirations.code,
          kind: aspirations.kind,
          title: aspirations.title,
          description: aspirations.description,
          privacy: aspirations.privacy,
          status: aspirations.status,
          agency: sql<string | null>`${agencies.name}`.as("agency_name"),
          reporterName: aspirations.reporterName,
          reporterEmail: aspirations.reporterEmail,
          reporterPhone: aspirations.reporterPhone,
          photos: sql<number>`json_array_length(${aspirations.photoKeys})`,
          createdAt: aspirations.createdAt,
          closedAt: aspirations.closedAt,
        })
        .from(aspirations)
        .leftJoin(agencies, eq(agencies.id, aspirations.agencyId))
        .where(eq(aspirations.reporterEmail, email))
        .orderBy(asc(aspirations.createdAt))
        .limit(SECTION_LIMIT),
    ]);
    const grants = people.length
      ? await db
          .select({
            officialId: roleGrants.officialId,
            role: roleGrants.role,
            scopeType: roleGrants.scopeType,
            scopeId: roleGrants.scopeId,
          })
          .from(roleGrants)
          .where(
            inArray(
              roleGrants.officialId,
              people.map((p) => p.id),
            ),
          )
      : [];
    result.officials = people.map(({ id, ...p }) => ({
      ...p,
      roles: grants.filter((g) => g.officialId === id).map(({ officialId: _id, ...g }) => g),
    }));
    result.escalationContacts = contacts;
    result.registrations = applied;
    result.aspirations = reported;
    result.mail = await mailAbout(deps, [...applied.map((r) => r.id), ...reported.map((a) => a.code)], email);
  }

  await auditEntry(db, {
    actor,
    action: "privacy.export",
    subject: { type: "data_subject", id: result.subject.masked },
    requestId: deps.requestId,
    at: deps.now(),
    detail: {
      kind: query.kind,
      officials: result.officials.length,
      registrations: result.registrations.length,
      memberships: result.memberships.length,
      aspirations: result.aspirations.length,
      mail: result.mail.length,
    },
  });
  return result;
}
