import type { Registration } from "../../../schema";
import { MAX_MEMBERS } from "../../domain/registration/input";
import type { StoredMember } from "../../domain/registration/member-list";
import type { MemberRowValues, RevisionFormValues } from "../../views/registration/form-values";
import { type FormBody, formText } from "../form-body";
import {
  emptyMember,
  isBlankMember,
  readApplicationFields,
  readMemberFields,
  withBlankSocials,
} from "./application-form";

/**
 * The member editor's fields (revision form and an active KIM's member change) ↔ the edit rows
 * the services read. Rows are `members[i].field`; a stored member's row carries its position in
 * `members[i].keep` and a blank NIK and birth date (neither is stored whole); `members[i].remove` drops a row. Removed and blank rows are
 * left out before validation and the rest keep their order, so `members[i]` in an error is the
 * i-th row when the form is shown again.
 */

/** Empty rows offered for new members. */
export const BLANK_MEMBER_ROWS = 3;

export const blankRow = (): MemberRowValues => ({ keep: "", ...emptyMember() });

/** The form rows of the stored members, then the blank rows. */
export function rowsFromStored(stored: readonly StoredMember[]): MemberRowValues[] {
  return [
    ...stored.map((m) => ({
      keep: String(m.position),
      fullName: m.fullName,
      nik: "",
      gender: m.gender,
      // Not stored (only its year): blank means unchanged, as for the NIK.
      birthDate: "",
      phone: m.phone,
      role: m.role,
      sectionName: m.sectionName ?? "",
      occupation: m.occupation,
    })),
    ...Array.from({ length: BLANK_MEMBER_ROWS }, blankRow),
  ];
}

const isBlank = (row: MemberRowValues) => row.keep === "" && isBlankMember(row);

/**
 * Reads the member rows of a posted editor. `rows` is what the form shows again (kept rows, then
 * blank ones); `members` goes to the service, with the form's one declaration checkbox applied
 * to every row.
 *
 * @example
 * readMemberRows(await c.req.parseBody())
 * // { rows: [...], members: [{ keep: "0", fullName: "…", nik: "", … }, { fullName: "…", nik: "64…", declaration: "on" }] }
 */
export function readMemberRows(body: FormBody): { rows: MemberRowValues[]; members: Record<string, string>[] } {
  const declaration = formText(body, "declaration") === "on";
  const kept: MemberRowValues[] = readMemberFields(body, MAX_MEMBERS + BLANK_MEMBER_ROWS, ["keep", "remove"] as const)
    .filter((row) => row.remove !== "on")
    .map(({ remove: _, keep, ...row }) => ({ keep, ...row }))
    .filter((row) => !isBlank(row));
  const members = kept.map(({ keep, ...row }) => ({
    ...row,
    ...(keep === "" ? {} : { keep }),
    ...(declaration ? { declaration: "on" } : {}),
  }));
  return { rows: [...kept, ...Array.from({ length: BLANK_MEMBER_ROWS }, blankRow)], members };
}

/** The revision form pre-filled from the stored registration. */
export function revisionValuesFrom(r: Registration): RevisionFormValues {
  return {
    kimName: r.kimName,
    villageCode: r.villageCode,
    secretariatAddress: r.secretariatAddress,
    contactEmail: r.contactEmail,
    contactPhone: r.contactPhone,
    foundedOn: r.foundedOn,
    decree: { number: r.decreeNumber, date: r.decreeDate, issuer: r.decreeIssuer },
    website: r.website ?? "",
    socials: withBlankSocials(r.socials.map((s) => ({ platform: s.platform, url: s.url }))),
    communityGroups: r.communityGroups.join("\n"),
  };
}

/** Reads a posted revision form: the values to show again and the body for `resubmitRegistration`. */
export function readRevisionForm(body: FormBody): {
  values: RevisionFormValues;
  rows: MemberRowValues[];
  raw: Record<string, unknown>;
} {
  // Social rows socials[0] to socials[99] are read: the schema refuses more than ten accounts.
  const { values, application } = readApplicationFields(body, 100);
  const { rows, members } = readMemberRows(body);
  return { values, rows, raw: { ...application, members } };
}
