import type { Registration } from "../../schema";
import type { StoredMember } from "../domain/member-list";
import { MAX_MEMBERS } from "../domain/registration-input";

/**
 * The member editor's fields (revision form and an active KIM's member change) ↔ the edit rows
 * the services read. Rows are `members[i].field`; a stored member's row carries its position in
 * `members[i].keep` and a blank NIK; `members[i].remove` drops a row. Removed and blank rows are
 * left out before validation and the rest keep their order, so `members[i]` in an error is the
 * i-th row when the form is shown again.
 */

export const MEMBER_FIELDS = [
  "fullName",
  "nik",
  "gender",
  "birthDate",
  "phone",
  "role",
  "sectionName",
  "occupation",
] as const;
export type MemberRowValues = Record<(typeof MEMBER_FIELDS)[number] | "keep", string>;

/** Empty rows offered for new members. */
export const BLANK_MEMBER_ROWS = 3;

export type FormBody = Record<string, string | File | (string | File)[]>;

function text(body: FormBody, name: string): string {
  const value = body[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === "string" ? last : "";
}

export const blankRow = (): MemberRowValues => ({
  keep: "",
  fullName: "",
  nik: "",
  gender: "",
  birthDate: "",
  phone: "",
  role: "anggota",
  sectionName: "",
  occupation: "",
});

/** The form rows of the stored members, then the blank rows. */
export function rowsFromStored(stored: readonly StoredMember[]): MemberRowValues[] {
  return [
    ...stored.map((m) => ({
      keep: String(m.position),
      fullName: m.fullName,
      nik: "",
      gender: m.gender,
      birthDate: m.birthDate,
      phone: m.phone,
      role: m.role,
      sectionName: m.sectionName ?? "",
      occupation: m.occupation,
    })),
    ...Array.from({ length: BLANK_MEMBER_ROWS }, blankRow),
  ];
}

const isBlank = (row: MemberRowValues) =>
  row.keep === "" && MEMBER_FIELDS.every((f) => f === "role" || row[f].trim() === "");

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
  const indices = new Set<number>();
  for (const name of Object.keys(body)) {
    const match = /^members\[(\d{1,4})\]\.\w+$/.exec(name);
    if (match && Number(match[1]) < MAX_MEMBERS + BLANK_MEMBER_ROWS) indices.add(Number(match[1]));
  }
  const declaration = text(body, "declaration") === "on";
  const kept = [...indices]
    .sort((a, b) => a - b)
    .filter((i) => text(body, `members[${i}].remove`) !== "on")
    .map(
      (i) =>
        ({
          keep: text(body, `members[${i}].keep`),
          ...Object.fromEntries(MEMBER_FIELDS.map((f) => [f, text(body, `members[${i}].${f}`)])),
        }) as MemberRowValues,
    )
    .filter((row) => !isBlank(row));
  const members = kept.map(({ keep, ...row }) => ({
    ...row,
    ...(keep === "" ? {} : { keep }),
    ...(declaration ? { declaration: "on" } : {}),
  }));
  return { rows: [...kept, ...Array.from({ length: BLANK_MEMBER_ROWS }, blankRow)], members };
}

/** The revision form's fields other than the members, as strings for showing them again. */
export interface RevisionFormValues {
  kimName: string;
  villageCode: string;
  secretariatAddress: string;
  contactEmail: string;
  contactPhone: string;
  foundedOn: string;
  decree: { number: string; date: string; issuer: string };
  website: string;
  socials: { platform: string; url: string }[];
  /** One group per line. */
  communityGroups: string;
}

export const SOCIAL_ROWS = 3;

/** The revision form pre-filled from the stored registration. */
export function revisionValuesFrom(r: Registration): RevisionFormValues {
  const socials: RevisionFormValues["socials"] = r.socials.map((s) => ({ platform: s.platform, url: s.url }));
  while (socials.length < SOCIAL_ROWS) socials.push({ platform: "", url: "" });
  return {
    kimName: r.kimName,
    villageCode: r.villageCode,
    secretariatAddress: r.secretariatAddress,
    contactEmail: r.contactEmail,
    contactPhone: r.contactPhone,
    foundedOn: r.foundedOn,
    decree: { number: r.decreeNumber, date: r.decreeDate, issuer: r.decreeIssuer },
    website: r.website ?? "",
    socials,
    communityGroups: r.communityGroups.join("\n"),
  };
}

/** Reads a posted revision form: the values to show again and the body for `resubmitRegistration`. */
export function readRevisionForm(body: FormBody): {
  values: RevisionFormValues;
  rows: MemberRowValues[];
  raw: Record<string, unknown>;
} {
  const socialIndices = new Set<number>();
  for (const name of Object.keys(body)) {
    const match = /^socials\[(\d{1,2})\]\.\w+$/.exec(name);
    if (match) socialIndices.add(Number(match[1]));
  }
  const sentSocials = [...socialIndices]
    .sort((a, b) => a - b)
    .map((i) => ({ platform: text(body, `socials[${i}].platform`), url: text(body, `socials[${i}].url`) }));
  const filledSocials = sentSocials.filter((s) => s.platform.trim() !== "" || s.url.trim() !== "");
  const socials = [...filledSocials];
  while (socials.length < SOCIAL_ROWS) socials.push({ platform: "", url: "" });
  const values: RevisionFormValues = {
    kimName: text(body, "kimName"),
    villageCode: text(body, "villageCode"),
    secretariatAddress: text(body, "secretariatAddress"),
    contactEmail: text(body, "contactEmail"),
    contactPhone: text(body, "contactPhone"),
    foundedOn: text(body, "foundedOn"),
    decree: {
      number: text(body, "decree.number"),
      date: text(body, "decree.date"),
      issuer: text(body, "decree.issuer"),
    },
    website: text(body, "website"),
    socials,
    communityGroups: text(body, "communityGroups"),
  };
  const { rows, members } = readMemberRows(body);
  return {
    values,
    rows,
    raw: {
      ...values,
      socials: filledSocials,
      communityGroups: values.communityGroups
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ""),
      members,
    },
  };
}
