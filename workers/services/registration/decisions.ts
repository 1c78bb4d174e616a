import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type Registration, registrations } from "../../../schema";
import type { Actor } from "../../domain/actor";
import { canOnAll, type ResourceFor } from "../../domain/policy";
import { registrationNumberPrefix } from "../../domain/registration/number";
import {
  isRevisionField,
  MAX_REASON_LENGTH,
  REVISION_FIELDS,
  type RevisionRequestField,
} from "../../domain/registration/revision";
import { type RegistrationEvent, type RegistrationStatus, transition } from "../../domain/registration/status";
import type { Settings } from "../../domain/settings";
import { controlCharacterMessage, hasControlCharacters, normalizeText } from "../../domain/text";
import { AppError, type ErrorDetail, notFound, validationFailed } from "../../errors";
import type { Logger } from "../../log";
import { assertCan, forbidden } from "../authorize";
import { computeDeadline } from "../calendar";
import type { ServiceDeps } from "../deps";
import { loadSettings } from "../settings";
import { isGuardFailure } from "../status-guard";
import { type TransitionInput, transitionStatements } from "./transitions";

/**
 * The decisions people make on a KIM registration: the village head endorses or refuses (or a
 * verifier records it on their behalf), a verifier approves, rejects or sends it back for
 * revision, the applicant withdraws. D1 is the system of record and the `RegistrationFlow`
 * drives time, so every decision:
 *
 * 1. loads the registration and asks the policy (`can`) and the state machine (`transition`);
 * 2. writes the new status, the next stage's deadline (computed here with the working-day
 *    calendar, like the intake's first one), the locks, the timeline event and the audit entry
 *    in one guarded `db.batch()` (`services/registration/transitions.ts`): a decision racing another, or
 *    the flow's expiry, loses with 409 and changes nothing;
 * 3. wakes the flow with a `decision` event. The flow re-reads D1 and continues from the status
 *    it finds, and it sends every e-mail itself; so a lost event only delays the notices until
 *    the flow's next deadline, and an event for a decision the flow already saw is harmless.
 */

/** The event type the flow waits for; its payload only says what was decided, the flow reads D1. */
export const REGISTRATION_DECISION_EVENT = "decision";

export interface DecisionEventPayload {
  event: RegistrationEvent;
  status: RegistrationStatus;
}

/** What a decision needs besides storage and the clock: the flow binding to wake, a logger for a failed wake. */
export interface DecisionDeps extends ServiceDeps {
  flow: Pick<Workflow, "get">;
  logger: Logger;
}

/** The registration after a decision. */
export interface DecisionResult {
  id: string;
  status: RegistrationStatus;
  dueAt: string | null;
  registrationNumber: string | null;
}

const result = (
  r: Pick<Registration, "id">,
  status: RegistrationStatus,
  set: { dueAt?: string | null; registrationNumber?: string | null } = {},
) => ({
  id: r.id,
  status,
  dueAt: set.dueAt ?? null,
  registrationNumber: set.registrationNumber ?? null,
});

/**
 * Sends the flow a `decision` event. A failure is logged, not thrown: the decision is already in
 * D1, and the flow finds it at its next deadline (or, when the instance was never started, the
 * intake's repeat of the submission starts it).
 */
export async function wakeRegistrationFlow(
  deps: Pick<DecisionDeps, "flow" | "logger">,
  registrationId: string,
  payload: DecisionEventPayload,
): Promise<void> {
  try {
    const instance = await deps.flow.get(registrationId);
    await instance.sendEvent({ type: REGISTRATION_DECISION_EVENT, payload });
  } catch (err) {
    deps.logger.log("warn", "registration_flow_wake_failed", { registrationId, error: (err as Error).message });
  }
}

/** Loads a registration for a decision; 404 only for actors who may see every registration, else 403. */
async function loadRegistration(deps: ServiceDeps, actor: Actor, id: string): Promise<Registration> {
  const row = await deps.db.select().from(registrations).where(eq(registrations.id, id)).get();
  if (!row) throw canOnAll(actor, "registration.read") ? notFound("Pendaftaran tidak ditemukan.") : forbidden();
  return row;
}

const resourceOf = (r: Pick<Registration, "villageCode">): ResourceFor<"registration.endorse"> => ({
  kind: "registration",
  villageCode: r.villageCode,
});

/** 409 with the state machine's message when `event` is not allowed in the registration's status. */
function nextStatus(r: Registration, event: RegistrationEvent, villageChanged = false): RegistrationStatus {
  const t = transition(r.status, event, { villageChanged });
  if (!t.ok) throw new AppError(409, "conflict", t.error.message);
  return t.status;
}

const STAGE_MESSAGES: Partial<Record<RegistrationStatus, string>> = {
  awaiting_endorsement: "Pendaftaran ini tidak sedang menunggu pengesahan kepala kampung/lurah.",
  awaiting_verification: "Pendaftaran ini tidak sedang menunggu verifikasi.",
};

