import * as z from "zod";
import type { Violation } from "../../errors";
import { type Gender, nikMatchesDeclared } from "../nik";
import { witaDate } from "../time";
import {
  datesNotInFuture,
  distinctNiks,
  type EligibilityApplication,
  type EligibilityContext,
  excludedOccupations,
  memberCount,
  NIK_MISMATCH_MESSAGES,
  officerMinimumAge,
  onePersonOneKim,
  requiredOfficers,
  storedAgeFacts,
  surelyOfAge,
} from "./eligibility";
import { MEMBER_ROLE_LABELS, type MemberRole, memberInputSchema, OFFICER_ROLES } from "./input";
import type { Occupation } from "./occupations";

/**
 * Editing the member list of a registration after submission: the applicant's revision and the
 * officers' changes to an active KIM. Simpul keeps no whole NIK and no birth date (only its year),
 * so a form cannot show them again: a row that keeps a stored member names its position (`keep`)
 * and leaves the NIK and the birth date blank unless they change; a new row needs the NIK, the
 * birth date and the declaration. A kept row stays the same person: changing its name needs the
 * NIK (and the declaration) again, as a new member does. The eligibility rules then run on the
 * merged list, comparing people by their NIK hashes.
 */

const memberFields = memberInputSchema.in.shape;

/** The NIK field of an edit row: blank means "unchanged"; otherwise checked as at submission. */
const optionalNik = z.preprocess(
  (v) => (v === undefined || (typeof v === "string" && v.replace(/[\s.-]/g, "") === "") ? undefined : v),
  memberFields.nik.optional(),
);

/** The birth date of an edit row: blank means "unchanged" for a kept member; otherwise checked as at submission. */
const optionalBirthDate = z.preprocess(
  (v) => (v === undefined || (typeof v === "string" && v.trim() === "") ? undefined : v),
  memberFields.birthDate.optional(),
);

/**
 * One row of a member edit form. Field checks and messages are those of the application form;
 * `keep` is the stored position the row edits, absent for a new member.
 */
export const memberEditSchema = z
  .object({
    ...memberFields,
    keep: z.coerce.number().int().min(0).max(1000).optional(),
    nik: optionalNik,
    birthDate: optionalBirthDate,
    declaration: memberFields.declaration.optional(),
  })
  .superRefine(
    (row, ctx) => {
      if (row.role === "kepala_seksi" && typeof row.sectionName !== "string") {
        ctx.addIssue({
          code: "custom",
          path: ["sectionName"],
          message: "Nama seksi wajib diisi untuk Kepala Seksi.",
          params: { code: "required" },
        });
      }
      if (row.keep === undefined && row.nik === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["nik"],
          message: "NIK wajib diisi untuk anggota baru.",
          params: { code: "required" },
        });
      }
      if (row.keep === undefined && row.birthDate === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["birthDate"],
          message: "Tanggal lahir wajib diisi untuk anggota baru.",
          params: { code: "required" },
        });
      }
      if (row.keep === undefined && row.declaration === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["declaration"],
          message: "Pernyataan bahwa data ini benar harus dicentang.",
          params: { code: "required" },
        });
      }
    },
    // Run even when other fields of the row failed, so every problem is reported at once.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  )
  .transform((row) => ({ ...row, sectionName: row.role === "kepala_seksi" ? row.sectionName : undefined }));

export type MemberEdit = z.output<typeof memberEditSchema>;

/** A member as stored, the part an edit reads. */
export interface StoredMember {
  position: number;
  fullName: string;
  nikHash: string;
  nikLast4: string;
  gender: Gender;
  /** NULL only for rows anonymised by the retention job. */
  birthYear: number | null;
  adultAtSubmission: boolean;
  phone: string;
  role: MemberRole;
  sectionName: string | null;
  occupation: Occupation;
  declarationAcceptedAt: string;
}

/** An edit row with the index it had in the form (for error paths) and its new NIK's hash and last digits. */
export interface IndexedEdit {
  formIndex: number;
  edit: MemberEdit;
  newNik?: { hash: string; last4: string };
}

/** A member of the list after the edit, in its new order (`position` from 0). */
export type PlannedMember = Omit<StoredMember, "declarationAcceptedAt"> & {
  /** Null for a new member: the service stamps the moment of the change. */
  declarationAcceptedAt: string | null;
};

