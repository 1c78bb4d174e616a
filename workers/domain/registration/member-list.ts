import * as z from "zod";
import type { Violation } from "../../errors";
import type { Gender } from "../nik";
import {
  datesNotInFuture,
  distinctNiks,
  type EligibilityApplication,
  type EligibilityContext,
  excludedOccupations,
  memberCount,
  nikMatchesMember,
  officerMinimumAge,
  onePersonOneKim,
  requiredOfficers,
} from "./eligibility";
import { type MemberRole, memberInputSchema } from "./input";
import type { Occupation } from "./occupations";

/**
 * Editing the member list of a registration after submission: the applicant's revision and the
 * officers' changes to an active KIM. Simpul keeps no whole NIK, so a form cannot show it again:
 * a row that keeps a stored member names its position (`keep`) and leaves the NIK blank unless it
 * changes; a new row needs the NIK and the declaration. The eligibility rules then run on the
 * merged list, comparing people by their NIK hashes.
 */

const memberFields = memberInputSchema.in.shape;

/** The NIK field of an edit row: blank means "unchanged"; otherwise checked as at submission. */
const optionalNik = z.preprocess(
  (v) => (v === undefined || (typeof v === "string" && v.replace(/[\s.-]/g, "") === "") ? undefined : v),
  memberFields.nik.optional(),
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
  birthDate: string;
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

const COMPARED_FIELDS = ["fullName", "gender", "birthDate", "phone", "role", "sectionName", "occupation"] as const;

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
 * Merges the edit rows into the stored list and checks the member rules on the result: the
 * member count, the three officers, the officers' age on `context.submittedAt`, excluded
 * occupations, birth dates not in the future, no person twice (by NIK hash), nobody in another
 * KIM, and each new NIK matching its row's birth date and gender. A kept member whose birth
 * date or gender changes must have the NIK entered again, since it encodes both.
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

  rows.forEach(({ formIndex, edit, newNik }, position) => {
    const original = edit.keep === undefined ? undefined : byPosition.get(edit.keep);
    if (edit.keep !== undefined && (!original || kept.has(edit.keep))) {
      violations.push({
        path: rowPath(formIndex, "keep"),
        code: "member_unknown",
        message: "Baris ini merujuk anggota yang tidak ada atau sudah diubah di baris lain. Muat ulang formulir.",
      });
    }
    if (original) kept.add(original.position);
    if (original && !newNik && (original.birthDate !== edit.birthDate || original.gender !== edit.gender)) {
      violations.push({
        path: rowPath(formIndex, "nik"),
        code: "nik_required",
        message: "Tanggal lahir atau jenis kelamin berubah: isi ulang NIK agar dapat dicocokkan.",
      });
    }
    const member: PlannedMember = {
      position,
      fullName: edit.fullName,
      nikHash: newNik?.hash ?? original?.nikHash ?? "",
      nikLast4: newNik?.last4 ?? original?.nikLast4 ?? "",
      gender: edit.gender,
      birthDate: edit.birthDate,
      phone: edit.phone,
      role: edit.role,
      sectionName: edit.sectionName ?? null,
      occupation: edit.occupation,
      declarationAcceptedAt: original && !newNik ? original.declarationAcceptedAt : null,
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
  // The rules read `nik` only to compare people (distinctNiks) or to decode it (nikMatchesMember):
  // the merged list compares hashes, and only rows with a new NIK are decoded.
  const merged: EligibilityApplication = {
    villageCode: "",
    members: members.map((m) => ({ ...m, nik: m.nikHash })),
  };
  const withNewNik = rows.flatMap((r) => (r.edit.nik ? [{ row: r, nik: r.edit.nik }] : []));
  violations.push(
    ...remapPaths(
      [
        ...memberCount(merged, ruleContext),
        ...requiredOfficers(merged, ruleContext),
        ...distinctNiks(merged, ruleContext),
        ...onePersonOneKim(merged, ruleContext),
        ...officerMinimumAge(merged, ruleContext),
        ...excludedOccupations(merged, ruleContext),
        ...datesNotInFuture(merged, ruleContext),
      ],
      formIndices,
    ),
    ...remapPaths(
      nikMatchesMember(
        { villageCode: "", members: withNewNik.map(({ row, nik }) => ({ ...row.edit, nik })) },
        ruleContext,
      ),
      withNewNik.map(({ row }) => row.formIndex),
    ),
  );
  return { members, violations, changes };
}

/** True when the plan changes nothing at all (same people, same order, same fields). */
export function isUnchanged(changes: MemberListChanges): boolean {
  return changes.added.length === 0 && changes.removed.length === 0 && changes.updated.length === 0;
}
