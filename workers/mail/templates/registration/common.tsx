import * as z from "zod";
import { formatDateHuman, formatWitaHuman } from "../../../domain/time";
import { MailButton } from "../render";
import type { MailContent } from "../types";
import { label } from "../types";

/**
 * Shared pieces of the KIM approval mails (`registration_*`, `kim_*`): the params naming a
 * registration, and one layout of paragraphs with call-to-action buttons, so the plain-text and
 * HTML bodies always say the same thing.
 */

/** The params every registration mail starts with: which KIM, where. */
export const registrationParams = {
  /** e.g. "KIM Long La'ai Bersatu" */
  kimName: label(),
  /** e.g. "Kampung Long La'ai, Kecamatan Segah" */
  villageName: label(),
};

/** A YYYY-MM-DD date for people: "12 Januari 2026" (the pages use the same `formatDateHuman`). */
export const formatDateId = formatDateHuman;

export const isoDate = () => z.iso.date();

export interface ButtonSpec {
  label: string;
  url: string;
}

/**
 * Mail content from paragraphs, buttons and closing paragraphs. In the text body each button
 * becomes "label: URL".
 *
 * @example
 * paragraphsWithButtons({ subject, heading, before: ["…"], buttons: [{ label: "Buka", url }], reason })
 */
export function paragraphsWithButtons(input: {
  subject: string;
  heading: string;
  before: string[];
  buttons?: ButtonSpec[];
  after?: string[];
  reason: string;
}): MailContent {
  const buttons = input.buttons ?? [];
  const after = input.after ?? [];
  return {
    subject: input.subject,
    heading: input.heading,
    textParagraphs: [...input.before, ...buttons.map((b) => `${b.label}: ${b.url}`), ...after],
    html: (
      <>
        {input.before.map((p) => (
          <p>{p}</p>
        ))}
        {buttons.map((b) => (
          <MailButton href={b.url} label={b.label} />
        ))}
        {after.map((p) => (
          <p>{p}</p>
        ))}
      </>
    ),
    reason: input.reason,
  };
}

/** "KIM X di Kampung Y": the registration as one phrase. */
export const kimPhrase = (p: { kimName: string; villageName: string }) => `${p.kimName} di ${p.villageName}`;

/** A moment for people in WITA. */
export const when = (iso: string) => formatWitaHuman(new Date(iso));
