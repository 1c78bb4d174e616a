/**
 * The registry of mail templates: name → { params (zod schema), render(params, ctx) → { subject, text, html } }.
 *
 * Adding a template is one file and one line:
 *   1. a file beside this one, e.g. `mail/templates/registration/approved.tsx`, exporting
 *      `defineTemplate({ params: z.object({...}), content(p, ctx) { return { subject, heading,
 *      textParagraphs, html, reason }; } })` with `defineTemplate` from `./render` (copy
 *      `deadline-reminder.tsx`): links are paths made absolute with `ctx.url(path)`, text is in
 *      Bahasa Indonesia, `reason` completes the footer's "Anda menerima email ini karena …";
 *   2. one line in `templates` below: `registration_approved: registrationApproved,`.
 * `enqueueMail` then accepts `template: "registration_approved"` with its params type-checked.
 *
 * Names are stored in the outbox: never rename or remove a template that queued mail may still
 * use; add a new one instead.
 */
import type { z } from "zod";
import { aspirationAnswered } from "./aspiration/answered";
import { aspirationCriticalDigest } from "./aspiration/critical-digest";
import { aspirationDecisionNeeded } from "./aspiration/decision-needed";
import { aspirationInfoRequested } from "./aspiration/info-requested";
import { aspirationReceived } from "./aspiration/received";
import { aspirationRouted } from "./aspiration/routed";
import { deadlineEscalation } from "./deadline-escalation";
import { deadlineReminder } from "./deadline-reminder";
import { failedMailSummary } from "./failed-mail-summary";
import { officialInvite } from "./official-invite";
import { registrationApproved } from "./registration/approved";
import { registrationExpired, registrationRejected, registrationWithdrawn } from "./registration/closed";
import { registrationEndorsed } from "./registration/endorsed";
import { registrationEndorsementOverdue } from "./registration/endorsement-overdue";
import { registrationEndorsementRequest } from "./registration/endorsement-request";
import { kimMembersChanged, kimMembersLink, registrationWithdrawLink } from "./registration/links";
import { registrationNoVillageHead } from "./registration/no-village-head";
import { registrationRevisionRequest } from "./registration/revision-request";
import { registrationSubmitted } from "./registration/submitted";
import { registrationVerificationRequest } from "./registration/verification-request";
import { signInLink } from "./sign-in-link";
import { statsMonthlyReport } from "./stats/monthly-report";
import type { MailTemplate, RenderContext, RenderedMail } from "./types";
import { workflowStranded } from "./workflow-stranded";

export const templates = {
  sign_in_link: signInLink,
  failed_mail_summary: failedMailSummary,
  deadline_reminder: deadlineReminder,
  deadline_escalation: deadlineEscalation,
  official_invite: officialInvite,
  workflow_stranded: workflowStranded,
  registration_endorsement_request: registrationEndorsementRequest,
  registration_no_village_head: registrationNoVillageHead,
  registration_endorsement_overdue: registrationEndorsementOverdue,
  registration_endorsed: registrationEndorsed,
  registration_verification_request: registrationVerificationRequest,
  registration_revision_request: registrationRevisionRequest,
  registration_rejected: registrationRejected,
  registration_expired: registrationExpired,
  registration_withdrawn: registrationWithdrawn,
  registration_approved: registrationApproved,
  registration_withdraw_link: registrationWithdrawLink,
  kim_members_link: kimMembersLink,
  kim_members_changed: kimMembersChanged,
  registration_submitted: registrationSubmitted,
  aspiration_received: aspirationReceived,
  aspiration_routed: aspirationRouted,
  aspiration_answered: aspirationAnswered,
  aspiration_critical_digest: aspirationCriticalDigest,
  aspiration_decision_needed: aspirationDecisionNeeded,
  aspiration_info_requested: aspirationInfoRequested,
  stats_monthly_report: statsMonthlyReport,
} as const satisfies Record<string, MailTemplate>;

export type TemplateName = keyof typeof templates;

/** The params a caller passes for template `T` (before zod defaults and transforms). */
export type TemplateParams<T extends TemplateName> = z.input<(typeof templates)[T]["params"]>;

/** Narrows a stored string to a known template name. */
export function isTemplateName(name: string): name is TemplateName {
  return Object.hasOwn(templates, name);
}

/**
 * Parses stored params with the template's schema and renders them. Returns the zod issues
 * instead when the params no longer fit the template (the consumer dead-letters such a row).
 */
export function renderTemplate(
  name: TemplateName,
  params: unknown,
  ctx: RenderContext,
): { ok: true; mail: RenderedMail } | { ok: false; issues: z.core.$ZodIssue[] } {
  // Widened to the common shape: the params were just parsed by this very template's schema.
  const template: MailTemplate = templates[name];
  const parsed = template.params.safeParse(params);
  return parsed.success
    ? { ok: true, mail: template.render(parsed.data, ctx) }
    : { ok: false, issues: parsed.error.issues };
}
