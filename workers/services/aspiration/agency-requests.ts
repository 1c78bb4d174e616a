import { and, count, eq, isNull } from "drizzle-orm";
import * as z from "zod";
import { type Aspiration, aspirationDeadlines, aspirationEvents, aspirations } from "../../../schema";
import type { Actor } from "../../domain/actor";
import type { AspirationStatus } from "../../domain/aspiration/status";
import type { Action } from "../../domain/policy";
import { AppError, validationFailed } from "../../errors";
import { assertCan } from "../authorize";
import { computeDeadline } from "../calendar";
import { loadSettings } from "../settings";
import { isActiveAgency } from "./form-data";
import { noticeDecisionNeeded } from "./notices";
import {
  type AspirationDecisionDeps,
  act,
  decide,
  internalNoteText,
  loadCase,
  notNow,
  parseFields,
  reasonText,
} from "./transition";

/**
 * What the agency holding a case may ask or declare besides answering it: that it has started,
 * that the case belongs to another agency (a verifier decides), that it needs more time (the
 * agency head decides, once per case), or that it needs a field investigation (the long deadline
 * class). None changes who is accountable for time already spent.
 */

const transferFields = z.object({
  agencyId: z.string({ error: "Pilih OPD tujuan." }).trim().min(1, "Pilih OPD tujuan.").max(60),
  reason: reasonText("Alasan pengalihan", 10),
});
const extensionFields = z.object({ reason: reasonText("Alasan perpanjangan", 10) });
const extensionDecisionFields = z.object({
  approve: z.boolean({ error: "Pilih: setujui atau tolak perpanjangan." }),
  note: internalNoteText("Catatan"),
});
const classifyFields = z.object({ reason: reasonText("Alasan pemeriksaan lapangan", 10) });

/** The case, when `actor` may take `action` on it for its agency and it is with that agency now. */
async function heldCase(deps: AspirationDecisionDeps, actor: Actor, code: string, action: Action): Promise<Aspiration> {
  const aspiration = await loadCase(deps.db, code);
  assertCan(actor, action, { kind: "aspiration", agencyId: aspiration.agencyId });
  if (aspiration.status !== "routed" && aspiration.status !== "in_progress") throw notNow(aspiration.status);
  return aspiration;
}

/** The agency marks a routed case as being handled: the reporter reads it on the tracking page. */
export async function startHandling(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string },
): Promise<{ status: AspirationStatus }> {
  const aspiration = await heldCase(deps, actor, input.code, "aspiration.answer");
  if (aspiration.status !== "routed") throw notNow(aspiration.status);
  const status = await decide(deps, { aspiration, event: "start", actor, at: deps.now(), requestId: deps.requestId });
  return { status };
}

/** The agency asks for the case to go to another agency; it stays accountable until a verifier approves. */
export async function requestTransfer(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; agencyId?: unknown; reason?: unknown },
): Promise<{ requestedTo: string }> {
  const aspiration = await heldCase(deps, actor, input.code, "aspiration.request_transfer");
  const fields = parseFields(transferFields, { agencyId: input.agencyId, reason: input.reason });
  const target = fields.agencyId;
  if (target === aspiration.agencyId || !(await isActiveAgency(deps.db, target))) {
    throw validationFailed([
      { path: "agencyId", code: "unknown_agency", message: "Pilih OPD aktif lain dari daftar." },
    ]);
  }
  if (aspiration.transferRequestedTo) {
    throw notNow(aspiration.status, "Permintaan pengalihan sebelumnya masih menunggu keputusan verifikator.");
  }
  // The how-many-th request for this case: the notice's key, so a second request is told of too.
  const asked = await deps.db
    .select({ n: count() })
    .from(aspirationEvents)
    .where(and(eq(aspirationEvents.code, aspiration.code), eq(aspirationEvents.kind, "request_transfer")))
    .get();
  const notice = await noticeDecisionNeeded(deps, aspiration, "transfer", (asked?.n ?? 0) + 1);
  await act(
    deps,
    {
      aspiration,
      kind: "request_transfer",
      actor,
      at: deps.now(),
      requestId: deps.requestId,
      set: { transferRequestedTo: target },
      onlyIf: isNull(aspirations.transferRequestedTo),
      internalNote: fields.reason,
      detail: { to: target },
    },
    notice,
  );
  return { requestedTo: target };
}

