import { and, asc, desc, eq } from "drizzle-orm";
import { areas, type Registration, registrationEvents, registrations } from "../../../schema";
import type { AppConfig } from "../../config";
import type { Db } from "../../db";
import { type Actor, systemActor } from "../../domain/actor";
import {
  type FlowStage,
  flowMailKey,
  reminderMoment,
  reminderWindow,
  STAGE_OF_STATUS,
  stageRound,
  VERIFICATION_ESCALATION,
} from "../../domain/registration/deadlines";
import { isRevisionField, REVISION_FIELDS, type RevisionRequestField } from "../../domain/registration/revision";
import { type RegistrationStatus, transition } from "../../domain/registration/status";
import type { Settings } from "../../domain/settings";
import { villageLabel } from "../../domain/villages";
import type { Logger } from "../../log";
import type { MailQueueMessage } from "../../mail/messages";
import { type EnqueueMailInput, enqueueMail } from "../../mail/outbox";
import type { TemplateName } from "../../mail/templates";
import { auditEntry } from "../audit";
import { computeDeadline, loadHolidayCalendar } from "../calendar";
import type { Recipient } from "../recipients";
import { loadSettings } from "../settings";
import { isGuardFailure } from "../status-guard";
import { endorsementLinks, revisionFormLink } from "./links";
import { escalationEmails, verifierEmails, villageHeads } from "./recipients";
import { registrationGuard, transitionStatements } from "./transitions";

/**
 * The bodies of `RegistrationFlow`'s steps. Each runs inside one `step.do`, reads the
 * registration from D1 first and acts only when it is still in the status the step is for, so a
 * step that runs again after a failure, or after a decision overtook it, changes nothing twice:
 * mail is deduplicated by key (`flowMailKey`), timeline entries by the key in their detail, and
 * status changes by the guard of `services/registration/transitions.ts`. Results are small and free of
 * personal data (statuses and ISO moments), because the engine stores them.
 */

export interface FlowDeps {
  db: Db;
  config: AppConfig;
  queue: Queue<MailQueueMessage>;
  now: () => Date;
  /** Names the run in the audit trail, e.g. `registration-flow:REG-…`. */
  requestId: string;
  logger: Logger;
}

/** The flow acts as this system actor in the timeline and the audit trail. */
export const FLOW_ACTOR: Actor = systemActor("registration-flow");

/** What a step found: the registration moved on (the flow re-reads its status), or the step's result. */
export type StepOutcome<T> = { changed: true } | ({ changed: false } & T);
const CHANGED = { changed: true } as const;

/** A stage's timing: its deadline and the moment of the reminder before it (null when that moment has passed). */
export interface StageTiming {
  dueAt: string;
  reminderAt: string | null;
}

/** The public tracking page (the intake's) and the officials' detail page of a registration. */
export const trackingLink = (id: string) => `/daftar-kim/${id}`;
export const detailLink = (id: string) => `/pendaftaran/${id}`;
export const certificateLink = (number: string) => `/kim/${number}/sertifikat`;
export const membersRequestLink = (number: string) => `/kim/${number}/anggota`;

/** A registration with its village as people name it ("Kampung Long La'ai"). */
export interface RegistrationView extends Registration {
  villageName: string;
}

/** A registration and its village's name, or undefined for an unknown id. */
export async function loadRegistrationView(db: Db, id: string): Promise<RegistrationView | undefined> {
  const row = await db
    .select({ registration: registrations, villageName: areas.name, villageLevel: areas.level })
    .from(registrations)
    .innerJoin(areas, eq(areas.code, registrations.villageCode))
    .where(eq(registrations.id, id))
    .get();
  if (!row) return undefined;
  return { ...row.registration, villageName: villageLabel({ level: row.villageLevel, name: row.villageName }) };
}

const mailDeps = (deps: FlowDeps) => ({ db: deps.db, queue: deps.queue, config: deps.config, now: deps.now() });

