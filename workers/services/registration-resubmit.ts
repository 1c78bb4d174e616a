import { and, eq, inArray, ne } from "drizzle-orm";
import { areas, type Registration, registrations, VILLAGE_LEVELS } from "../../schema";
import type { Actor } from "../domain/actor";
import { datesNotInFuture, type EligibilityContext, knownVillage, onePerVillage } from "../domain/eligibility";
import { registrationInputSchema } from "../domain/registration-input";
import { isRecord } from "../domain/registration-screening";
import { LOCK_HOLDING_STATUSES, transition } from "../domain/registration-status";
import type { Violation } from "../domain/violation";
import { AppError, formatIssuePath, notFound, validationFailed } from "../http/errors";
import { issueCode } from "../http/validation";
import { computeDeadline } from "./calendar";
import {
  changeCounts,
  memberJoinedAnotherKim,
  parseMemberRows,
  planEdit,
  replaceMembersStatements,
} from "./member-edits";
import {
  type DecisionDeps,
  type DecisionOptions,
  type DecisionResult,
  wakeRegistrationFlow,
} from "./registration-decisions";
import { isGuardFailure, isUniqueFailure, transitionStatements } from "./registration-transitions";
import { loadSettings } from "./settings";

/** The application's fields except the members, which a revision edits row by row (`member-list.ts`). */
export const revisionInputSchema = registrationInputSchema.omit({ members: true });

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
 * village's head must endorse). The decree scan stays as it was.
 *
 * @example
 * await resubmitRegistration(deps, applicantActor(id), { registrationId: id, raw: { ...fields, members } })
 * // { id, status: "awaiting_verification", dueAt: "…", registrationNumber: null }
 */
export async function resubmitRegistration(
  deps: DecisionDeps,
  actor: Actor,
  input: { registrationId: string; raw: unknown },
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
  const set = {
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
  const changedFields = COMPARED.filter((k) => (r[k] ?? null) !== (set[k] ?? null));
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
  await wakeRegistrationFlow(deps, r.id, { event: "resubmit", status: t.status });
  return { id: r.id, status: t.status, dueAt: set.dueAt, registrationNumber: null };
}