/** The agency asks once for more time; the agency head decides. */
export async function requestExtension(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; reason?: unknown },
): Promise<{ extension: "requested" }> {
  const aspiration = await heldCase(deps, actor, input.code, "aspiration.request_extension");
  const fields = parseFields(extensionFields, { reason: input.reason });
  if (aspiration.extension !== null) {
    throw notNow(aspiration.status, "Perpanjangan waktu hanya dapat diminta satu kali untuk setiap laporan.");
  }
  const notice = await noticeDecisionNeeded(deps, aspiration, "extension", 1);
  await act(
    deps,
    {
      aspiration,
      kind: "request_extension",
      actor,
      at: deps.now(),
      requestId: deps.requestId,
      set: { extension: "requested" },
      onlyIf: isNull(aspirations.extension),
      internalNote: fields.reason,
    },
    notice,
  );
  return { extension: "requested" };
}

/**
 * The agency head grants or refuses the extension asked for. Granted, the running deadline moves
 * `aspiration.extensionDays` working days past the old one, and the ladder follows the new time.
 */
export async function decideExtension(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; approve?: unknown; note?: unknown },
): Promise<{ extension: "granted" | "refused"; dueAt: string | null }> {
  const aspiration = await heldCase(deps, actor, input.code, "aspiration.approve_extension");
  const fields = parseFields(extensionDecisionFields, { approve: input.approve, note: input.note || undefined });
  if (aspiration.extension !== "requested") {
    throw notNow(aspiration.status, "Tidak ada permintaan perpanjangan yang menunggu keputusan.");
  }
  const base = {
    aspiration,
    kind: "decide_extension" as const,
    actor,
    at: deps.now(),
    requestId: deps.requestId,
    onlyIf: eq(aspirations.extension, "requested"),
    internalNote: fields.note ?? null,
  };
  if (!fields.approve || !aspiration.dueAt) {
    await act(deps, { ...base, set: { extension: "refused" }, detail: { approved: false } });
    return { extension: "refused", dueAt: aspiration.dueAt };
  }
  const settings = await loadSettings(deps.db);
  const due = await computeDeadline(deps.db, new Date(aspiration.dueAt), settings["aspiration.extensionDays"]);
  await act(deps, {
    ...base,
    set: { extension: "granted" },
    moveDeadline: { stage: "agency", dueAt: due.due, calendarComplete: due.calendarComplete },
    detail: { approved: true, dueAt: due.due.toISOString() },
  });
  return { extension: "granted", dueAt: due.dueWita };
}

/**
 * The agency declares that the case needs a field investigation: the running deadline becomes
 * `aspiration.investigationDays` working days from when the agency received it (Perpres 76/2013).
 */
export async function classifyInvestigation(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; reason?: unknown },
): Promise<{ dueAt: string }> {
  const aspiration = await heldCase(deps, actor, input.code, "aspiration.answer");
  const fields = parseFields(classifyFields, { reason: input.reason });
  if (aspiration.deadlineClass === "investigation") {
    throw notNow(aspiration.status, "Laporan ini sudah dinyatakan memerlukan pemeriksaan lapangan.");
  }
  const open = await deps.db
    .select({ startedAt: aspirationDeadlines.startedAt })
    .from(aspirationDeadlines)
    .where(
      and(
        eq(aspirationDeadlines.code, aspiration.code),
        eq(aspirationDeadlines.stage, "agency"),
        isNull(aspirationDeadlines.metAt),
      ),
    )
    .get();
  if (!open) throw new AppError(409, "conflict", "Tenggat OPD untuk laporan ini tidak ditemukan.");
  const settings = await loadSettings(deps.db);
  const due = await computeDeadline(deps.db, new Date(open.startedAt), settings["aspiration.investigationDays"]);
  await act(deps, {
    aspiration,
    kind: "classify",
    actor,
    at: deps.now(),
    requestId: deps.requestId,
    set: { deadlineClass: "investigation" },
    onlyIf: eq(aspirations.deadlineClass, "standard"),
    moveDeadline: { stage: "agency", dueAt: due.due, calendarComplete: due.calendarComplete },
    internalNote: fields.reason,
    detail: { dueAt: due.due.toISOString() },
  });
  return { dueAt: due.dueWita };
}
