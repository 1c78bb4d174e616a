import { eq } from "drizzle-orm";
import * as z from "zod";
import { aspirations } from "../../../schema";
import type { Actor } from "../../domain/actor";
import type { AspirationStatus } from "../../domain/aspiration/status";
import { workingDaysBetween } from "../../domain/calendar";
import { typeError } from "../../domain/fields";
import { plainText } from "../../domain/text";
import { addDays, witaDate } from "../../domain/time";
import { AppError, validationFailed } from "../../errors";
import { assertCan } from "../authorize";
import { computeDeadline, loadHolidayCalendar } from "../calendar";
import { loadSettings } from "../settings";
import { agencyDeadline } from "./agency-deadline";
import { isActiveAgency } from "./form-data";
import { noticeAnswered, noticeInfoRequested, noticeRouted } from "./notices";
import {
  type AspirationDecisionDeps,
  act,
  caseFor,
  decide,
  internalNoteText,
  loadCase,
  notNow,
  parseFields,
  reasonText,
} from "./transition";

export type { AspirationDecisionDeps } from "./transition";

/**
 * What officials decide on an aspiration: Diskominfo's verifiers route it to an agency, reject it
 * (spam or a duplicate), declare it outside the regency's authority, ask the reporter for more
 * information, and approve or refuse an agency's request to transfer it; the agency answers it.
 * Each decision is written by `transition.ts` as one guarded batch.
 */

const routeFields = z.object({
  agencyId: z.string({ error: "Pilih OPD tujuan." }).trim().min(1, "Pilih OPD tujuan.").max(60),
  note: internalNoteText("Catatan"),
});

/** A tracking code anywhere in a text, however it was typed. */
const TRACKING_CODE_IN_TEXT = /asp[\s-]*[2-9a-hj-np-z]{4}[\s-]*[2-9a-hj-np-z]{4}/i;

const rejectFields = z.object({
  // Public on the tracking page: another case's code there would hand its reporter's key to this one.
  reason: reasonText("Alasan penolakan", 5).refine((text) => !TRACKING_CODE_IN_TEXT.test(text), {
    message: "Alasan dibaca pelapor: jangan cantumkan kode pelacakan laporan lain (isi kolom kode laporan asli).",
  }),
  duplicateOf: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^ASP-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/, "Kode aspirasi asli harus seperti ASP-7K3Q-H9TM.")
    .optional(),
});

const declineFields = z.object({
  reason: reasonText("Alasan", 5),
  referTo: plainText("Instansi yang berwenang", { error: typeError("Instansi yang berwenang", "teks") })
    .trim()
    .min(3, "Tulis instansi yang berwenang, paling sedikit 3 karakter.")
    .max(200, "Instansi yang berwenang paling banyak 200 karakter."),
});

const answerFields = z.object({
  publicAnswer: reasonText("Jawaban", 10),
  internalNote: internalNoteText(),
});

const requestInfoFields = z.object({ question: reasonText("Pertanyaan untuk pelapor", 10) });

const transferDecisionFields = z.object({
  approve: z.boolean({ error: "Pilih: setujui atau tolak pengalihan." }),
  note: internalNoteText("Catatan"),
});

/**
 * A verifier routes a received case to the agency that can act (the category's agency is the
 * suggestion; the verifier may pick another). Starts the agency's deadline in working days.
 *
 * @example
 * await routeAspiration(deps, verifier, { code: "ASP-7K3Q-H9TM", agencyId: "pupr", note: "Lokasi sudah dicek." })
 */
export async function routeAspiration(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; agencyId?: unknown; note?: unknown },
): Promise<{ status: AspirationStatus; dueAt: string }> {
  assertCan(actor, "aspiration.route", { kind: "aspiration", agencyId: null });
  const fields = parseFields(routeFields, {
    agencyId: input.agencyId,
    note: input.note,
  });
  const aspiration = await caseFor(deps, input.code, "route");
  if (!(await isActiveAgency(deps.db, fields.agencyId))) {
    throw validationFailed([
      { path: "agencyId", code: "unknown_agency", message: "Pilih OPD yang aktif dari daftar." },
    ]);
  }
  const settings = await loadSettings(deps.db);
  const now = deps.now();
  const deadline = await agencyDeadline(deps.db, settings, aspiration, now);
  const notice = await noticeRouted(deps, aspiration, { agencyId: fields.agencyId, dueAt: deadline.due });
  const status = await decide(
    deps,
    {
      aspiration,
      event: "route",
      actor,
      at: now,
      requestId: deps.requestId,
      set: { agencyId: fields.agencyId, escalationLevel: 0 },
      closes: "verification",
      opens: {
        stage: "agency",
        agencyId: fields.agencyId,
        dueAt: deadline.due,
        calendarComplete: deadline.calendarComplete,
      },
      internalNote: fields.note ?? null,
      detail: { agencyId: fields.agencyId },
    },
    notice,
  );
  return { status, dueAt: deadline.dueWita };
}

