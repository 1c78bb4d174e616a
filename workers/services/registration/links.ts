import type { AppConfig } from "../../config";
import { createActionLink } from "../action-links";

/**
 * The signed links of the KIM approval flow (primitives in `action-links.ts`). Endorsement and
 * withdrawal links open the shared confirmation page at `/aksi/…`; the revision form and the
 * member editor are forms of their own and take the token in their path.
 */
export const REGISTRATION_LINK_ACTIONS = {
  /** A village head endorses; the link names the official (see `officialRecordId`). */
  endorse: "registration.endorse",
  /** A village head refuses to endorse, with a reason. */
  rejectEndorsement: "registration.reject_endorsement",
  /** The applicant withdraws a pending registration. */
  withdraw: "registration.withdraw",
  /** The applicant opens the pre-filled revision form and resubmits. */
  revise: "registration.revise",
  /** The officers of an active KIM change its member list. */
  members: "kim.members_edit",
} as const;

const OFFICIAL_SEPARATOR = "~";

/**
 * The record id of a link that acts for one official: `${registrationId}~${officialId}`, so the
 * action is recorded as theirs and refused once they no longer hold the role.
 */
export const officialRecordId = (registrationId: string, officialId: string) =>
  `${registrationId}${OFFICIAL_SEPARATOR}${officialId}`;

/** The registration and official of an `officialRecordId`, or undefined when it is not one. */
export function parseOfficialRecordId(recordId: string): { registrationId: string; officialId: string } | undefined {
  const at = recordId.indexOf(OFFICIAL_SEPARATOR);
  if (at <= 0 || at === recordId.length - 1) return undefined;
  return { registrationId: recordId.slice(0, at), officialId: recordId.slice(at + 1) };
}

type LinkConfig = Pick<AppConfig, "signingKey" | "publicBaseUrl">;

/** How long after the stage deadline a village head's links still open (the page then says whether they apply). */
const ENDORSEMENT_LINK_GRACE_MS = 60 * 24 * 60 * 60 * 1000;

/**
 * The two links of an endorsement request for one village head, as paths for mail templates.
 *
 * @example
 * await endorsementLinks(config, "REG-7K3M9QXT2B", officialId, dueAt) // { endorse: "/aksi/v1…", reject: "/aksi/v1…" }
 */
export async function endorsementLinks(
  config: LinkConfig,
  registrationId: string,
  officialId: string,
  dueAt: Date,
): Promise<{ endorse: string; reject: string }> {
  const recordId = officialRecordId(registrationId, officialId);
  const expiresAt = new Date(dueAt.getTime() + ENDORSEMENT_LINK_GRACE_MS);
  const [endorse, reject] = await Promise.all([
    createActionLink(config, { action: REGISTRATION_LINK_ACTIONS.endorse, recordId, expiresAt }),
    createActionLink(config, { action: REGISTRATION_LINK_ACTIONS.rejectEndorsement, recordId, expiresAt }),
  ]);
  return { endorse: endorse.path, reject: reject.path };
}

/** The applicant's withdrawal link (a path), valid until `expiresAt`. */
export async function withdrawLink(config: LinkConfig, registrationId: string, expiresAt: Date): Promise<string> {
  return (
    await createActionLink(config, { action: REGISTRATION_LINK_ACTIONS.withdraw, recordId: registrationId, expiresAt })
  ).path;
}

/** The path of the revision form for a token. */
export const revisionFormPath = (token: string) => `/kim/perbaikan/${token}`;
/** The path of the member editor for a token. */
export const memberEditorPath = (token: string) => `/kim/ubah-anggota/${token}`;

/** The applicant's link to the pre-filled revision form (a path), valid until the revision deadline. */
export async function revisionFormLink(config: LinkConfig, registrationId: string, dueAt: Date): Promise<string> {
  const { token } = await createActionLink(config, {
    action: REGISTRATION_LINK_ACTIONS.revise,
    recordId: registrationId,
    expiresAt: dueAt,
  });
  return revisionFormPath(token);
}

/** The officers' link to change an active KIM's member list (a path), valid until `expiresAt`. */
export async function memberEditorLink(config: LinkConfig, registrationId: string, expiresAt: Date): Promise<string> {
  const { token } = await createActionLink(config, {
    action: REGISTRATION_LINK_ACTIONS.members,
    recordId: registrationId,
    expiresAt,
  });
  return memberEditorPath(token);
}
