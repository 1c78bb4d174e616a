import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { areas, type Registration, registrationEvents, registrations } from "../../../schema";
import type { Actor } from "../../domain/actor";
import { VILLAGE_LEVELS } from "../../domain/areas";
import { checkDecreeScan, type DecreeScanType, decreeScanKey } from "../../domain/registration/decree-scan";
import {
  datesNotInFuture,
  type EligibilityContext,
  knownVillage,
  onePerVillage,
} from "../../domain/registration/eligibility";
import { registrationInputSchema } from "../../domain/registration/input";
import { allowsNewDecreeScan } from "../../domain/registration/revision";
import { isRecord } from "../../domain/registration/screening";
import { LOCK_HOLDING_STATUSES, transition } from "../../domain/registration/status";
import type { Violation } from "../../errors";
import { AppError, formatIssuePath, issueCode, notFound, validationFailed } from "../../errors";
import { computeDeadline } from "../calendar";
import { loadSettings } from "../settings";
import { isGuardFailure } from "../status-guard";
import { type DecisionDeps, type DecisionOptions, type DecisionResult, wakeRegistrationFlow } from "./decisions";
import {
  changeCounts,
  memberJoinedAnotherKim,
  parseMemberRows,
  planEdit,
  replaceMembersStatements,
} from "./member-edits";
import { isUniqueFailure, transitionStatements } from "./transitions";

/** The application's fields except the members, which a revision edits row by row (`member-list.ts`). */
export const revisionInputSchema = registrationInputSchema.omit({ members: true });

/** A resubmission's dependencies: a decision's, plus the R2 bucket `FILES` when a new decree scan comes with it. */
export interface ResubmitDeps extends DecisionDeps {
  files?: R2Bucket;
}

/** The fields compared to tell the verifiers what changed (names only). */
const COMPARED = [
  "kimName",
  "villageCode",
  "secretariatAddress",
  "contactEmail",
  "contactPhone",
  "foundedOn",
  "decreeNumber",
  "decreeDate",
  "decreeIssuer",
  "website",
] as const;

/**
 * The applicant resubmits after a revision request, through the signed pre-filled form: the
 * application's fields and the edited member list (`raw`, shaped like the application, member
 * rows as `member-list.ts` reads them). Every rule is checked again, the village rules against
 * the other registrations; all problems are reported at once (422). The registration goes back
 * to verification with a new deadline, or to endorsement when the village changed (the new
 * village's head must endorse). The decree scan stays as it was, unless the verifier asked to
 * revise the decree and `scan` brings a new one: it is checked like the intake's (PDF/JPEG/PNG by
 * content, at most 2 MB), stored in R2 under a new key before the batch (removed again when the
 * batch fails), and the old object is deleted once the batch has landed.
 *
 * @example
 * await resubmitRegistration(deps, applicantActor(id), { registrationId: id, raw: { ...fields, members } })
 * // { id, status: "awaiting_verification", dueAt: "…", registrationNumber: null }
 */
