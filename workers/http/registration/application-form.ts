import { MEMBER_FIELDS, type MemberField } from "../../domain/registration/input";
import type { ApplicationFormValues, MemberFormValues } from "../../views/registration/form-values";
import { type FormBody, formText, indexedRows } from "../form-body";

/**
 * What the public registration form and the applicant's revision form both read: the KIM's own
 * fields (name, village, contacts, decree, website, social accounts, community groups) and the
 * member rows. Field names follow the error paths, so an error lands beside its field.
 */

/** Social account rows a form shows. */
export const SOCIAL_ROWS = 3;

/** The same fields as the input schema reads them: only the filled social rows, one entry per group. */
export type ApplicationFields = Omit<ApplicationFormValues, "communityGroups"> & { communityGroups: string[] };

/** An empty member row; new rows are preset to `anggota`. */
export const emptyMember = (role = "anggota"): MemberFormValues => ({
  fullName: "",
  nik: "",
  gender: "",
  birthDate: "",
  phone: "",
  role,
  sectionName: "",
  occupation: "",
});

/** True when nothing but the preset role was filled in. */
export const isBlankMember = (m: MemberFormValues) => MEMBER_FIELDS.every((f) => f === "role" || m[f].trim() === "");

/**
 * The member rows as sent (`members[i].fullName` …), in index order, those with an index below
 * `limit`; `extra` names further fields of a row the form has (the editor's `keep` and `remove`).
 *
 * @example
 * readMemberFields(body, MAX_MEMBERS) // [{ fullName: "Siti", nik: "6403…", gender: "P", …, occupation: "…" }]
 */
export function readMemberFields<E extends string = never>(
  body: FormBody,
  limit: number,
  extra: readonly E[] = [],
): Record<MemberField | E, string>[] {
  return indexedRows<MemberField | E>(body, "members", [...MEMBER_FIELDS, ...extra], limit);
}

/** The social rows followed by blank ones up to `SOCIAL_ROWS`. */
export function withBlankSocials(
  socials: readonly { platform: string; url: string }[],
): { platform: string; url: string }[] {
  const rows = [...socials];
  while (rows.length < SOCIAL_ROWS) rows.push({ platform: "", url: "" });
  return rows;
}

/**
 * Reads the KIM's own fields of a posted form. `values` is what the form shows again (filled
 * social rows, then blank ones); `application` is the same for the input schema. Social rows
 * with an index below `socialLimit` are read.
 *
 * @example
 * readApplicationFields(await c.req.parseBody({ all: true }), 10)
 * // { values: { kimName, …, communityGroups: "PKK\nKarang Taruna" }, application: { kimName, …, communityGroups: ["PKK", "Karang Taruna"] } }
 */
export function readApplicationFields(
  body: FormBody,
  socialLimit: number,
): { values: ApplicationFormValues; application: ApplicationFields } {
  const filledSocials = indexedRows(body, "socials", ["platform", "url"] as const, socialLimit).filter(
    (s) => s.platform.trim() !== "" || s.url.trim() !== "",
  );
  const values: ApplicationFormValues = {
    kimName: formText(body, "kimName"),
    villageCode: formText(body, "villageCode"),
    secretariatAddress: formText(body, "secretariatAddress"),
    contactEmail: formText(body, "contactEmail"),
    contactPhone: formText(body, "contactPhone"),
    foundedOn: formText(body, "foundedOn"),
    decree: {
      number: formText(body, "decree.number"),
      date: formText(body, "decree.date"),
      issuer: formText(body, "decree.issuer"),
    },
    website: formText(body, "website"),
    socials: withBlankSocials(filledSocials),
    communityGroups: formText(body, "communityGroups"),
  };
  return {
    values,
    application: {
      ...values,
      socials: filledSocials,
      communityGroups: values.communityGroups
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ""),
    },
  };
}