/** Endorsement and verification decisions apply only in their own stage (reject exists in both). */
function assertStage(r: Registration, stage: RegistrationStatus, event: RegistrationEvent): RegistrationStatus {
  if (r.status !== stage)
    throw new AppError(409, "conflict", STAGE_MESSAGES[stage] ?? "Tindakan ini tidak berlaku lagi.");
  return nextStatus(r, event);
}

const conflict = () =>
  new AppError(
    409,
    "conflict",
    "Pendaftaran ini baru saja diubah oleh orang lain. Muat ulang halaman dan periksa lagi.",
  );

/** A free text (reason, note) as typed, normalised as multi-line text; a control character is refused. */
function freeText(value: string | undefined, path: string, label: string, errors: ErrorDetail[]): string {
  const text = normalizeText(value ?? "", "multi-line").trim();
  if (hasControlCharacters(text, "multi-line")) {
    errors.push({ path, message: controlCharacterMessage(label, "multi-line"), code: "control_character" });
  }
  return text;
}

/** A required free text (reason, note): trimmed, 1 to MAX_REASON_LENGTH characters. */
function requiredText(value: string | undefined, path: string, label: string, errors: ErrorDetail[]): string {
  const text = freeText(value, path, label, errors);
  if (text === "") errors.push({ path, message: `${label} wajib diisi.`, code: "required" });
  else if (text.length > MAX_REASON_LENGTH) {
    errors.push({ path, message: `${label} paling banyak ${MAX_REASON_LENGTH} karakter.`, code: "too_long" });
  }
  return text;
}

function optionalText(value: string | undefined, path: string, label: string, errors: ErrorDetail[]) {
  const text = freeText(value, path, label, errors);
  if (text.length > MAX_REASON_LENGTH) {
    errors.push({ path, message: `${label} paling banyak ${MAX_REASON_LENGTH} karakter.`, code: "too_long" });
  }
  return text || undefined;
}

/** True when the actor holds `village_head` for this very village (not merely a role that may act there). */
function isVillageHeadOf(actor: Actor, villageCode: string): boolean {
  return (
    actor.type === "official" &&
    (actor.grants ?? []).some((g) => g.role === "village_head" && g.scope.id === villageCode)
  );
}

/**
 * Who endorses: the village head themself, or a verifier (or administrator) recording it on the
 * village head's behalf, which needs `registration.endorse_on_behalf` and a note of what they
 * checked (it goes into the timeline and the audit trail).
 */
function endorsementAuthority(
  actor: Actor,
  r: Registration,
  note: string | undefined,
  errors: ErrorDetail[],
): { onBehalf: boolean; note: string | undefined } {
  if (isVillageHeadOf(actor, r.villageCode)) {
    assertCan(actor, "registration.endorse", resourceOf(r));
    return { onBehalf: false, note: optionalText(note, "note", "Catatan", errors) };
  }
  assertCan(actor, "registration.endorse_on_behalf", resourceOf(r));
  return {
    onBehalf: true,
    note: requiredText(note, "note", "Catatan pencatatan atas nama kepala kampung/lurah", errors),
  };
}

/** Runs the guarded transition batch (plus `extra`); returns the batch's results, `extra`'s last. */
async function write(
  deps: DecisionDeps,
  input: Omit<TransitionInput, "at" | "requestId" | "settings">,
  settings: Settings,
  extra: BatchItem<"sqlite">[] = [],
): Promise<unknown[]> {
  try {
    return await deps.db.batch([
      ...transitionStatements(deps.db, { ...input, at: deps.now(), requestId: deps.requestId, settings }),
      ...extra,
    ]);
  } catch (err) {
    if (isGuardFailure(err)) throw conflict();
    throw err;
  }
}

async function deadline(deps: ServiceDeps, days: number): Promise<Pick<Registration, "dueAt" | "calendarComplete">> {
  const d = await computeDeadline(deps.db, deps.now(), days);
  return { dueAt: d.due.toISOString(), calendarComplete: d.calendarComplete };
}

/** Options every decision takes: statements to land in the same batch (an action link's nonce). */
export interface DecisionOptions {
  extra?: BatchItem<"sqlite">[];
}

/**
 * The village head endorses the registration (confirms the formation decree), or a verifier
 * records the endorsement on their behalf with a mandatory `note`. It moves to verification with
 * a deadline of `registration.verificationDays` working days.
 *
 * @example
 * await endorseRegistration(deps, lurah, { registrationId: "REG-7K3M9QXT2B" })
 * // { id, status: "awaiting_verification", dueAt: "2026-03-27T15:59:59.000Z", registrationNumber: null }
 */