/** Sends one flow mail; a message with nobody to send to is skipped and logged instead of failing the step. */
async function send<T extends TemplateName>(deps: FlowDeps, input: EnqueueMailInput<T>): Promise<number> {
  if (input.to.length === 0) {
    deps.logger.log("warn", "registration_flow_no_recipients", { template: input.template, key: input.dedupeKey });
    return 0;
  }
  await enqueueMail(mailDeps(deps), input);
  return input.to.length;
}

const item = (r: RegistrationView) => `Pendaftaran ${r.kimName}, ${r.villageName}`;
const names = (r: RegistrationView) => ({ kimName: r.kimName, villageName: r.villageName });

/**
 * Adds a `remind` or `escalate` timeline entry once: a repeated step finds the entry by its key
 * and returns the detail stored the first time (so a deadline computed then stays the deadline).
 */
async function recordOnce(
  deps: FlowDeps,
  registrationId: string,
  kind: "remind" | "escalate",
  detail: Record<string, unknown> & { key: string },
): Promise<Record<string, unknown>> {
  const existing = await deps.db
    .select({ detail: registrationEvents.detail })
    .from(registrationEvents)
    .where(and(eq(registrationEvents.registrationId, registrationId), eq(registrationEvents.kind, kind)))
    .orderBy(desc(registrationEvents.id));
  const found = existing.find((e) => e.detail?.key === detail.key);
  if (found?.detail) return found.detail;
  await deps.db.insert(registrationEvents).values({
    registrationId,
    at: deps.now().toISOString(),
    kind,
    actorType: FLOW_ACTOR.type,
    actorId: FLOW_ACTOR.id,
    detail,
  });
  return detail;
}

/** The deadline of a pending registration, computing and storing it when the row has none. */
async function ensureDeadline(deps: FlowDeps, r: Registration, days: number): Promise<string | undefined> {
  if (r.dueAt) return r.dueAt;
  const d = await computeDeadline(deps.db, deps.now(), days);
  try {
    await deps.db.batch([
      registrationGuard(deps.db, r.id, r.status, null),
      deps.db
        .update(registrations)
        .set({ dueAt: d.due.toISOString(), calendarComplete: d.calendarComplete })
        .where(eq(registrations.id, r.id)),
    ]);
  } catch (err) {
    if (isGuardFailure(err)) return undefined;
    throw err;
  }
  return d.due.toISOString();
}

/** The reminder moment before `dueAt`, or null when it is not in the future any more. */
async function reminderFor(deps: FlowDeps, dueAt: string, settings: Settings): Promise<string | null> {
  const due = new Date(dueAt);
  const daysBefore = settings["reminder.daysBefore"];
  const { first, last } = reminderWindow(due, daysBefore);
  const at = reminderMoment(due, daysBefore, await loadHolidayCalendar(deps.db, first, last));
  return at.getTime() > deps.now().getTime() ? at.toISOString() : null;
}

export interface FlowState {
  status: RegistrationStatus | "missing";
  /** Round of the current stage (see `stageRound`); 1 for closed statuses. */
  round: number;
}

/** The registration's status and the round of its stage, as the flow's loop reads them. */
export async function readFlowState(deps: Pick<FlowDeps, "db">, id: string): Promise<FlowState> {
  const [found, events] = await deps.db.batch([
    deps.db.select({ status: registrations.status }).from(registrations).where(eq(registrations.id, id)),
    deps.db
      .select({ kind: registrationEvents.kind, toStatus: registrationEvents.toStatus })
      .from(registrationEvents)
      .where(eq(registrationEvents.registrationId, id)),
  ]);
  const status = found[0]?.status;
  if (!status) return { status: "missing", round: 1 };
  return { status, round: STAGE_OF_STATUS[status] ? stageRound(events, status) : 1 };
}

