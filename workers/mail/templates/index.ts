/**
 * The registry of mail templates: name → { params (zod schema), content(params, ctx) }.
 *
 * Adding a template is two lines of work:
 *   1. a file beside this one, e.g. `registration-approved.tsx`, exporting
 *      `defineTemplate({ params: z.object({...}), content(p, ctx) { return { subject, heading,
 *      textParagraphs, html, reason }; } })` (copy `deadline-reminder.tsx`; links are paths made
 *      absolute with `ctx.url(path)`, text in Bahasa Indonesia, `reason` completes the footer's
 *      "Anda menerima email ini karena …");
 *   2. one line in `templates` below: `registration_approved: registrationApproved,`.
 * `enqueueMail` then accepts `template: "registration_approved"` with its params type-checked.
 *
 * Names are stored in the outbox: never rename or remove a template that queued mail may still
 * use; add a new one instead.
 */
import type { z } from "zod";
import { deadlineEscalation } from "./deadline-escalation";
import { deadlineReminder } from "./deadline-reminder";
import { failedMailSummary } from "./failed-mail-summary";
import { signInLink } from "./sign-in-link";
import type { MailTemplate } from "./types";

export const templates = {
  sign_in_link: signInLink,
  failed_mail_summary: failedMailSummary,
  deadline_reminder: deadlineReminder,
  deadline_escalation: deadlineEscalation,
} as const satisfies Record<string, MailTemplate>;

export type TemplateName = keyof typeof templates;

/** The params a caller passes for template `T` (before zod defaults and transforms). */
export type TemplateParams<T extends TemplateName> = z.input<(typeof templates)[T]["params"]>;

/** Narrows a stored string to a known template name. */
export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}