export async function endorseRegistration(
  deps: DecisionDeps,
  actor: Actor,
  input: { registrationId: string; note?: string },
  options: DecisionOptions = {},
): Promise<DecisionResult> {
  const r = await loadRegistration(deps, actor, input.registrationId);
  const errors: ErrorDetail[] = [];
  const who = endorsementAuthority(actor, r, input.note, errors);
  if (errors.length) throw validationFailed(errors);
  const to = assertStage(r, "awaiting_endorsement", "endorse");
  const settings = await loadSettings(deps.db);
  const set = await deadline(deps, settings["registration.verificationDays"]);
  await write(
    deps,
    {
      registration: r,
      event: "endorse",
      to,
      actor,
      reason: who.note ?? null,
      detail: who.onBehalf ? { onBehalfOf: "village_head" } : { by: "village_head" },
      set,
      auditAction: who.onBehalf ? "registration.endorse_on_behalf" : "registration.endorse",
      auditDetail: who.onBehalf ? { note: who.note } : {},
    },
    settings,
    options.extra,
  );
  await wakeRegistrationFlow(deps, r.id, { event: "endorse", status: to });
  return result(r, to, set);
}

/**
 * The village head refuses to endorse, with a `reason` the applicant will read; a verifier may
 * record the refusal on their behalf with a `note` as well. The registration closes and frees
 * its village and people.
 */
export async function rejectEndorsement(
  deps: DecisionDeps,
  actor: Actor,
  input: { registrationId: string; reason?: string; note?: string },
  options: DecisionOptions = {},
): Promise<DecisionResult> {
  const r = await loadRegistration(deps, actor, input.registrationId);
  const errors: ErrorDetail[] = [];
  const who = endorsementAuthority(actor, r, input.note, errors);
  const reason = requiredText(input.reason, "reason", "Alasan penolakan", errors);
  if (errors.length) throw validationFailed(errors);
  const to = assertStage(r, "awaiting_endorsement", "reject");
  const settings = await loadSettings(deps.db);
  await write(
    deps,
    {
      registration: r,
      event: "reject",
      to,
      actor,
      reason,
      detail: { stage: "endorsement", ...(who.onBehalf ? { onBehalfOf: "village_head", note: who.note } : {}) },
      auditAction: who.onBehalf ? "registration.reject_endorsement_on_behalf" : "registration.reject_endorsement",
      auditDetail: { reason, ...(who.onBehalf ? { note: who.note } : {}) },
    },
    settings,
    options.extra,
  );
  await wakeRegistrationFlow(deps, r.id, { event: "reject", status: to });
  return result(r, to);
}

/**
 * The village's next registration number as an SQL expression, for the approval's own UPDATE:
 * one more than the highest sequence ever issued under the village's prefix, padded to three
 * digits (`printf` widens past 999 as `formatRegistrationNumber` does). D1 runs each batch
 * alone, so a number computed inside the statement that writes it cannot be taken by a
 * concurrent approval: any number of approvals in one village each get the next number, with no
 * read-then-write race and no retry. The UNIQUE index on the column stays as the last guard.
 */
function nextNumberSql(villageCode: string) {
  const prefix = registrationNumberPrefix(villageCode);
  // Spelled out with an alias: unqualified, the inner columns would bind to the row being updated.
  return sql`(select ${prefix} || printf('%03d', coalesce(max(cast(substr("n"."registration_number", ${prefix.length + 1}) as integer)), 0) + 1) from "registrations" as "n" where "n"."registration_number" like ${`${prefix}%`})`;
}

/**
 * A verifier approves: the KIM becomes active with the next registration number of its village
 * (`KIM-6403042001-001`), allocated inside the approval's UPDATE (`nextNumberSql`), so
 * concurrent approvals in one village (possible when `kim.onePerVillage` is off) each succeed
 * with their own number. The audit entry in the same batch records the number written.
 *
 * @example
 * await approveRegistration(deps, verifier, { registrationId }) // { status: "approved", registrationNumber: "KIM-6403042001-001", … }
 */
export async function approveRegistration(
  deps: DecisionDeps,
  actor: Actor,
  input: { registrationId: string; note?: string },
): Promise<DecisionResult> {
  const r = await loadRegistration(deps, actor, input.registrationId);
  assertCan(actor, "registration.verify", resourceOf(r));
  const errors: ErrorDetail[] = [];
  const note = optionalText(input.note, "note", "Catatan", errors);
  if (errors.length) throw validationFailed(errors);
  const to = assertStage(r, "awaiting_verification", "approve");
  const settings = await loadSettings(deps.db);
  const written = sql`(select "registration_number" from "registrations" where "id" = ${r.id})`;
  const results = await write(
    deps,
    {
      registration: r,
      event: "approve",
      to,
      actor,
      reason: note ?? null,
      set: { registrationNumber: nextNumberSql(r.villageCode), approvedAt: deps.now().toISOString(), dueAt: null },
      auditDetail: { registrationNumber: written },
    },
    settings,
    [
      deps.db
        .select({ number: registrations.registrationNumber })
        .from(registrations)
        .where(eq(registrations.id, r.id)),
    ],
  );
  const [row] = results.at(-1) as { number: string | null }[];
  await wakeRegistrationFlow(deps, r.id, { event: "approve", status: to });
  return result(r, to, { registrationNumber: row?.number ?? null });
}