export async function resubmitRegistration(
  deps: ResubmitDeps,
  actor: Actor,
  input: { registrationId: string; raw: unknown; scan?: Uint8Array },
  options: DecisionOptions = {},
): Promise<DecisionResult> {
  const r = await deps.db.select().from(registrations).where(eq(registrations.id, input.registrationId)).get();
  if (!r) throw notFound("Pendaftaran tidak ditemukan.");
  if (r.status !== "needs_revision") {
    throw new AppError(409, "conflict", "Pendaftaran ini tidak sedang menunggu perbaikan.");
  }
  const raw = isRecord(input.raw) ? input.raw : {};
  const now = deps.now();
  const settings = await loadSettings(deps.db);
  const violations: Violation[] = [];

  const top = revisionInputSchema.safeParse(raw);
  if (!top.success) {
    violations.push(
      ...top.error.issues.map((issue) => ({
        path: formatIssuePath(issue.path),
        code: issueCode(issue),
        message: issue.message,
      })),
    );
  }
  const memberRows = await parseMemberRows(raw.members, deps.config.hashKey);
  violations.push(...memberRows.violations);
  // The member rules count and compare the whole list, so they run once every row is readable.
  const plan = memberRows.complete ? await planEdit(deps.db, r.id, memberRows.rows, settings, now) : undefined;
  if (plan) violations.push(...plan.violations);
  const scanType = input.scan ? await newScanType(deps, r.id, input.scan, violations) : undefined;

  if (top.success) {
    const [village, holder] = await deps.db.batch([
      deps.db
        .select({ code: areas.code })
        .from(areas)
        .where(and(eq(areas.code, top.data.villageCode), inArray(areas.level, [...VILLAGE_LEVELS]))),
      deps.db
        .select({ id: registrations.id, status: registrations.status })
        .from(registrations)
        .where(
          and(
            eq(registrations.villageCode, top.data.villageCode),
            ne(registrations.id, r.id),
            inArray(registrations.status, [...LOCK_HOLDING_STATUSES]),
          ),
        )
        .limit(1),
    ]);
    const context: EligibilityContext = {
      settings,
      villageKnown: village.length > 0,
      submittedAt: now,
      villageRegistration: holder[0] ?? null,
      memberNikHashes: [],
      nikHashesInOtherKims: new Set(),
    };
    const application = {
      villageCode: top.data.villageCode,
      foundedOn: top.data.foundedOn,
      decree: top.data.decree,
      members: [],
    };
    violations.unshift(
      ...knownVillage(application, context),
      ...onePerVillage(application, context),
      ...datesNotInFuture(application, context),
    );
  }
  if (violations.length > 0 || !top.success || !plan) throw validationFailed(violations);

  const fields = top.data;
  const villageChanged = fields.villageCode !== r.villageCode;
  const t = transition(r.status, "resubmit", { villageChanged });
  if (!t.ok) throw new AppError(409, "conflict", t.error.message);
  const deadline = await computeDeadline(
    deps.db,
    now,
    settings[villageChanged ? "registration.endorsementDays" : "registration.verificationDays"],
  );
  const scan = input.scan && scanType ? await storeNewScan(deps, r.id, input.scan, scanType) : undefined;
  const set = {
    ...(scan ? { decreeScanKey: scan.key, decreeScanType: scan.type, decreeScanSize: scan.size } : {}),
    kimName: fields.kimName,
    villageCode: fields.villageCode,
    secretariatAddress: fields.secretariatAddress,
    contactEmail: fields.contactEmail,
    contactPhone: fields.contactPhone,
    foundedOn: fields.foundedOn,
    decreeNumber: fields.decree.number,
    decreeDate: fields.decree.date,
    decreeIssuer: fields.decree.issuer,
    website: fields.website ?? null,
    socials: fields.socials,
    communityGroups: fields.communityGroups,
    dueAt: deadline.due.toISOString(),
    calendarComplete: deadline.calendarComplete,
  } satisfies Partial<Registration>;
  const changedFields = [
    ...COMPARED.filter((k) => (r[k] ?? null) !== (set[k] ?? null)),
    ...(scan ? ["decreeScan" as const] : []),
  ];
  const members = changeCounts(plan);
  try {
    await deps.db.batch([
      ...transitionStatements(deps.db, {
        registration: r,
        event: "resubmit",
        to: t.status,
        actor,
        at: now,
        requestId: deps.requestId,
        settings,
        set,
        detail: { villageChanged, changedFields, members },
        auditDetail: { villageChanged, changedFields, members },
      }),
      ...replaceMembersStatements(deps.db, r.id, plan.members, t.status, settings, now.toISOString()),
      ...(options.extra ?? []),
    ]);
  } catch (err) {
    if (scan) await scan.files.delete(scan.key);
    if (isGuardFailure(err)) {
      throw new AppError(409, "conflict", "Pendaftaran ini baru saja berubah. Buka kembali tautan dari e-mail Anda.");
    }
    if (isUniqueFailure(err, "village_lock")) {
      throw new AppError(409, "conflict", "Kampung/kelurahan ini baru saja didaftarkan oleh KIM lain.", [
        {
          path: "villageCode",
          code: "village_has_kim",
          message: "Kampung/kelurahan ini sudah memiliki KIM yang aktif atau sedang diproses.",
        },
      ]);
    }
    if (isUniqueFailure(err, "nik_lock")) throw memberJoinedAnotherKim();
    throw err;
  }
  if (scan && r.decreeScanKey) await deleteOldScan(deps, scan.files, r.id, r.decreeScanKey);
  await wakeRegistrationFlow(deps, r.id, { event: "resubmit", status: t.status });
  return { id: r.id, status: t.status, dueAt: set.dueAt, registrationNumber: null };
}

/**
 * The type of a new decree scan, or undefined after adding why it is refused to `violations`:
 * its content or size, or a revision that did not ask about the decree.
 */
async function newScanType(
  deps: ResubmitDeps,
  registrationId: string,
  bytes: Uint8Array,
  violations: Violation[],
): Promise<DecreeScanType | undefined> {
  const revise = await deps.db
    .select({ detail: registrationEvents.detail })
    .from(registrationEvents)
    .where(and(eq(registrationEvents.registrationId, registrationId), eq(registrationEvents.kind, "revise")))
    .orderBy(desc(registrationEvents.id))
    .get();
  const fields = Array.isArray(revise?.detail?.fields) ? (revise.detail.fields as { path: string }[]) : [];
  if (!allowsNewDecreeScan(fields)) {
    violations.push({
      path: "decreeScan",
      code: "not_requested",
      message: "Pindaian SK hanya dapat diganti bila verifikator meminta perbaikan SK.",
    });
    return undefined;
  }
  const check = checkDecreeScan(bytes);
  if (!check.ok) {
    violations.push(check.violation);
    return undefined;
  }
  return check.type;
}

/** Puts a replacement scan in R2 under a key of its own, so the object it replaces stays until the batch lands. */
async function storeNewScan(deps: ResubmitDeps, registrationId: string, bytes: Uint8Array, type: DecreeScanType) {
  if (!deps.files) throw new Error("resubmitRegistration: a decree scan needs the FILES bucket");
  const key = decreeScanKey(registrationId, type, crypto.randomUUID().slice(0, 8));
  await deps.files.put(key, bytes, { httpMetadata: { contentType: type } });
  return { files: deps.files, key, type, size: bytes.byteLength };
}

/**
 * Deletes the replaced scan. The resubmission has landed by then, so a failure here is logged
 * (naming only the registration) instead of turning the applicant's success into an error.
 */
async function deleteOldScan(deps: ResubmitDeps, files: R2Bucket, registrationId: string, key: string) {
  try {
    await files.delete(key);
  } catch (err) {
    deps.logger.log("warn", "decree_scan_delete_failed", {
      registrationId,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