/** What changed, for the audit trail and the timeline: positions and field names only, no personal data. */
export interface MemberListChanges {
  added: { position: number; role: MemberRole }[];
  removed: { position: number; role: MemberRole }[];
  updated: { position: number; from: number; fields: string[] }[];
}

export interface MemberListPlan {
  members: PlannedMember[];
  violations: Violation[];
  changes: MemberListChanges;
}

const COMPARED_FIELDS = ["fullName", "gender", "birthYear", "phone", "role", "sectionName", "occupation"] as const;

const rowPath = (formIndex: number, field: string) => `members[${formIndex}].${field}`;

/** Rewrites `members[j]` of a rule's violations on a sub-list to the rows' form indices. */
function remapPaths(violations: Violation[], formIndices: readonly number[]): Violation[] {
  return violations.map((v) => {
    const m = /^members\[(\d+)\](.*)$/.exec(v.path);
    const target = m ? formIndices[Number(m[1])] : undefined;
    return m && target !== undefined ? { ...v, path: `members[${target}]${m[2]}` } : v;
  });
}

/**
 * What a kept row must carry again, since the stored member cannot show it: the NIK when the name
 * changes (else the row could become another person under the old NIK hash) or when the gender or
 * birth date is given, as the NIK encodes both; the birth date when the NIK names another person;
 * the declaration whenever the NIK is given or the name changes.
 */
function keptRowViolations(original: StoredMember, { formIndex, edit, newNik }: IndexedEdit): Violation[] {
  const violations: Violation[] = [];
  const nameChanged = original.fullName !== edit.fullName;
  if (!newNik && nameChanged) {
    violations.push({
      path: rowPath(formIndex, "nik"),
      code: "nik_required",
      message:
        "Nama anggota ini diubah: isi NIK-nya dan centang pernyataan. Untuk memperbaiki salah ketik, isi NIK yang sama; untuk orang lain, isi NIK orang tersebut.",
    });
  } else if (!newNik && (original.gender !== edit.gender || edit.birthDate !== undefined)) {
    violations.push({
      path: rowPath(formIndex, "nik"),
      code: "nik_required",
      message: "Tanggal lahir atau jenis kelamin diisi atau diubah: isi ulang NIK agar dapat dicocokkan.",
    });
  }
  if (newNik && newNik.hash !== original.nikHash && edit.birthDate === undefined) {
    violations.push({
      path: rowPath(formIndex, "birthDate"),
      code: "required",
      message: "NIK ini milik orang lain: isi tanggal lahirnya.",
    });
  }
  if ((newNik || nameChanged) && edit.declaration !== true) {
    violations.push({
      path: rowPath(formIndex, "declaration"),
      code: "required",
      message: "Pernyataan bahwa data ini benar harus dicentang.",
    });
  }
  return violations;
}

/**
 * Merges the edit rows into the stored list and checks the member rules on the result: the
 * member count, the three officers, the officers' age on `context.submittedAt`, excluded
 * occupations, birth dates not in the future, no person twice (by NIK hash), nobody in another
 * KIM, each new NIK matching its row's birth date and gender, and what a kept row must carry
 * again (`keptRowViolations`). An officer kept without a birth date passes the age rule only
 * when the stored birth year or adult fact proves it (`surelyOfAge`).
 *
 * @example
 * planMemberList(stored, [{ formIndex: 0, edit: { keep: 0, ...ketua } }, { formIndex: 1, edit: newRow, newNik }], ctx)
 * // { members: [...], violations: [], changes: { added: [{ position: 1, role: "anggota" }], removed: [...], updated: [] } }
 */
