import { and, eq } from "drizzle-orm";
import {
  areas,
  aspirationDeadlines,
  aspirationEvents,
  aspirations,
  aspirationWords,
  auditLog,
  categories,
  type IdempotencyKey,
  registrations,
  settings as settingsTable,
} from "../../../schema";
import type { Db } from "../../db";
import type { Actor } from "../../domain/actor";
import { VILLAGE_LEVELS } from "../../domain/areas";
import { newTrackingCode } from "../../domain/aspiration/code";
import { type AspirationInput, aspirationInputSchema } from "../../domain/aspiration/input";
import { checkPhotos, type PhotoType, photoKey } from "../../domain/aspiration/photos";
import { indexWords } from "../../domain/aspiration/words";
import { resolveSettings } from "../../domain/settings";
import { formatIssuePath, issueCode, type Violation, validationFailed } from "../../errors";
import type { Logger } from "../../log";
import type { MailQueueMessage } from "../../mail/messages";
import { stagedMail } from "../../mail/outbox";
import { auditRow } from "../audit";
import { computeDeadline } from "../calendar";
import type { ServiceDeps } from "../deps";
import { type IdempotencyClaim, replayFor, storedResponseQuery, storeResponseStatement } from "../idempotency";
import { compiled, insertRows, runBatch } from "../insert-rows";
import { ensureInstance } from "../workflow-start";
import { aspirationTrackingPath } from "./tracking";

export interface AspirationIntakeDeps extends ServiceDeps {
  /** `ASPIRATION_FLOW`: the case's instance is started after the batch. */
  flow: Pick<Workflow, "get" | "create">;
  mailQueue: Queue<MailQueueMessage>;
  /** R2 bucket `FILES` for the photos. */
  files: R2Bucket;
  logger: Logger;
}

export interface SubmitAspirationInput {
  actor: Actor;
  /** The report as received (JSON body, or the form's fields): validated here, all problems at once. */
  raw: unknown;
  /** The photos' bytes, in the order sent. */
  photos: Uint8Array[];
  idempotency: IdempotencyClaim;
  channel: "form" | "api";
}

/** The 201 body of a submission. Holds no personal data: it is stored as the idempotent response. */
export interface SubmittedAspiration {
  code: string;
  status: "received";
  trackingUrl: string;
  /** The verification deadline, ISO 8601 in WITA ("…T23:59:59+08:00"). */
  dueAt: string;
}

function schemaViolations(raw: unknown): { parsed: AspirationInput | undefined; violations: Violation[] } {
  const result = aspirationInputSchema.safeParse(raw);
  if (result.success) return { parsed: result.data, violations: [] };
  return {
    parsed: undefined,
    violations: result.error.issues.map((issue) => ({
      path: formatIssuePath(issue.path),
      code: issueCode(issue),
      message: issue.message,
    })),
  };
}

/**
 * What the intake needs from D1 in one round trip: a stored response for the key, the settings,
 * and the category, village and KIM the report names (each a primary-key or unique-index probe).
 */
async function readContext(db: Db, input: Partial<AspirationInput>, claim: IdempotencyClaim) {
  const [stored, settingRows, category, village, kim] = await db.batch([
    storedResponseQuery(db, claim),
    db.select({ key: settingsTable.key, value: settingsTable.value }).from(settingsTable),
    db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, input.categoryId ?? ""), eq(categories.active, true))),
    db
      .select({ code: areas.code, level: areas.level })
      .from(areas)
      .where(eq(areas.code, input.villageCode ?? "")),
    db
      .select({ id: registrations.id })
      .from(registrations)
      .where(and(eq(registrations.registrationNumber, input.kimNumber ?? ""), eq(registrations.status, "approved"))),
  ]);
  const area = village[0];
  return {
    stored: stored[0],
    settings: resolveSettings(settingRows).settings,
    categoryKnown: category.length > 0,
    villageKnown: area !== undefined && (VILLAGE_LEVELS as readonly string[]).includes(area.level),
    kimId: kim[0]?.id,
  };
}

/** The references of a well-formed report that D1 does not know. */
function referenceViolations(input: AspirationInput, context: Awaited<ReturnType<typeof readContext>>): Violation[] {
  const out: Violation[] = [];
  if (!context.categoryKnown) {
    out.push({ path: "categoryId", code: "unknown_category", message: "Kategori harus dipilih dari daftar." });
  }
  if (input.villageCode && !context.villageKnown) {
    out.push({
      path: "villageCode",
      code: "unknown_village",
      message: "Kampung/kelurahan tidak dikenal. Pilih dari daftar.",
    });
  }
  if (input.kimNumber && !context.kimId) {
    out.push({
      path: "kimNumber",
      code: "unknown_kim",
      message: "Nomor registrasi KIM tidak ditemukan di antara KIM yang aktif.",
    });
  }
  return out;
}

/** Puts the photos in R2 under the case's prefix, typed by their content; returns their keys. */
async function storePhotos(files: R2Bucket, code: string, photos: readonly Uint8Array[], types: readonly PhotoType[]) {
  const keys = photos.map((_, i) => photoKey(code, i + 1, types[i] as PhotoType));
  await Promise.all(
    photos.map((bytes, i) =>
      files.put(keys[i] as string, bytes, { httpMetadata: { contentType: types[i] as PhotoType } }),
    ),
  );
  return keys;
}