/** The current status alone, for the check after each wait. */
export async function readStatus(deps: Pick<FlowDeps, "db">, id: string): Promise<RegistrationStatus | "missing"> {
  const row = await deps.db
    .select({ status: registrations.status })
    .from(registrations)
    .where(eq(registrations.id, id))
    .get();
  return row?.status ?? "missing";
}

async function pending(deps: FlowDeps, id: string, status: RegistrationStatus) {
  const r = await loadRegistrationView(deps.db, id);
  return r && r.status === status ? r : undefined;
}

async function endorsementMails(
  deps: FlowDeps,
  r: RegistrationView,
  round: number,
  kind: "request" | "reminder" | "final",
  dueAt: string,
): Promise<{ heads: number }> {
  const heads = await villageHeads(deps.db, r.villageCode);
  const level = { request: 0, reminder: 1, final: 2 }[kind];
  for (const head of heads) {
    const links = await endorsementLinks(deps.config, r.id, head.id, new Date(dueAt));
    await send(deps, {
      template: "registration_endorsement_request",
      to: [head.email],
      params: {
        ...names(r),
        kind,
        decreeNumber: r.decreeNumber,
        decreeDate: r.decreeDate,
        decreeIssuer: r.decreeIssuer,
        dueAt,
        endorseLink: links.endorse,
        rejectLink: links.reject,
      },
      dedupeKey: flowMailKey(r.id, "endorsement", round, kind, level, head.id),
    });
  }
  return { heads: heads.length };
}

/** Pending registrations of one village handed over per grant: far above any real village's count. */
const HANDOVER_LIMIT = 20;

/**
 * A village head who appears after registrations of their village were sent (invited, or
 * granted the role, later) gets the endorsement request of each registration of that village
 * still awaiting endorsement, with their own links and the registration's current deadline.
 * The dedupe key is the one the flow's request step uses for that person, so the request goes
 * out once per village head whichever comes first; the flow's reminder and escalation steps
 * look the heads up again and include them too. Returns how many requests were queued.
 *
 * @example
 * await sendPendingEndorsements(deps, "64.03.04.2001", { id: official.id, email }) // 1
 */
export async function sendPendingEndorsements(deps: FlowDeps, villageCode: string, head: Recipient): Promise<number> {
  const waiting = await deps.db
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.villageCode, villageCode), eq(registrations.status, "awaiting_endorsement")))
    .orderBy(asc(registrations.createdAt))
    .limit(HANDOVER_LIMIT);
  let sent = 0;
  for (const { id } of waiting) {
    const r = await pending(deps, id, "awaiting_endorsement");
    // No deadline yet: the flow's request step has not run, and it will find this head itself.
    if (!r?.dueAt) continue;
    const { round } = await readFlowState(deps, id);
    const links = await endorsementLinks(deps.config, r.id, head.id, new Date(r.dueAt));
    await send(deps, {
      template: "registration_endorsement_request",
      to: [head.email],
      params: {
        ...names(r),
        kind: "request",
        decreeNumber: r.decreeNumber,
        decreeDate: r.decreeDate,
        decreeIssuer: r.decreeIssuer,
        dueAt: r.dueAt,
        endorseLink: links.endorse,
        rejectLink: links.reject,
      },
      dedupeKey: flowMailKey(r.id, "endorsement", round, "request", 0, head.id),
    });
    sent += 1;
  }
  return sent;
}

/**
 * Endorsement, first step of a round: the request to each village head of the village (each with
 * their own endorse and refuse links), or, when none is on file, a notice to the verifiers.
 */
