import { and, asc, eq, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { aspirationEvents, aspirations } from "../../../schema";
import type { Db } from "../../db";
import type { Actor } from "../../domain/actor";
import { FINAL_STATUSES } from "../../domain/aspiration/status";
import { ANONYMISED, daysBefore } from "../../domain/retention";
import type { Logger } from "../../log";
import { auditEntry } from "../audit";
import { compiled, insertRows, runBatch } from "../insert-rows";
import { loadSettings } from "../settings";

/**
 * Retention of aspirations (UU 27/2022): a case that ended (closed, rejected, not within the
 * regency's authority) more than `retention.closedAspirationDays` ago (a setting, 730 days by
 * default) loses what identifies its reporter: name, e-mail and phone, the photos (deleted from
 * R2) and what the reporter wrote after the submission (their replies and reopen reasons on the
 * timeline). Kind, category, village, title, description, agency, dates, deadlines and the public
 * answer stay: the statistics and the record of what the regency did need them.
 */

/** Cases per run: each costs a few D1 rows and at most five R2 deletes. */
export const ANONYMISE_ASPIRATIONS_PER_RUN = 100;
/** Cases per atomic D1 batch: one failure holds back twenty, not a hundred. */
const PER_BATCH = 20;

export interface AspirationRetentionDeps {
  db: Db;
  now: Date;
  logger: Logger;
  /** R2 bucket `FILES`, where the photos are kept. */
  files: R2Bucket;
  /** The run's id, as the request id of the audit entries. */
  runId: string;
  actor: Actor;
  limit?: number;
}

interface EndedCase {
  code: string;
  status: string;
  closedAt: string;
  photoKeys: string[];
}

function anonymiseStatements(deps: AspirationRetentionDeps, group: EndedCase[], retentionDays: number) {
  const { db, now, actor } = deps;
  const at = now.toISOString();
  const codes = group.map((c) => c.code);
  return [
    compiled(
      db
        .update(aspirations)
        .set({ reporterName: null, reporterEmail: null, reporterPhone: null, photoKeys: [], anonymisedAt: at })
        .where(and(inArray(aspirations.code, codes), isNull(aspirations.anonymisedAt))),
    ),
    // What the reporter wrote later: replies to a question and reasons to reopen.
    compiled(
      db
        .update(aspirationEvents)
        .set({ publicNote: ANONYMISED })
        .where(
          and(
            inArray(aspirationEvents.code, codes),
            eq(aspirationEvents.actorType, "public"),
            isNotNull(aspirationEvents.publicNote),
          ),
        ),
    ),
    ...group.flatMap((c) => {
      const detail = { photosDeleted: c.photoKeys.length };
      return [
        insertRows(aspirationEvents, [
          { code: c.code, at, kind: "anonymise", actorType: actor.type, actorId: actor.id, detail },
        ]),
        compiled(
          auditEntry(db, {
            actor,
            action: "retention.anonymise",
            subject: { type: "aspiration", id: c.code },
            requestId: deps.runId,
            at: now,
            detail: { ...detail, status: c.status, closedAt: c.closedAt, retentionDays },
          }),
        ),
      ];
    }),
  ];
}

/**
 * Anonymises up to `limit` (100) ended cases past their retention, oldest first, in batches of
 * twenty. A batch's photos are deleted before its D1 batch: if D1 then fails, the next run finds
 * the same cases and deleting the photos again is harmless; the other way round a failure would
 * lose the keys of photos left in R2.
 *
 * @example
 * await anonymiseEndedAspirations({ db, now, logger, files: env.FILES, runId, actor })
 * // { anonymised: 12, photosDeleted: 4, failed: 0, more: false }
 */
export async function anonymiseEndedAspirations(
  deps: AspirationRetentionDeps,
): Promise<{ anonymised: number; photosDeleted: number; failed: number; more: boolean }> {
  const { db } = deps;
  const limit = deps.limit ?? ANONYMISE_ASPIRATIONS_PER_RUN;
  const retentionDays = (await loadSettings(db))["retention.closedAspirationDays"];
  const cutoff = daysBefore(deps.now, retentionDays).toISOString();
  const due: EndedCase[] = await db
    .select({
      code: aspirations.code,
      status: aspirations.status,
      closedAt: aspirations.closedAt,
      photoKeys: aspirations.photoKeys,
    })
    .from(aspirations)
    .where(
      and(
        isNotNull(aspirations.closedAt),
        isNull(aspirations.anonymisedAt),
        lte(aspirations.closedAt, cutoff),
        inArray(aspirations.status, [...FINAL_STATUSES]),
      ),
    )
    .orderBy(asc(aspirations.closedAt))
    .limit(limit + 1)
    .then((rows) => rows.map((r) => ({ ...r, closedAt: r.closedAt ?? "" })));
  const todo = due.slice(0, limit);
  let anonymised = 0;
  let photosDeleted = 0;
  let failed = 0;
  for (let i = 0; i < todo.length; i += PER_BATCH) {
    const group = todo.slice(i, i + PER_BATCH);
    const photos = group.flatMap((c) => c.photoKeys);
    try {
      if (photos.length > 0) await deps.files.delete(photos);
      await runBatch(db, anonymiseStatements(deps, group, retentionDays));
      anonymised += group.length;
      photosDeleted += photos.length;
    } catch (err) {
      failed += group.length;
      deps.logger.log("error", "retention_anonymise_aspirations_failed", {
        codes: group.map((c) => c.code).join(","),
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return { anonymised, photosDeleted, failed, more: due.length > limit };
}