/**
 * A verifier closes a received case as spam or a duplicate (naming the original), with a reason
 * the reporter reads on the tracking page.
 */
export async function rejectAspiration(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; reason?: unknown; duplicateOf?: unknown },
): Promise<{ status: AspirationStatus }> {
  assertCan(actor, "aspiration.close", { kind: "aspiration", agencyId: null });
  const fields = parseFields(rejectFields, {
    reason: input.reason,
    duplicateOf: input.duplicateOf || undefined,
  });
  const aspiration = await caseFor(deps, input.code, "reject");
  if (fields.duplicateOf) {
    const original = await deps.db
      .select({ code: aspirations.code })
      .from(aspirations)
      .where(eq(aspirations.code, fields.duplicateOf))
      .get();
    if (!original || original.code === aspiration.code) {
      throw validationFailed([
        { path: "duplicateOf", code: "unknown_aspiration", message: "Kode aspirasi asli tidak ditemukan." },
      ]);
    }
  }
  const status = await decide(deps, {
    aspiration,
    event: "reject",
    actor,
    at: deps.now(),
    requestId: deps.requestId,
    set: { duplicateOf: fields.duplicateOf ?? null },
    closes: "verification",
    publicNote: fields.reason,
    detail: fields.duplicateOf ? { duplicateOf: fields.duplicateOf } : {},
  });
  return { status };
}

/**
 * A verifier declares a received case outside the regency's authority, saying why and where the
 * reporter can turn instead (DOMAIN.md: bukan wewenang).
 */
export async function declineAspiration(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; reason?: unknown; referTo?: unknown },
): Promise<{ status: AspirationStatus }> {
  assertCan(actor, "aspiration.close", { kind: "aspiration", agencyId: null });
  const fields = parseFields(declineFields, {
    reason: input.reason,
    referTo: input.referTo,
  });
  const aspiration = await caseFor(deps, input.code, "decline");
  const status = await decide(deps, {
    aspiration,
    event: "decline",
    actor,
    at: deps.now(),
    requestId: deps.requestId,
    closes: "verification",
    publicNote: `${fields.reason}\nSilakan sampaikan kepada: ${fields.referTo}`,
  });
  return { status };
}

/**
 * The agency answers a case it holds: a public reply the reporter and (for a non-secret case) the
 * public read, and an internal note for officials only. Starts the reporter's feedback window.
 */
export async function answerAspiration(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; publicAnswer?: unknown; internalNote?: unknown },
): Promise<{ status: AspirationStatus; feedbackDueAt: string }> {
  const aspiration = await loadCase(deps.db, input.code);
  assertCan(actor, "aspiration.answer", { kind: "aspiration", agencyId: aspiration.agencyId });
  const fields = parseFields(answerFields, {
    publicAnswer: input.publicAnswer,
    internalNote: input.internalNote || undefined,
  });
  if (aspiration.status !== "routed" && aspiration.status !== "in_progress") throw notNow(aspiration.status);
  const settings = await loadSettings(deps.db);
  const now = deps.now();
  const feedback = await computeDeadline(deps.db, now, settings["aspiration.autoCloseDays"]);
  const notice = await noticeAnswered(deps, aspiration, feedback.due);
  const status = await decide(
    deps,
    {
      aspiration,
      event: "answer",
      actor,
      at: now,
      requestId: deps.requestId,
      set: { publicAnswer: fields.publicAnswer, answeredAt: now.toISOString() },
      closes: "agency",
      opens: {
        stage: "feedback",
        agencyId: aspiration.agencyId,
        dueAt: feedback.due,
        calendarComplete: feedback.calendarComplete,
      },
      internalNote: fields.internalNote ?? null,
    },
    notice,
  );
  return { status, feedbackDueAt: feedback.dueWita };
}