export async function startEndorsement(deps: FlowDeps, id: string, round: number): Promise<StepOutcome<StageTiming>> {
  const r = await pending(deps, id, "awaiting_endorsement");
  if (!r) return CHANGED;
  const settings = await loadSettings(deps.db);
  const dueAt = await ensureDeadline(deps, r, settings["registration.endorsementDays"]);
  if (!dueAt) return CHANGED;
  const { heads } = await endorsementMails(deps, r, round, "request", dueAt);
  if (heads === 0) {
    await send(deps, {
      template: "registration_no_village_head",
      to: await verifierEmails(deps.db),
      params: { ...names(r), dueAt, detailLink: detailLink(r.id) },
      dedupeKey: flowMailKey(r.id, "endorsement", round, "no-village-head"),
    });
  }
  return { changed: false, dueAt, reminderAt: await reminderFor(deps, dueAt, settings) };
}

/** The reminder before the endorsement deadline: to the village heads, or to the verifiers when there are none. */
export async function remindEndorsement(deps: FlowDeps, id: string, round: number): Promise<StepOutcome<object>> {
  const r = await pending(deps, id, "awaiting_endorsement");
  if (!r?.dueAt) return CHANGED;
  const { heads } = await endorsementMails(deps, r, round, "reminder", r.dueAt);
  let recipients = heads;
  if (heads === 0) {
    recipients = await send(deps, {
      template: "deadline_reminder",
      to: await verifierEmails(deps.db),
      params: {
        item: item(r),
        action: "mencatat pengesahan atas nama kepala kampung/lurah (belum ada kepala kampung/lurah terdaftar)",
        dueAt: r.dueAt,
        link: detailLink(r.id),
        reason: "Anda verifikator pendaftaran KIM.",
      },
      dedupeKey: flowMailKey(r.id, "endorsement", round, "reminder", 1),
    });
  }
  await recordOnce(deps, r.id, "remind", {
    key: flowMailKey(r.id, "endorsement", round, "reminder", 1),
    stage: "endorsement",
    round,
    recipients,
  });
  return { changed: false };
}

/**
 * The endorsement deadline passed: a second deadline of `registration.endorsementGraceDays`
 * working days is stored as the registration's deadline (once: a repeat finds it stored), the
 * verifiers are told, and the village heads are reminded again.
 */
export async function escalateEndorsement(
  deps: FlowDeps,
  id: string,
  round: number,
  firstDueAt: string,
): Promise<StepOutcome<{ dueAt: string }>> {
  const r = await pending(deps, id, "awaiting_endorsement");
  if (!r) return CHANGED;
  const key = flowMailKey(r.id, "endorsement", round, "escalation", 1);
  let dueAt = r.dueAt ?? firstDueAt;
  if (dueAt === firstDueAt) {
    const settings = await loadSettings(deps.db);
    const grace = await computeDeadline(deps.db, deps.now(), settings["registration.endorsementGraceDays"]);
    dueAt = grace.due.toISOString();
    try {
      await deps.db.batch([
        registrationGuard(deps.db, r.id, "awaiting_endorsement", firstDueAt),
        deps.db
          .update(registrations)
          .set({ dueAt, calendarComplete: grace.calendarComplete, updatedAt: deps.now().toISOString() })
          .where(eq(registrations.id, r.id)),
        deps.db.insert(registrationEvents).values({
          registrationId: r.id,
          at: deps.now().toISOString(),
          kind: "escalate",
          actorType: FLOW_ACTOR.type,
          actorId: FLOW_ACTOR.id,
          detail: { key, stage: "endorsement", round, level: 1, previousDueAt: firstDueAt, dueAt },
        }),
        auditEntry(deps.db, {
          actor: FLOW_ACTOR,
          action: "registration.escalate",
          subject: { type: "registration", id: r.id },
          requestId: deps.requestId,
          at: deps.now(),
          detail: { stage: "endorsement", level: 1, dueAt },
        }),
      ]);
    } catch (err) {
      if (!isGuardFailure(err)) throw err;
      // A decision landed, or a previous attempt already stored the second deadline: read which.
      const again = await pending(deps, id, "awaiting_endorsement");
      if (!again?.dueAt || again.dueAt === firstDueAt) return CHANGED;
      dueAt = again.dueAt;
    }
  }
  const { heads } = await endorsementMails(deps, r, round, "final", dueAt);
  await send(deps, {
    template: "registration_endorsement_overdue",
    to: await verifierEmails(deps.db),
    params: { ...names(r), firstDueAt, dueAt, villageHeadOnFile: heads > 0, detailLink: detailLink(r.id) },
    dedupeKey: key,
  });
  return { changed: false, dueAt };
}

