import { and, desc, eq } from "drizzle-orm";
import * as z from "zod";
import { type Aspiration, aspirationEvents } from "../../../schema";
import type { Actor } from "../../domain/actor";
import { isPubliclyListable } from "../../domain/aspiration/privacy";
import { type AspirationStatus, MAX_REOPENS } from "../../domain/aspiration/status";
import { typeError } from "../../domain/fields";
import { plainText } from "../../domain/text";
import { notFound } from "../../errors";
import { computeDeadline } from "../calendar";
import { loadSettings } from "../settings";
import { agencyDeadline } from "./agency-deadline";
import { noticeRouted } from "./notices";
import { keyOpens } from "./tracking";
import { type AspirationDecisionDeps, decide, loadCase, notNow, parseFields, reasonText } from "./transition";

/**
 * What the reporter does with a case: completes it when a verifier asked for more information,
 * and after the answer accepts it (with a rating), or reopens it with a reason within the
 * feedback window, at most `MAX_REOPENS` times; it then goes back to the same agency with a new
 * deadline. The reporter is whoever holds the tracking code (and, for a `rahasia` case, its key):
 * the code is never shown to anyone else, and lookups are rate-limited.
 */

const ratingField = z.coerce
  .number({ error: "Pilih nilai 1 sampai 5." })
  .int("Pilih nilai 1 sampai 5.")
  .min(1, "Pilih nilai 1 sampai 5.")
  .max(5, "Pilih nilai 1 sampai 5.");

const replyFields = z.object({
  reply: plainText("Keterangan tambahan", { kind: "multi-line", error: typeError("Keterangan tambahan", "teks") })
    .trim()
    .min(10, "Keterangan tambahan paling sedikit 10 karakter.")
    .max(5000, "Keterangan tambahan paling banyak 5000 karakter."),
});
const acceptFields = z.object({ rating: ratingField });
const reopenFields = z.object({ reason: reasonText("Alasan membuka kembali", 10), rating: ratingField.optional() });

/** The case a reporter acts on: a `rahasia` case opens only with its key, and otherwise looks unknown. */
async function reporterCase(deps: AspirationDecisionDeps, code: string, key: string | undefined): Promise<Aspiration> {
  const aspiration = await loadCase(deps.db, code);
  if (!isPubliclyListable(aspiration.privacy) && !(await keyOpens(deps.config, code, key))) {
    throw notFound("Aspirasi dengan kode itu tidak ditemukan.");
  }
  return aspiration;
}

/**
 * The reporter adds the information a verifier asked for: the case is back in verification with
 * the working days that were left when the clock paused.
 */
export async function replyWithInformation(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; key?: string | undefined; reply?: unknown },
): Promise<{ status: AspirationStatus; dueAt: string }> {
  const aspiration = await reporterCase(deps, input.code, input.key);
  const fields = parseFields(replyFields, { reply: input.reply });
  if (aspiration.status !== "needs_info") throw notNow(aspiration.status);
  const asked = await deps.db
    .select({ detail: aspirationEvents.detail })
    .from(aspirationEvents)
    .where(and(eq(aspirationEvents.code, aspiration.code), eq(aspirationEvents.kind, "request_info")))
    .orderBy(desc(aspirationEvents.id))
    .get();
  const settings = await loadSettings(deps.db);
  const left = asked?.detail?.remainingDays;
  const days = typeof left === "number" && left >= 1 ? left : settings["aspiration.verificationDays"];
  const now = deps.now();
  const deadline = await computeDeadline(deps.db, now, days);
  const status = await decide(deps, {
    aspiration,
    event: "reply",
    actor,
    at: now,
    requestId: deps.requestId,
    closes: "needs_info",
    opens: { stage: "verification", agencyId: null, dueAt: deadline.due, calendarComplete: deadline.calendarComplete },
    publicNote: fields.reply,
  });
  return { status, dueAt: deadline.dueWita };
}

/** The reporter accepts the answer and rates it; the case closes. */
export async function acceptAnswer(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; key?: string | undefined; rating?: unknown },
): Promise<{ status: AspirationStatus; rating: number }> {
  const aspiration = await reporterCase(deps, input.code, input.key);
  const fields = parseFields(acceptFields, { rating: input.rating });
  if (aspiration.status !== "answered") throw notNow(aspiration.status, answeredOnly(aspiration.status));
  const status = await decide(deps, {
    aspiration,
    event: "accept",
    actor,
    at: deps.now(),
    requestId: deps.requestId,
    set: { rating: fields.rating },
    closes: "feedback",
    detail: { rating: fields.rating },
  });
  return { status, rating: fields.rating };
}

/**
 * The reporter is not satisfied: within the feedback window, and at most `MAX_REOPENS` times, the
 * case goes back to the agency that answered, with a new deadline.
 */
export async function reopenCase(
  deps: AspirationDecisionDeps,
  actor: Actor,
  input: { code: string; key?: string | undefined; reason?: unknown; rating?: unknown },
): Promise<{ status: AspirationStatus; dueAt: string; reopensLeft: number }> {
  const aspiration = await reporterCase(deps, input.code, input.key);
  const fields = parseFields(reopenFields, {
    reason: input.reason,
    rating: input.rating === "" || input.rating === null ? undefined : input.rating,
  });
  if (aspiration.status !== "answered") throw notNow(aspiration.status, answeredOnly(aspiration.status));
  const now = deps.now();
  if (aspiration.reopenCount >= MAX_REOPENS) {
    throw notNow(aspiration.status, `Laporan hanya dapat dibuka kembali ${MAX_REOPENS} kali.`);
  }
  if (aspiration.dueAt && Date.parse(aspiration.dueAt) < now.getTime()) {
    throw notNow(aspiration.status, "Batas waktu untuk membuka kembali laporan ini sudah lewat.");
  }
  const settings = await loadSettings(deps.db);
  const deadline = await agencyDeadline(deps.db, settings, aspiration, now);
  const notice = aspiration.agencyId
    ? await noticeRouted(deps, aspiration, { agencyId: aspiration.agencyId, dueAt: deadline.due })
    : undefined;
  const status = await decide(
    deps,
    {
      aspiration,
      event: "reopen",
      actor,
      at: now,
      requestId: deps.requestId,
      set: {
        reopenCount: aspiration.reopenCount + 1,
        escalationLevel: 0,
        ...(fields.rating ? { rating: fields.rating } : {}),
      },
      closes: "feedback",
      opens: {
        stage: "agency",
        agencyId: aspiration.agencyId,
        dueAt: deadline.due,
        calendarComplete: deadline.calendarComplete,
      },
      publicNote: fields.reason,
      detail: { reopen: aspiration.reopenCount + 1, ...(fields.rating ? { rating: fields.rating } : {}) },
    },
    notice,
  );
  return { status, dueAt: deadline.dueWita, reopensLeft: MAX_REOPENS - aspiration.reopenCount - 1 };
}

const answeredOnly = (status: AspirationStatus) =>
  status === "closed"
    ? "Laporan ini sudah selesai dan tidak dapat ditanggapi lagi."
    : "Laporan ini belum dijawab, jadi belum dapat dinilai atau dibuka kembali.";