export function planMemberList(
  stored: readonly StoredMember[],
  rows: readonly IndexedEdit[],
  context: Pick<EligibilityContext, "settings" | "submittedAt" | "nikHashesInOtherKims">,
): MemberListPlan {
  const byPosition = new Map(stored.map((m) => [m.position, m]));
  const violations: Violation[] = [];
  const kept = new Set<number>();
  const members: PlannedMember[] = [];
  const changes: MemberListChanges = { added: [], removed: [], updated: [] };
  const today = witaDate(context.submittedAt);
  const minAge = context.settings["kim.officerMinAge"];
  const officerRoles: readonly string[] = OFFICER_ROLES;

  rows.forEach((row, position) => {
    const { formIndex, edit, newNik } = row;
    const original = edit.keep === undefined ? undefined : byPosition.get(edit.keep);
    if (edit.keep !== undefined && (!original || kept.has(edit.keep))) {
      violations.push({
        path: rowPath(formIndex, "keep"),
        code: "member_unknown",
        message: "Baris ini merujuk anggota yang tidak ada atau sudah diubah di baris lain. Muat ulang formulir.",
      });
    }
    if (original) {
      kept.add(original.position);
      violations.push(...keptRowViolations(original, row));
    }
    const ageFacts = edit.birthDate
      ? storedAgeFacts(edit.birthDate, context.submittedAt)
      : { birthYear: original?.birthYear ?? null, adultAtSubmission: original?.adultAtSubmission ?? false };
    if (!edit.birthDate && officerRoles.includes(edit.role) && !surelyOfAge(ageFacts, minAge, today)) {
      violations.push({
        path: rowPath(formIndex, "birthDate"),
        code: "birth_date_required",
        message: `Usia pengurus (${MEMBER_ROLE_LABELS[edit.role]}) tidak dapat dipastikan dari data tersimpan: isi tanggal lahir dan NIK anggota ini.`,
      });
    }
    const member: PlannedMember = {
      position,
      fullName: edit.fullName,
      nikHash: newNik?.hash ?? original?.nikHash ?? "",
      nikLast4: newNik?.last4 ?? original?.nikLast4 ?? "",
      gender: edit.gender,
      ...ageFacts,
      phone: edit.phone,
      role: edit.role,
      sectionName: edit.sectionName ?? null,
      occupation: edit.occupation,
      declarationAcceptedAt:
        original && !newNik && original.fullName === edit.fullName ? original.declarationAcceptedAt : null,
    };
    members.push(member);
    if (!original) {
      changes.added.push({ position, role: member.role });
    } else {
      const fields: string[] = COMPARED_FIELDS.filter((f) => (original[f] ?? null) !== (member[f] ?? null));
      if (newNik && newNik.hash !== original.nikHash) fields.push("nik");
      if (fields.length > 0 || original.position !== position) {
        changes.updated.push({ position, from: original.position, fields });
      }
    }
  });
  for (const m of stored) {
    if (!kept.has(m.position)) changes.removed.push({ position: m.position, role: m.role });
  }

  const formIndices = rows.map((r) => r.formIndex);
  // Village rules are not part of a member edit; the resubmission checks them itself.
  const ruleContext: EligibilityContext = {
    ...context,
    villageKnown: true,
    villageRegistration: null,
    memberNikHashes: members.map((m) => m.nikHash),
  };
  // The rules run on the merged list read `nik` only to compare people (distinctNiks), so it holds
  // the hashes; none reads the birth date, which only the rows below carry.
  const merged: EligibilityApplication = {
    villageCode: "",
    members: members.map((m) => ({ ...m, nik: m.nikHash, birthDate: "" })),
  };
  // Birth dates exist only on the rows that carry one; officers kept without one were checked above.
  const dated = rows.flatMap((r) =>
    r.edit.birthDate ? [{ row: r, member: { ...r.edit, nik: "", birthDate: r.edit.birthDate } }] : [],
  );
  const datedApplication: EligibilityApplication = { villageCode: "", members: dated.map((d) => d.member) };
  const datedIndices = dated.map((d) => d.row.formIndex);
  violations.push(
    ...remapPaths(
      [
        ...memberCount(merged, ruleContext),
        ...requiredOfficers(merged, ruleContext),
        ...distinctNiks(merged, ruleContext),
        ...onePersonOneKim(merged, ruleContext),
      ],
      formIndices,
    ),
    ...remapPaths(officerMinimumAge(datedApplication, ruleContext), datedIndices),
    ...remapPaths(excludedOccupations(merged, ruleContext), formIndices),
    ...remapPaths(datesNotInFuture(datedApplication, ruleContext), datedIndices),
    // Each new NIK against its row: the birth date when the row carries one, the gender always.
    ...rows.flatMap(({ formIndex, edit }) =>
      edit.nik
        ? nikMatchesDeclared(edit.nik, { birthDate: edit.birthDate, gender: edit.gender }).map((mismatch) => ({
            path: rowPath(formIndex, "nik"),
            code: "nik_mismatch",
            message: NIK_MISMATCH_MESSAGES[mismatch],
          }))
        : [],
    ),
  );
  return { members, violations, changes };
}

/** True when the plan changes nothing at all (same people, same order, same fields). */
export function isUnchanged(changes: MemberListChanges): boolean {
  return changes.added.length === 0 && changes.removed.length === 0 && changes.updated.length === 0;
}