const EXPIRY_REASONS: Record<"endorsement" | "revision", string> = {
  endorsement: "Kepala kampung/lurah tidak memberikan pengesahan sampai tenggat kedua berakhir.",
  revision: "Perbaikan pendaftaran tidak dikirim sampai tenggat perbaikan berakhir.",
};

/**
 * A final deadline passed without a decision: the registration expires (locks released, timeline
 * and audit written in one guarded batch). The notice to the applicant follows from the closed status.
 */
export async function expireRegistration(
  deps: FlowDeps,
  id: string,
  stage: "endorsement" | "revision",
): Promise<StepOutcome<object>> {
  const status = stage === "endorsement" ? "awaiting_endorsement" : "needs_revision";
  const r = await pending(deps, id, status);
  if (!r) return CHANGED;
  const t = transition(r.status, "expire");
  if (!t.ok) return CHANGED;
  const settings = await loadSettings(deps.db);
  try {
    await deps.db.batch(
      transitionStatements(deps.db, {
        registration: r,
        event: "expire",
        to: t.status,
        actor: FLOW_ACTOR,
        at: deps.now(),
        requestId: deps.requestId,
        settings,
        reason: EXPIRY_REASONS[stage],
        detail: { stage, dueAt: r.dueAt },
      }),
    );
  } catch (err) {
    if (isGuardFailure(err)) return CHANGED;
    throw err;
  }
  return { changed: false };
}

/**
 * Verification, first step of a round: the request to the verifiers (a resubmission says so),
 * and, when the round began with the endorsement, the applicant is told their registration was
 * endorsed and now waits for verification.
 */
export async function startVerification(deps: FlowDeps, id: string, round: number): Promise<StepOutcome<StageTiming>> {
  const r = await pending(deps, id, "awaiting_verification");
  if (!r) return CHANGED;
  const settings = await loadSettings(deps.db);
  const dueAt = await ensureDeadline(deps, r, settings["registration.verificationDays"]);
  if (!dueAt) return CHANGED;
  const events = await deps.db
    .select({ kind: registrationEvents.kind, toStatus: registrationEvents.toStatus, detail: registrationEvents.detail })
    .from(registrationEvents)
    .where(eq(registrationEvents.registrationId, id))
    .orderBy(asc(registrationEvents.id));
  const last = events.findLast((e) => e.toStatus === "awaiting_verification");
  await send(deps, {
    template: "registration_verification_request",
    to: await verifierEmails(deps.db),
    params: { ...names(r), resubmitted: last?.kind === "resubmit", dueAt, detailLink: detailLink(r.id) },
    dedupeKey: flowMailKey(r.id, "verification", round, "request"),
  });
  if (last?.kind === "endorse") {
    // Keyed by the endorsement round that ended, so a second endorsement (after a move) mails again.
    await send(deps, {
      template: "registration_endorsed",
      to: [r.contactEmail],
      params: {
        ...names(r),
        onBehalf: last.detail?.onBehalfOf === "village_head",
        dueAt,
        trackingLink: trackingLink(r.id),
      },
      dedupeKey: flowMailKey(r.id, "endorsement", stageRound(events, "awaiting_endorsement"), "endorsed"),
    });
  }
  return { changed: false, dueAt, reminderAt: await reminderFor(deps, dueAt, settings) };
}