/** A verifier rejects the registration with a `reason` the applicant will read. It closes and frees its village and people. */
export async function rejectRegistration(
  deps: DecisionDeps,
  actor: Actor,
  input: { registrationId: string; reason?: string },
): Promise<DecisionResult> {
  const r = await loadRegistration(deps, actor, input.registrationId);
  assertCan(actor, "registration.verify", resourceOf(r));
  const errors: ErrorDetail[] = [];
  const reason = requiredText(input.reason, "reason", "Alasan penolakan", errors);
  if (errors.length) throw validationFailed(errors);
  const to = assertStage(r, "awaiting_verification", "reject");
  const settings = await loadSettings(deps.db);
  await write(
    deps,
    { registration: r, event: "reject", to, actor, reason, detail: { stage: "verification" }, auditDetail: { reason } },
    settings,
  );
  await wakeRegistrationFlow(deps, r.id, { event: "reject", status: to });
  return result(r, to);
}

/**
 * A verifier sends the registration back to the applicant, naming each part to fix and why
 * (`fields`, at least one); an optional `summary` heads the list. The applicant has
 * `registration.revisionDays` working days to resubmit through the signed form the flow mails.
 *
 * @example
 * await requestRevision(deps, verifier, { registrationId, fields: [{ path: "decree", reason: "Nomor SK tidak terbaca." }] })
 */
export async function requestRevision(
  deps: DecisionDeps,
  actor: Actor,
  input: { registrationId: string; fields: { path: string; reason?: string }[]; summary?: string },
): Promise<DecisionResult> {
  const r = await loadRegistration(deps, actor, input.registrationId);
  assertCan(actor, "registration.verify", resourceOf(r));
  const errors: ErrorDetail[] = [];
  const fields: RevisionRequestField[] = [];
  const seen = new Set<string>();
  for (const f of input.fields) {
    if (!isRevisionField(f.path) || seen.has(f.path)) {
      errors.push({
        path: "fields",
        message: "Bagian yang harus diperbaiki tidak dikenal atau disebut dua kali.",
        code: "invalid",
      });
      continue;
    }
    seen.add(f.path);
    const reason = requiredText(f.reason, `reasons.${f.path}`, `Alasan perbaikan ${REVISION_FIELDS[f.path]}`, errors);
    fields.push({ path: f.path, reason });
  }
  if (input.fields.length === 0) {
    errors.push({
      path: "fields",
      message: "Pilih paling sedikit satu bagian yang harus diperbaiki.",
      code: "required",
    });
  }
  const summary = optionalText(input.summary, "summary", "Ringkasan", errors);
  if (errors.length) throw validationFailed(errors);
  const to = assertStage(r, "awaiting_verification", "revise");
  const settings = await loadSettings(deps.db);
  const set = await deadline(deps, settings["registration.revisionDays"]);
  await write(
    deps,
    {
      registration: r,
      event: "revise",
      to,
      actor,
      reason: summary ?? fields.map((f) => `${REVISION_FIELDS[f.path]}: ${f.reason}`).join("; "),
      detail: { fields },
      set,
      auditDetail: { fields: fields.map((f) => f.path) },
    },
    settings,
  );
  await wakeRegistrationFlow(deps, r.id, { event: "revise", status: to });
  return result(r, to, set);
}

/**
 * The applicant withdraws a pending registration (through their signed link, so `actor` is the
 * public actor of that link). It closes and frees its village and people; an optional `reason`
 * goes on the timeline.
 */
export async function withdrawRegistration(
  deps: DecisionDeps,
  actor: Actor,
  input: { registrationId: string; reason?: string },
  options: DecisionOptions = {},
): Promise<DecisionResult> {
  const r = await deps.db.select().from(registrations).where(eq(registrations.id, input.registrationId)).get();
  if (!r) throw notFound("Pendaftaran tidak ditemukan.");
  const errors: ErrorDetail[] = [];
  const reason = optionalText(input.reason, "reason", "Alasan", errors);
  if (errors.length) throw validationFailed(errors);
  const to = nextStatus(r, "withdraw");
  const settings = await loadSettings(deps.db);
  await write(deps, { registration: r, event: "withdraw", to, actor, reason: reason ?? null }, settings, options.extra);
  await wakeRegistrationFlow(deps, r.id, { event: "withdraw", status: to });
  return result(r, to);
}
