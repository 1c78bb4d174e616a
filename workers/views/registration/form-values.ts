import type { MemberField } from "../../domain/registration/input";

/**
 * What the registration, revision and member-editor forms show again after a refused post: every
 * field as the strings the person typed. The routes (`http/registration/`) read posts into these
 * shapes; the views render them.
 */

/** The application's fields other than the members, as strings for showing them again. */
export interface ApplicationFormValues {
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

/** One member row of a form. */
export type MemberFormValues = Record<MemberField, string>;

/** A row of the member editor: a stored member carries its position in `keep`. */
export type MemberRowValues = MemberFormValues & { keep: string };

/** The revision form's fields other than the members, as strings for showing them again. */
export type RevisionFormValues = ApplicationFormValues;

export interface RegistrationFormValues extends ApplicationFormValues {
  members: MemberFormValues[];
  declaration: boolean;
}