/**
 * Submits an aspiration: checks every field, the photos and the references, all problems at once
 * (422 `validation_failed`); then writes the case (`received`), its `submit` timeline entry, its
 * verification deadline row, its words for the duplicate search, the idempotency row and the
 * audit entry in one atomic D1 batch, and mails the reporter the tracking code when an e-mail was
 * given. A repeat with the same idempotency key and body returns the first response.
 *
 * @example
 * const { aspiration } = await submitAspiration(deps, { actor, raw: body, photos: [], channel: "api", idempotency });
 * // { code: "ASP-7K3Q-H9TM", status: "received", trackingUrl: "…/lacak/ASP-7K3Q-H9TM", dueAt: "…+08:00" }
 */
export async function submitAspiration(
  deps: AspirationIntakeDeps,
  input: SubmitAspirationInput,
): Promise<{ aspiration: SubmittedAspiration; replayed: boolean }> {
  const now = deps.now();
  const { db, config } = deps;
  const schema = schemaViolations(input.raw);
  const photoCheck = checkPhotos(input.photos);
  const context = await readContext(db, schema.parsed ?? {}, input.idempotency);
  if (context.stored) return replay(deps, context.stored, input.idempotency);

  const violations = [
    ...schema.violations,
    ...(photoCheck.ok ? [] : photoCheck.violations),
    ...(schema.parsed ? referenceViolations(schema.parsed, context) : []),
  ];
  if (violations.length > 0 || !schema.parsed || !photoCheck.ok) throw validationFailed(violations);
  const report = schema.parsed;

  const deadline = await computeDeadline(db, now, context.settings["aspiration.verificationDays"]);
  const code = newTrackingCode();
  const photoKeys = await storePhotos(deps.files, code, input.photos, photoCheck.types);
  const trackingPath = await aspirationTrackingPath(config, code, report.privacy);
  const aspiration: SubmittedAspiration = {
    code,
    status: "received",
    trackingUrl: `${config.publicBaseUrl}${trackingPath}`,
    dueAt: deadline.dueWita,
  };
  const at = now.toISOString();
  const words = indexWords(report.title, report.description);
  // The reporter's confirmation is written with the case: whatever fails afterwards, it is not lost.
  const confirmation = report.reporterEmail
    ? stagedMail(
        { db, queue: deps.mailQueue, config: deps.config, now },
        {
          template: "aspiration_received",
          to: [report.reporterEmail],
          params: { code, title: report.title, trackingPath, verificationDueAt: deadline.due.toISOString() },
          dedupeKey: `${code}:received`,
        },
      )
    : undefined;
  try {
    await runBatch(db, [
      ...(confirmation ? [compiled(confirmation.statement)] : []),
      compiled(
        db.insert(aspirations).values({
          code,
          kind: report.kind,
          categoryId: report.categoryId,
          villageCode: report.villageCode ?? null,
          title: report.title,
          description: report.description,
          privacy: report.privacy,
          reporterName: report.reporterName ?? null,
          reporterEmail: report.reporterEmail ?? null,
          reporterPhone: report.reporterPhone ?? null,
          kimRegistrationId: context.kimId ?? null,
          photoKeys,
          status: "received",
          dueAt: deadline.due.toISOString(),
          createdAt: at,
          updatedAt: at,
        }),
      ),
      insertRows(aspirationEvents, [
        {
          code,
          at,
          kind: "submit",
          actorType: input.actor.type,
          actorId: input.actor.id,
          toStatus: "received",
          detail: { channel: input.channel, photos: photoKeys.length, viaKim: context.kimId !== undefined },
        },
      ]),
      insertRows(aspirationDeadlines, [
        {
          code,
          stage: "verification",
          round: 0,
          startedAt: at,
          dueAt: deadline.due.toISOString(),
          calendarComplete: deadline.calendarComplete,
        },
      ]),
      // Three bound columns per word keep 33 words a statement under D1's 100 parameters.
      ...chunk(words, 33).map((rows) =>
        insertRows(
          aspirationWords,
          rows.map((w) => ({ ...w, code })),
        ),
      ),
      compiled(storeResponseStatement(db, input.idempotency, { status: 201, body: { ...aspiration } }, now)),
      insertRows(auditLog, [
        auditRow({
          actor: input.actor,
          action: "aspiration.submit",
          subject: { type: "aspiration", id: code },
          requestId: deps.requestId,
          at: now,
          detail: { channel: input.channel, privacy: report.privacy, photos: photoKeys.length },
        }),
      ]),
    ]);
  } catch (err) {
    await Promise.all(photoKeys.map((key) => deps.files.delete(key)));
    const winner = await storedResponseQuery(db, input.idempotency).get();
    if (winner) return replay(deps, winner, input.idempotency);
    throw err;
  }
  await startCaseFlow(deps, code, true);
  // A failure to queue is logged and left to the nightly relay: the case stands, its code was shown.
  await confirmation?.send(deps.logger);
  return { aspiration, replayed: false };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** A repeat of a request that succeeded: the stored response, after making sure its flow runs. */
async function replay(deps: AspirationIntakeDeps, stored: IdempotencyKey, claim: IdempotencyClaim) {
  const aspiration = replayFor(stored, claim).responseBody as unknown as SubmittedAspiration;
  await startCaseFlow(deps, aspiration.code, false);
  return { aspiration, replayed: true };
}

/**
 * Starts the case's `AspirationFlow`. A failure is logged, not answered: the case is stored and
 * its code shown, and the nightly sweeper (`services/aspiration/sweep.ts`) starts a missing
 * instance well inside the three-day verification deadline.
 */
async function startCaseFlow(deps: AspirationIntakeDeps, code: string, fresh: boolean): Promise<void> {
  try {
    await ensureInstance(deps.flow, code, { code }, fresh);
  } catch (err) {
    deps.logger.log("error", "aspiration_flow_start_failed", {
      code,
      message: err instanceof Error ? err.message : String(err),
    });
  }
}