/** The reminder before the verification deadline, to the verifiers. */
export async function remindVerification(deps: FlowDeps, id: string, round: number): Promise<StepOutcome<object>> {
  const r = await pending(deps, id, "awaiting_verification");
  if (!r?.dueAt) return CHANGED;
  const key = flowMailKey(r.id, "verification", round, "reminder", 1);
  const recipients = await send(deps, {
    template: "deadline_reminder",
    to: await verifierEmails(deps.db),
    params: {
      item: item(r),
      action: "memverifikasi pendaftaran ini",
      dueAt: r.dueAt,
      link: detailLink(r.id),
      reason: "Anda verifikator pendaftaran KIM.",
    },
    dedupeKey: key,
  });
  await recordOnce(deps, r.id, "remind", { key, stage: "verification", round, recipients });
  return { changed: false };
}

/**
 * The verification deadline (or the previous level's) passed: escalation `level` (1 = the
 * verifiers' head, 2 = leadership) is mailed and recorded. Returns when the next level is due
 * (`registration.verificationEscalationDays` working days on), or null after the last level.
 */
export async function escalateVerification(
  deps: FlowDeps,
  id: string,
  round: number,
  level: number,
): Promise<StepOutcome<{ nextAt: string | null }>> {
  const r = await pending(deps, id, "awaiting_verification");
  const to = VERIFICATION_ESCALATION[level - 1];
  if (!r?.dueAt || !to) return CHANGED;
  const key = flowMailKey(r.id, "verification", round, "escalation", level);
  const settings = await loadSettings(deps.db);
  const next =
    level < VERIFICATION_ESCALATION.length
      ? (
          await computeDeadline(deps.db, deps.now(), settings["registration.verificationEscalationDays"])
        ).due.toISOString()
      : null;
  const recipients = await send(deps, {
    template: "deadline_escalation",
    to: await escalationEmails(deps.db, to),
    params: {
      item: item(r),
      action: "memverifikasi pendaftaran ini",
      dueAt: r.dueAt,
      responsible: "Verifikator Bidang IKP Diskominfo",
      level,
      link: detailLink(r.id),
      reason:
        to === "verifier_head"
          ? "Anda tercatat sebagai kepala verifikator pendaftaran KIM."
          : "Anda tercatat sebagai pimpinan penerima eskalasi pendaftaran KIM.",
    },
    dedupeKey: key,
  });
  const stored = await recordOnce(deps, r.id, "escalate", {
    key,
    stage: "verification",
    round,
    level,
    to,
    recipients,
    nextAt: next,
  });
  if (recipients === 0) deps.logger.log("warn", "registration_escalation_unaddressed", { registrationId: id, level });
  return { changed: false, nextAt: typeof stored.nextAt === "string" ? stored.nextAt : null };
}

async function revisionFields(deps: FlowDeps, id: string) {
  const event = await deps.db
    .select({ reason: registrationEvents.reason, detail: registrationEvents.detail })
    .from(registrationEvents)
    .where(and(eq(registrationEvents.registrationId, id), eq(registrationEvents.kind, "revise")))
    .orderBy(desc(registrationEvents.id))
    .get();
  const raw = Array.isArray(event?.detail?.fields) ? (event.detail.fields as RevisionRequestField[]) : [];
  const fields = raw.flatMap((f) =>
    isRevisionField(f.path) ? [{ label: REVISION_FIELDS[f.path], reason: f.reason }] : [],
  );
  return { fields, summary: event?.reason ?? undefined };
}

async function revisionMail(deps: FlowDeps, r: RegistrationView, round: number, reminder: boolean) {
  if (!r.dueAt) return;
  const { fields, summary } = await revisionFields(deps, r.id);
  await send(deps, {
    template: "registration_revision_request",
    to: [r.contactEmail],
    params: {
      ...names(r),
      reminder,
      fields: fields.length > 0 ? fields : [{ label: "Pendaftaran", reason: summary ?? "Lihat catatan verifikator." }],
      summary: fields.length > 0 ? summary : undefined,
      dueAt: r.dueAt,
      formLink: await revisionFormLink(deps.config, r.id, new Date(r.dueAt)),
      trackingLink: trackingLink(r.id),
    },
    dedupeKey: flowMailKey(r.id, "revision", round, reminder ? "reminder" : "request", reminder ? 1 : 0),
  });
}

