import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type NewRegistrationMember, registrationMembers, registrations } from "../../../schema";
import type { Db } from "../../db";
import { nikLast4 } from "../../domain/nik";
import { nikHasher } from "../../domain/nik-hash";
import { MAX_MEMBERS } from "../../domain/registration/input";
import { nikLock } from "../../domain/registration/locks";
import {
  type IndexedEdit,
  type MemberListPlan,
  memberEditSchema,
  type PlannedMember,
  planMemberList,
  type StoredMember,
} from "../../domain/registration/member-list";
import { LOCK_HOLDING_STATUSES, type RegistrationStatus } from "../../domain/registration/status";
import type { Settings } from "../../domain/settings";
import type { Violation } from "../../errors";
import { AppError, formatIssuePath, issueCode } from "../../errors";

/**
 * The I/O around `planMemberList`, shared by the applicant's resubmission and an active KIM's
 * member change: parsing the rows, hashing new NIKs, looking up who is in another KIM, and the
 * statements that replace a registration's member rows.
 */

/** Member rows per INSERT: 14 bound columns each stays under D1's 100 parameters per statement. */
const MEMBERS_PER_INSERT = 7;

/**
 * Parses the member rows of an edit form (already without blank and removed rows), each row's
 * problems under `members[i]`; new NIKs are hashed with `hashKey`. `complete` says whether every
 * row could be read, which the list-wide rules (count, officers, duplicates) need.
 */
export async function parseMemberRows(
  raw: unknown,
  hashKey: string,
): Promise<{ rows: IndexedEdit[]; violations: Violation[]; complete: boolean }> {
  if (!Array.isArray(raw) || raw.length === 0) {
    return {
      rows: [],
      violations: [{ path: "members", code: "required", message: "Daftar anggota wajib diisi." }],
      complete: false,
    };
  }
  if (raw.length > MAX_MEMBERS) {
    return {
      rows: [],
      violations: [{ path: "members", code: "too_big", message: `Anggota paling banyak ${MAX_MEMBERS} orang.` }],
      complete: false,
    };
  }
  const hash = await nikHasher(hashKey);
  const rows: IndexedEdit[] = [];
  const violations: Violation[] = [];
  for (const [formIndex, entry] of raw.entries()) {
    let parsed = memberEditSchema.safeParse(entry);
    if (!parsed.success) {
      violations.push(
        ...parsed.error.issues.map((issue) => ({
          path: formatIssuePath(["members", formIndex, ...issue.path]),
          code: issueCode(issue),
          message: issue.message,
        })),
      );
      // A row whose only problem is the missing declaration still counts for the list's rules,
      // so those problems are reported in the same answer.
      if (!parsed.error.issues.every((issue) => issue.path[0] === "declaration")) continue;
      parsed = memberEditSchema.safeParse({ ...(entry as object), declaration: true });
      if (!parsed.success) continue;
    }
    const nik = parsed.data.nik;
    rows.push({
      formIndex,
      edit: parsed.data,
      ...(nik ? { newNik: { hash: await hash(nik), last4: nikLast4(nik) } } : {}),
    });
  }
  return { rows, violations, complete: rows.length === raw.length };
}

/** The stored members of a registration, in order. */
export async function storedMembers(db: Db, registrationId: string): Promise<StoredMember[]> {
  return db
    .select({
      position: registrationMembers.position,
      fullName: registrationMembers.fullName,
      nikHash: registrationMembers.nikHash,
      nikLast4: registrationMembers.nikLast4,
      gender: registrationMembers.gender,
      birthYear: registrationMembers.birthYear,
      adultAtSubmission: registrationMembers.adultAtSubmission,
      phone: registrationMembers.phone,
      role: registrationMembers.role,
      sectionName: registrationMembers.sectionName,
      occupation: registrationMembers.occupation,
      declarationAcceptedAt: registrationMembers.declarationAcceptedAt,
    })
    .from(registrationMembers)
    .where(eq(registrationMembers.registrationId, registrationId))
    .orderBy(asc(registrationMembers.position));
}

/** Which of `hashes` belong to a pending or active registration other than `registrationId`. */
export async function hashesInOtherKims(db: Db, registrationId: string, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ nikHash: registrationMembers.nikHash })
    .from(registrationMembers)
    .innerJoin(registrations, eq(registrations.id, registrationMembers.registrationId))
    .where(
      and(
        sql`${registrationMembers.nikHash} IN (SELECT value FROM json_each(${JSON.stringify(hashes)}))`,
        ne(registrations.id, registrationId),
        inArray(registrations.status, [...LOCK_HOLDING_STATUSES]),
      ),
    );
  return new Set(rows.map((r) => r.nikHash));
}

/** Plans the edit against the stored list, looking up the people who are in another KIM. */
export async function planEdit(
  db: Db,
  registrationId: string,
  rows: IndexedEdit[],
  settings: Settings,
  now: Date,
): Promise<MemberListPlan & { stored: StoredMember[] }> {
  const stored = await storedMembers(db, registrationId);
  const byPosition = new Map(stored.map((m) => [m.position, m.nikHash]));
  const hashes = rows.flatMap((r) => {
    const h = r.newNik?.hash ?? (r.edit.keep === undefined ? undefined : byPosition.get(r.edit.keep));
    return h ? [h] : [];
  });
  const plan = planMemberList(stored, rows, {
    settings,
    submittedAt: now,
    nikHashesInOtherKims: await hashesInOtherKims(db, registrationId, hashes),
  });
  return { ...plan, stored };
}

/**
 * The statements replacing a registration's member rows with the plan's: delete, then insert in
 * chunks, each row locked as `status` and the settings demand. New members' declarations are
 * stamped `at`.
 */
export function replaceMembersStatements(
  db: Db,
  registrationId: string,
  members: readonly PlannedMember[],
  status: RegistrationStatus,
  settings: Settings,
  at: string,
): BatchItem<"sqlite">[] {
  const rows: NewRegistrationMember[] = members.map((m) => ({
    registrationId,
    position: m.position,
    fullName: m.fullName,
    nikHash: m.nikHash,
    nikLast4: m.nikLast4,
    gender: m.gender,
    birthYear: m.birthYear,
    adultAtSubmission: m.adultAtSubmission,
    phone: m.phone,
    role: m.role,
    sectionName: m.sectionName,
    occupation: m.occupation,
    declarationAcceptedAt: m.declarationAcceptedAt ?? at,
    nikLock: nikLock(status, m.nikHash, settings),
  }));
  const inserts = Array.from({ length: Math.ceil(rows.length / MEMBERS_PER_INSERT) }, (_, i) =>
    db.insert(registrationMembers).values(rows.slice(i * MEMBERS_PER_INSERT, (i + 1) * MEMBERS_PER_INSERT)),
  );
  return [db.delete(registrationMembers).where(eq(registrationMembers.registrationId, registrationId)), ...inserts];
}

/**
 * The 409 when the NIK lock refuses `replaceMembersStatements`: a member joined another KIM
 * between the rule check and the write.
 */
export const memberJoinedAnotherKim = () =>
  new AppError(409, "conflict", "Salah satu anggota baru saja terdaftar di KIM lain.", [
    {
      path: "members",
      code: "nik_in_other_kim",
      message: "Salah satu anggota baru saja terdaftar di KIM lain. Periksa kembali daftar anggota.",
    },
  ]);

/** Counts of a plan's changes, for the timeline and the notice mail. */
export const changeCounts = (plan: Pick<MemberListPlan, "changes">) => ({
  added: plan.changes.added.length,
  removed: plan.changes.removed.length,
  updated: plan.changes.updated.length,
});