/** Working days left until `dueAt` (at least 1): what a paused verification gets back on the reply. */
async function workingDaysLeft(deps: AspirationDecisionDeps, now: Date, dueAt: string | null): Promise<number> {
  const settings = await loadSettings(deps.db);
  if (!dueAt) return settings["aspiration.verificationDays"];
  const due = new Date(dueAt);
  if (due <= now) return 1;
  const calendar = await loadHolidayCalendar(deps.db, witaDate(now), addDays(witaDate(due), 1));
  return Math.max(1, workingDaysBetween(now, due, calendar).days);
}

/**
 * A verifier asks the reporter for more information. The verification clock pauses: the working
 * days left are kept for when the reporter replies, and the reply has its own deadline, after
 * which the flow closes the case. The question is public on the tracking page; a reporter who
 * left an e-mail address is told.
 */
export async function requestInformation(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; question?: unknown },
): Promise<{ status: AspirationStatus; replyDueAt: string }> {
  assertCan(actor, "aspiration.verify", { kind: "aspiration", agencyId: null });
  const fields = parseFields(requestInfoFields, { question: input.question });
  const aspiration = await caseFor(deps, input.code, "request_info");
  const settings = await loadSettings(deps.db);
  const now = deps.now();
  const remainingDays = await workingDaysLeft(deps, now, aspiration.dueAt);
  const reply = await computeDeadline(deps.db, now, settings["aspiration.replyDays"]);
  const notice = await noticeInfoRequested(deps, aspiration, reply.due);
  const status = await decide(
    deps,
    {
      aspiration,
      event: "request_info",
      actor,
      at: now,
      requestId: deps.requestId,
      closes: "verification",
      opens: { stage: "needs_info", agencyId: null, dueAt: reply.due, calendarComplete: reply.calendarComplete },
      publicNote: fields.question,
      detail: { remainingDays },
    },
    notice,
  );
  return { status, replyDueAt: reply.dueWita };
}

/**
 * A verifier approves or refuses an agency's request to hand a case to another agency. On
 * approval the first agency's deadline row is closed as it stands (breached when already past:
 * the statistics count the miss against that agency), and the new agency gets a fresh deadline.
 */
export async function decideTransfer(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; approve?: unknown; note?: unknown },
): Promise<{ status: AspirationStatus; agencyId: string | null }> {
  assertCan(actor, "aspiration.route", { kind: "aspiration", agencyId: null });
  const fields = parseFields(transferDecisionFields, { approve: input.approve, note: input.note || undefined });
  const aspiration = await loadCase(deps.db, input.code);
  const target = aspiration.transferRequestedTo;
  if (!target || (aspiration.status !== "routed" && aspiration.status !== "in_progress")) {
    throw notNow(aspiration.status, "Tidak ada permintaan pengalihan yang menunggu keputusan.");
  }
  const now = deps.now();
  if (!fields.approve) {
    await act(deps, {
      aspiration,
      kind: "refuse_transfer",
      actor,
      at: now,
      requestId: deps.requestId,
      set: { transferRequestedTo: null },
      onlyIf: eq(aspirations.transferRequestedTo, target),
      internalNote: fields.note ?? null,
      detail: { to: target },
    });
    return { status: aspiration.status, agencyId: aspiration.agencyId };
  }
  if (!(await isActiveAgency(deps.db, target))) {
    throw new AppError(409, "conflict", "OPD tujuan pengalihan sudah tidak aktif. Tolak permintaan ini.");
  }
  const settings = await loadSettings(deps.db);
  const fresh = { ...aspiration, deadlineClass: "standard" as const };
  const deadline = await agencyDeadline(deps.db, settings, fresh, now);
  const notice = await noticeRouted(deps, aspiration, { agencyId: target, dueAt: deadline.due });
  const status = await decide(
    deps,
    {
      aspiration,
      event: "transfer",
      actor,
      at: now,
      requestId: deps.requestId,
      set: {
        agencyId: target,
        transferRequestedTo: null,
        escalationLevel: 0,
        deadlineClass: "standard",
        extension: null,
      },
      closes: "agency",
      opens: { stage: "agency", agencyId: target, dueAt: deadline.due, calendarComplete: deadline.calendarComplete },
      internalNote: fields.note ?? null,
      detail: { from: aspiration.agencyId, to: target },
    },
    notice,
  );
  return { status, agencyId: target };
}
