import { MAX_MEMBERS } from "../domain/registration-input";

/**
 * The `/daftar-kim` form's fields ↔ the application shape the input schema reads. Field names
 * follow the error paths (`members[3].occupation`, `decree.number`), so an error lands beside
 * its field. Blank member and social rows are dropped before validation, and the rows that were
 * filled move to the top when the form is shown again, so `members[i]` in an error is always the
 * i-th row on screen.
 */

/** Member rows a new form shows; "add rows" adds `ADDED_MEMBER_ROWS` empty ones without JavaScript. */
export const INITIAL_MEMBER_ROWS = 10;
export const ADDED_MEMBER_ROWS = 5;
export const SOCIAL_ROWS = 3;

const MEMBER_FIELDS = ["fullName", "nik", "gender", "birthDate", "phone", "role", "sectionName", "occupation"] as const;
type MemberField = (typeof MEMBER_FIELDS)[number];
export type MemberFormValues = Record<MemberField, string>;

export interface RegistrationFormValues {
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
  members: MemberFormValues[];
  declaration: boolean;
}

export type FormBody = Record<string, string | File | (string | File)[]>;

export interface RegistrationFormSubmission {
  /** What the form shows again: filled rows first, then the blank ones, at least as many rows as before. */
  values: RegistrationFormValues;
  /** The application for `submitRegistration`. */
  application: Record<string, unknown>;
  scan: File | undefined;
  token: string | undefined;
  /** `add_rows` asks for more empty member rows and submits nothing. */
  action: "submit" | "add_rows";
}

const emptyMember = (role = "anggota"): MemberFormValues => ({
  fullName: "",
  nik: "",
  gender: "",
  birthDate: "",
  phone: "",
  role,
  sectionName: "",
  occupation: "",
});

/** A new form: the first three rows preset to ketua, sekretaris and bendahara. */
export function emptyFormValues(rows = INITIAL_MEMBER_ROWS): RegistrationFormValues {
  const officers = ["ketua", "sekretaris", "bendahara"];
  return {
    kimName: "",
    villageCode: "",
    secretariatAddress: "",
    contactEmail: "",
    contactPhone: "",
    foundedOn: "",
    decree: { number: "", date: "", issuer: "" },
    website: "",
    socials: Array.from({ length: SOCIAL_ROWS }, () => ({ platform: "", url: "" })),
    communityGroups: "",
    members: Array.from({ length: rows }, (_, i) => emptyMember(officers[i])),
    declaration: false,
  };
}

/** A text field's value; a repeated field keeps its last value, a file counts as blank. */
function text(body: FormBody, name: string): string {
  const value = body[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === "string" ? last : "";
}

/** Rows of an indexed group (`members[i].field`) as sent, by index, at most `limit` of them. */
function rows<F extends string>(body: FormBody, group: string, fields: readonly F[], limit: number) {
  const pattern = new RegExp(`^${group}\\[(\\d{1,4})\\]\\.(\\w+)$`);
  const indices = new Set<number>();
  for (const name of Object.keys(body)) {
    const match = pattern.exec(name);
    if (match && Number(match[1]) < limit) indices.add(Number(match[1]));
  }
  return [...indices]
    .sort((a, b) => a - b)
    .map((i) => Object.fromEntries(fields.map((f) => [f, text(body, `${group}[${i}].${f}`)])) as Record<F, string>);
}

const isBlankMember = (m: MemberFormValues) => MEMBER_FIELDS.every((f) => f === "role" || m[f].trim() === "");

/**
 * Reads the posted form. `memberRows` (hidden) says how many rows were on screen, so blank rows
 * are not lost when the form is shown again.
 *
 * @example
 * readRegistrationForm(await c.req.parseBody())
 * // { values, application: { kimName, …, members: [{ fullName, nik, …, declaration: "on" }] }, scan, token, action }
 */
export function readRegistrationForm(body: FormBody): RegistrationFormSubmission {
  const action = text(body, "_action") === "add_rows" ? "add_rows" : "submit";
  const declaration = text(body, "declaration") === "on";
  const sent = rows(body, "members", MEMBER_FIELDS, MAX_MEMBERS);
  const filled = sent.filter((m) => !isBlankMember(m));
  const blank = sent.filter(isBlankMember);
  const onScreen = Math.min(MAX_MEMBERS, Math.max(Number.parseInt(text(body, "memberRows"), 10) || 0, sent.length));
  const wanted = Math.min(
    MAX_MEMBERS,
    Math.max(onScreen, filled.length) + (action === "add_rows" ? ADDED_MEMBER_ROWS : 0),
  );
  const members = [...filled, ...blank].slice(0, wanted);
  while (members.length < wanted) members.push(emptyMember());

  const sentSocials = rows(body, "socials", ["platform", "url"] as const, 10);
  const filledSocials = sentSocials.filter((s) => s.platform.trim() !== "" || s.url.trim() !== "");
  const socials = [...filledSocials];
  while (socials.length < SOCIAL_ROWS) socials.push({ platform: "", url: "" });

  const communityGroups = text(body, "communityGroups");
  const values: RegistrationFormValues = {
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
    communityGroups,
    members,
    declaration,
  };
  const scan = body.decreeScan instanceof File && body.decreeScan.size > 0 ? body.decreeScan : undefined;
  const token = text(body, "_token") || undefined;
  return {
    values,
    application: {
      kimName: values.kimName,
      villageCode: values.villageCode,
      secretariatAddress: values.secretariatAddress,
      contactEmail: values.contactEmail,
      contactPhone: values.contactPhone,
      foundedOn: values.foundedOn,
      decree: values.decree,
      website: values.website,
      socials: filledSocials,
      communityGroups: communityGroups
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== ""),
      // The one declaration checkbox of the form covers every member listed.
      members: filled.map((m) => ({ ...m, ...(declaration ? { declaration: "on" } : {}) })),
    },
    scan,
    token,
    action,
  };
}

/**
 * Where a problem is shown on the form: each member's declaration is the form's one checkbox,
 * and the community groups are lines of one text area.
 *
 * @example
 * formFieldPath("members[2].declaration") // "declaration"
 * formFieldPath("communityGroups[1]") // "communityGroups"
 */
export function formFieldPath(path: string): string {
  if (/^members\[\d+\]\.declaration$/.test(path)) return "declaration";
  if (/^communityGroups\[\d+\]$/.test(path)) return "communityGroups";
  return path;
}

/** The HTML id of a field: `members[2].nik` → `f-members-2-nik`. */
export function fieldId(path: string): string {
  return `f-${path.replace(/\]/g, "").replace(/[[.]/g, "-")}`;
}
