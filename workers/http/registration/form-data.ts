import { MAX_MEMBERS } from "../../domain/registration/input";
import type { RegistrationFormValues } from "../../views/registration/form-values";
import { type FormBody, formText } from "../form-body";
import {
  emptyMember,
  isBlankMember,
  readApplicationFields,
  readMemberFields,
  withBlankSocials,
} from "./application-form";

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
/** Social rows read from a post (`socials[0]` to `socials[9]`): the input schema takes at most ten accounts. */
const MAX_SOCIAL_ROWS = 10;

/** The posted body, as this form's route reads it. */
export type { FormBody };

export interface RegistrationFormSubmission {
  /** What the form shows again: filled rows first, then the blank ones, at least as many rows as before. */
  values: RegistrationFormValues;
  /** The application for `submitRegistration`. */
  application: Record<string, unknown>;
  scan: File | undefined;
  token: string | undefined;
  /** `add_rows` asks for more empty member rows and submits nothing. */
  action: "submit" | "add_rows";
  /** The index of the first blank member row shown again: where "add rows" lands the person. */
  firstBlankRow: number;
}

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
    socials: withBlankSocials([]),
    communityGroups: "",
    members: Array.from({ length: rows }, (_, i) => emptyMember(officers[i])),
    declaration: false,
  };
}

/**
 * Reads the posted form. `memberRows` (hidden) says how many rows were on screen, so blank rows
 * are not lost when the form is shown again.
 *
 * @example
 * readRegistrationForm(await c.req.parseBody())
 * // { values, application: { kimName, …, members: [{ fullName, nik, …, declaration: "on" }] }, scan, token, action }
 */
export function readRegistrationForm(body: FormBody): RegistrationFormSubmission {
  const action = formText(body, "_action") === "add_rows" ? "add_rows" : "submit";
  const declaration = formText(body, "declaration") === "on";
  const sent = readMemberFields(body, MAX_MEMBERS);
  const filled = sent.filter((m) => !isBlankMember(m));
  const blank = sent.filter(isBlankMember);
  const onScreen = Math.min(MAX_MEMBERS, Math.max(Number.parseInt(formText(body, "memberRows"), 10) || 0, sent.length));
  const wanted = Math.min(
    MAX_MEMBERS,
    Math.max(onScreen, filled.length) + (action === "add_rows" ? ADDED_MEMBER_ROWS : 0),
  );
  const members = [...filled, ...blank].slice(0, wanted);
  while (members.length < wanted) members.push(emptyMember());

  const fields = readApplicationFields(body, MAX_SOCIAL_ROWS);
  const scan = body.decreeScan instanceof File && body.decreeScan.size > 0 ? body.decreeScan : undefined;
  const token = formText(body, "_token") || undefined;
  return {
    values: { ...fields.values, members, declaration },
    application: {
      ...fields.application,
      // The one declaration checkbox of the form covers every member listed.
      members: filled.map((m) => ({ ...m, ...(declaration ? { declaration: "on" } : {}) })),
    },
    scan,
    token,
    action,
    firstBlankRow: Math.min(filled.length, members.length),
  };
}