/** Revision, first step of a round: the applicant gets what to fix and a signed link to the pre-filled form. */
export async function startRevision(deps: FlowDeps, id: string, round: number): Promise<StepOutcome<StageTiming>> {
  const r = await pending(deps, id, "needs_revision");
  if (!r) return CHANGED;
  const settings = await loadSettings(deps.db);
  const dueAt = await ensureDeadline(deps, r, settings["registration.revisionDays"]);
  if (!dueAt) return CHANGED;
  await revisionMail(deps, { ...r, dueAt }, round, false);
  return { changed: false, dueAt, reminderAt: await reminderFor(deps, dueAt, settings) };
}

/** The reminder before the revision deadline, to the applicant, with a fresh form link. */
export async function remindRevision(deps: FlowDeps, id: string, round: number): Promise<StepOutcome<object>> {
  const r = await pending(deps, id, "needs_revision");
  if (!r?.dueAt) return CHANGED;
  await revisionMail(deps, r, round, true);
  await recordOnce(deps, r.id, "remind", {
    key: flowMailKey(r.id, "revision", round, "reminder", 1),
    stage: "revision",
    round,
    recipients: 1,
  });
  return { changed: false };
}

/** The stage a closing event happened in, from its detail or the status it left. */
function closedStage(event: {
  fromStatus: RegistrationStatus | null;
  detail: Record<string, unknown> | null;
}): FlowStage {
  const stage = event.detail?.stage;
  if (stage === "endorsement" || stage === "verification" || stage === "revision") return stage;
  return (event.fromStatus && STAGE_OF_STATUS[event.fromStatus]) || "verification";
}

/**
 * The last mail of a registration, once it is approved or closed: the approval with the
 * certificate link, or the rejection, expiry or withdrawal notice with its reason.
 */
export async function sendClosingNotice(
  deps: FlowDeps,
  id: string,
): Promise<{ status: RegistrationStatus | "missing" }> {
  const r = await loadRegistrationView(deps.db, id);
  if (!r) return { status: "missing" };
  const closing = await deps.db
    .select({
      reason: registrationEvents.reason,
      fromStatus: registrationEvents.fromStatus,
      detail: registrationEvents.detail,
    })
    .from(registrationEvents)
    .where(and(eq(registrationEvents.registrationId, id), eq(registrationEvents.toStatus, r.status)))
    .orderBy(desc(registrationEvents.id))
    .get();
  const key = flowMailKey(r.id, "closing", 1, r.status);
  const base = { ...names(r), trackingLink: trackingLink(r.id) };
  const reason = closing?.reason ?? "Tidak ada keterangan.";
  switch (r.status) {
    case "approved":
      if (r.registrationNumber) {
        await send(deps, {
          template: "registration_approved",
          to: [r.contactEmail],
          params: {
            ...names(r),
            registrationNumber: r.registrationNumber,
            certificateLink: certificateLink(r.registrationNumber),
            membersLink: membersRequestLink(r.registrationNumber),
          },
          dedupeKey: key,
        });
      }
      break;
    case "rejected":
      await send(deps, {
        template: "registration_rejected",
        to: [r.contactEmail],
        params: { ...base, stage: closing ? closedStage(closing) : "verification", reason },
        dedupeKey: key,
      });
      break;
    case "expired":
      await send(deps, {
        template: "registration_expired",
        to: [r.contactEmail],
        params: { ...base, stage: closing ? closedStage(closing) : "endorsement", reason },
        dedupeKey: key,
      });
      break;
    case "withdrawn":
      await send(deps, { template: "registration_withdrawn", to: [r.contactEmail], params: base, dedupeKey: key });
      break;
    default:
      break;
  }
  return { status: r.status };
}
