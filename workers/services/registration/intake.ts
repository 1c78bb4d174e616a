import { eq, inArray } from "drizzle-orm";
import {
  areas,
  type IdempotencyKey,
  type NewRegistrationMember,
  registrationEvents,
  registrationMembers,
  registrations,
  settings as settingsTable,
} from "../../../schema";
import type { Db } from "../../db";
import type { Actor } from "../../domain/actor";
import { VILLAGE_LEVELS } from "../../domain/areas";
import type { Deadline } from "../../domain/calendar";
import { nikLast4 } from "../../domain/nik";
import { nikHasher } from "../../domain/nik-hash";
import { checkDecreeScan, type DecreeScanType, decreeScanKey } from "../../domain/registration/decree-scan";
import {
  checkEligibility,
  type EligibilityContext,
  onePersonOneKim,
  onePerVillage,
  storedAgeFacts,
} from "../../domain/registration/eligibility";
import { newRegistrationId } from "../../domain/registration/id";
import { type RegistrationInput, registrationInputSchema } from "../../domain/registration/input";
import { nikLock, villageLock } from "../../domain/registration/locks";
import { eligibilityProjection, mergeViolations } from "../../domain/registration/screening";
import type { RegistrationStatus } from "../../domain/registration/status";
import { resolveSettings, type Settings } from "../../domain/settings";
import { villageLabel } from "../../domain/villages";
import type { Violation } from "../../errors";
import { AppError, formatIssuePath, issueCode, validationFailed } from "../../errors";
import type { Logger } from "../../log";
import type { MailQueueMessage } from "../../mail/messages";
import { enqueueMail, stagedMail } from "../../mail/outbox";
import { auditEntry } from "../audit";
import { computeDeadline } from "../calendar";
import type { ServiceDeps } from "../deps";
import { type IdempotencyClaim, replayFor, storedResponseQuery, storeResponseStatement } from "../idempotency";
import { type CompiledStatement, compiled, insertRows, runBatch } from "../insert-rows";
import { ensureInstance } from "../workflow-start";

/** The `RegistrationFlow` binding as intake uses it: start an instance, or find one. */
export type RegistrationFlowStarter = Pick<Workflow<{ registrationId: string }>, "create" | "get">;

export interface IntakeDeps extends ServiceDeps {
  flow: RegistrationFlowStarter;
  mailQueue: Queue<MailQueueMessage>;
  /** R2 bucket `FILES` for decree scans. */
  files: R2Bucket;
  logger: Logger;
}

export interface SubmitRegistrationInput {
  actor: Actor;
  /** The application as received (JSON body, or the form's fields): validated here, all problems at once. */
  raw: unknown;
  /** The formation decree scan's bytes, if one was attached. */
  scan?: Uint8Array;
  idempotency: IdempotencyClaim;
  /** Where it came from, for the timeline and the audit trail. */
  channel: "form" | "api";
}

/** The 201 body of a submission. Holds no personal data: it is stored as the idempotent response. */
export interface SubmittedRegistration {
  id: string;
  status: "awaiting_endorsement";
  trackingUrl: string;
  /** The endorsement deadline, ISO 8601 in WITA ("…T23:59:59+08:00"). */
  dueAt: string;
}

export interface SubmitResult {
  registration: SubmittedRegistration;
  /** True when the same request had succeeded before and its stored response was returned. */
  replayed: boolean;
}

const INITIAL_STATUS = "awaiting_endorsement" satisfies RegistrationStatus;
/** Member rows per INSERT: 14 bound columns each stays under D1's 100 parameters per statement. */
const MEMBERS_PER_INSERT = 7;

/** The public tracking page of a registration. */
export const trackingPath = (id: string) => `/daftar-kim/${id}`;

/** NIK hashes per lookup statement, under D1's 100 bound parameters. */
const NIKS_PER_LOOKUP = 90;

function schemaViolations(raw: unknown): { parsed: RegistrationInput | undefined; violations: Violation[] } {
  const result = registrationInputSchema.safeParse(raw);
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

/** 409 when the village is taken (naming the registration that holds it), else 422; every violation in `details`. */
function refusal(violations: Violation[]): AppError {
  const village = violations.find((v) => v.code === "village_has_kim");
  if (village) return new AppError(409, "conflict", village.message, violations);
  return validationFailed(violations);
}

/** An eligibility context holding only the facts a lost race revealed, so the rule itself words the refusal. */
const raceContext = (settings: Settings, facts: Partial<EligibilityContext>): EligibilityContext => ({
  settings,
  villageKnown: true,
  submittedAt: new Date(0),
  villageRegistration: null,
  memberNikHashes: [],
  nikHashesInOtherKims: new Set(),
  ...facts,
});

/**
 * What the rules need from D1 in one round trip, plus a stored response for the key. The settings
 * are read here rather than through `loadSettings` to share the round trip. The village is looked
 * up by its lock, a probe of a UNIQUE index that reads no row unless one holds it.
 */
async function readContext(db: Db, villageCode: string | undefined, claim: IdempotencyClaim) {
  const [stored, settingRows, village, villageHolder] = await db.batch([
    storedResponseQuery(db, claim),
    db.select({ key: settingsTable.key, value: settingsTable.value }).from(settingsTable),
    db
      .select({ name: areas.name, level: areas.level })
      .from(areas)
      .where(eq(areas.code, villageCode ?? "")),
    db
      .select({ id: registrations.id, status: registrations.status })
      .from(registrations)
      .where(eq(registrations.villageLock, villageCode ?? "")),
  ]);
  const area = village[0];
  return {
    stored: stored[0],
    settings: resolveSettings(settingRows).settings,
    village: area && (VILLAGE_LEVELS as readonly string[]).includes(area.level) ? area : undefined,
    villageHolder: villageHolder[0] ?? null,
  };
}

/**
 * The NIK hashes among `hashes` that another pending or active KIM holds (`nik_lock`). Bound
 * parameters in chunks: D1 allows 100 per statement.
 */
async function lockedNikHashes(db: Db, hashes: readonly string[]): Promise<Set<string>> {
  const wanted = hashes.filter((h) => h !== "");
  const chunks = Array.from({ length: Math.ceil(wanted.length / NIKS_PER_LOOKUP) }, (_, i) =>
    db
      .select({ nikLock: registrationMembers.nikLock })
      .from(registrationMembers)
      .where(inArray(registrationMembers.nikLock, wanted.slice(i * NIKS_PER_LOOKUP, (i + 1) * NIKS_PER_LOOKUP))),
  );
  const [first, ...rest] = chunks;
  if (!first) return new Set();
  const results = await db.batch([first, ...rest]);
  return new Set(results.flat().flatMap((r) => (r.nikLock ? [r.nikLock] : [])));
}

/** The unique index a failed batch ran into, from D1's message ("UNIQUE constraint failed: t.c"). */
function uniqueViolation(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const match = /UNIQUE constraint failed: ([\w.]+)/.exec(e.message);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * Starts the registration's instance, or finds it already running (`ensureInstance`). The
 * nightly sweeper calls the same for registrations whose start failed and was never repeated.
 */
export const startFlow = (flow: RegistrationFlowStarter, id: string, fresh: boolean) =>
  ensureInstance(flow, id, { registrationId: id }, fresh);

type ConfirmedRegistration = { id: string; kimName: string; contactEmail: string; dueAt: string; villageName: string };

const confirmationMail = (registration: ConfirmedRegistration) => ({
  template: "registration_submitted" as const,
  to: [registration.contactEmail],
  params: {
    registrationId: registration.id,
    kimName: registration.kimName,
    villageName: registration.villageName,
    trackingPath: trackingPath(registration.id),
    endorsementDueAt: registration.dueAt,
  },
  dedupeKey: `${registration.id}:submitted`,
});

const mailDepsOf = (deps: IntakeDeps) => ({ db: deps.db, queue: deps.mailQueue, config: deps.config, now: deps.now() });

/**
 * Queues the confirmation the submission's batch wrote (`stagedMail`); on a repeat the same key
 * finds that row, so the applicant is mailed once. A row left unqueued is queued by the relay.
 */
async function sendConfirmation(deps: IntakeDeps, registration: ConfirmedRegistration) {
  await enqueueMail(mailDepsOf(deps), confirmationMail(registration));
}

const notStarted = (id: string) =>
  new AppError(
    503,
    "service_unavailable",
    `Pendaftaran Anda sudah tersimpan dengan nomor ${id}, tetapi prosesnya belum dapat dimulai. Silakan kirim ulang formulir yang sama; pendaftaran tidak akan tercatat dua kali.`,
  );

/**
 * After the batch: the flow and the confirmation mail. A failure to start the flow answers 503;
 * the stored response makes a repeat of the same request run this again, which heals it (the
 * flow is looked up before it is created, and the mail's dedupe key makes a second enqueue a
 * no-op). The mail row was written with the registration; a failure to queue it is logged and
 * left to a repeat or the nightly relay: the registration itself stands.
 */
async function afterCommit(
  deps: IntakeDeps,
  registration: Parameters<typeof sendConfirmation>[1],
  attempt: "first" | "repeat",
  staged?: ReturnType<typeof stagedMail>,
) {
  try {
    await startFlow(deps.flow, registration.id, attempt === "first");
  } catch (err) {
    deps.logger.log("error", "registration_flow_start_failed", {
      registrationId: registration.id,
      message: err instanceof Error ? err.message : String(err),
    });
    throw notStarted(registration.id);
  }
  try {
    // The first attempt queues the row its batch wrote; a repeat finds that row by its key.
    if (staged) await staged.send(deps.logger);
    else await sendConfirmation(deps, registration);
  } catch (err) {
    deps.logger.log("error", "registration_confirmation_mail_failed", {
      registrationId: registration.id,
      message: err instanceof Error ? err.message : String(err),
    });
  }
}

/** A repeat of a request that succeeded: the stored response, after making sure its flow runs. */
async function replay(deps: IntakeDeps, stored: IdempotencyKey): Promise<SubmitResult> {
  const response = stored.responseBody as unknown as SubmittedRegistration;
  const row = await deps.db
    .select({
      id: registrations.id,
      kimName: registrations.kimName,
      contactEmail: registrations.contactEmail,
      dueAt: registrations.dueAt,
      villageName: areas.name,
      villageLevel: areas.level,
    })
    .from(registrations)
    .innerJoin(areas, eq(areas.code, registrations.villageCode))
    .where(eq(registrations.id, response.id))
    .get();
  if (row) {
    await afterCommit(
      deps,
      {
        ...row,
        dueAt: row.dueAt ?? response.dueAt,
        villageName: villageLabel({ name: row.villageName, level: row.villageLevel }),
      },
      "repeat",
    );
  }
  return { registration: response, replayed: true };
}

/** Rows for the members, each NIK kept only as its hash and last four digits, each birth date as its year and the adult fact. */
function memberRows(
  id: string,
  members: RegistrationInput["members"],
  hashes: readonly string[],
  settings: Settings,
  at: string,
): NewRegistrationMember[] {
  return members.map((m, position) => {
    const nikHash = hashes[position] ?? "";
    return {
      registrationId: id,
      position,
      fullName: m.fullName,
      nikHash,
      nikLast4: nikLast4(m.nik),
      gender: m.gender,
      // Of the birth date only what the rules and statistics need: the whole date would give back the NIK.
      ...storedAgeFacts(m.birthDate, new Date(at)),
      phone: m.phone,
      role: m.role,
      sectionName: m.sectionName ?? null,
      occupation: m.occupation,
      declarationAcceptedAt: at,
      nikLock: nikLock(INITIAL_STATUS, nikHash, settings),
    };
  });
}

/** The refusal for a batch that lost a race on a lock index, naming what the winner holds. */
async function lostRace(
  db: Db,
  index: string,
  settings: Settings,
  villageCode: string,
  hashes: readonly string[],
): Promise<AppError | undefined> {
  const application = { villageCode, members: [] };
  if (index === "registrations.village_lock") {
    const holder = await db
      .select({ id: registrations.id, status: registrations.status })
      .from(registrations)
      .where(eq(registrations.villageLock, villageCode))
      .get();
    const violations = holder ? onePerVillage(application, raceContext(settings, { villageRegistration: holder })) : [];
    return violations.length > 0 ? refusal(violations) : undefined;
  }
  const violations = onePersonOneKim(
    application,
    raceContext(settings, { memberNikHashes: hashes, nikHashesInOtherKims: await lockedNikHashes(db, hashes) }),
  );
  return violations.length > 0 ? refusal(violations) : undefined;
}

/** What one submission writes, in one atomic batch. */
function submissionStatements(
  db: Db,
  p: {
    input: SubmitRegistrationInput;
    application: RegistrationInput;
    registration: SubmittedRegistration;
    settings: Settings;
    deadline: Deadline;
    hashes: readonly string[];
    scan: StoredScan | undefined;
    now: Date;
    requestId: string;
  },
): CompiledStatement[] {
  const { input, application, registration, settings, deadline, scan, now } = p;
  const { id } = registration;
  const at = now.toISOString();
  const members = memberRows(id, application.members, p.hashes, settings, at);
  const memberInserts = Array.from({ length: Math.ceil(members.length / MEMBERS_PER_INSERT) }, (_, i) =>
    insertRows(registrationMembers, members.slice(i * MEMBERS_PER_INSERT, (i + 1) * MEMBERS_PER_INSERT)),
  );
  return [
    // First, so two requests racing with one key fail on the key and the loser replays the winner.
    compiled(
      storeResponseStatement(
        db,
        input.idempotency,
        { status: 201, body: registration as unknown as Record<string, unknown> },
        now,
      ),
    ),
    compiled(
      db.insert(registrations).values({
        id,
        villageCode: application.villageCode,
        kimName: application.kimName,
        secretariatAddress: application.secretariatAddress,
        contactEmail: application.contactEmail,
        contactPhone: application.contactPhone,
        foundedOn: application.foundedOn,
        decreeNumber: application.decree.number,
        decreeDate: application.decree.date,
        decreeIssuer: application.decree.issuer,
        decreeScanKey: scan?.key ?? null,
        decreeScanType: scan?.type ?? null,
        decreeScanSize: scan?.size ?? null,
        website: application.website ?? null,
        socials: application.socials,
        communityGroups: application.communityGroups,
        status: INITIAL_STATUS,
        dueAt: deadline.due.toISOString(),
        calendarComplete: deadline.calendarComplete,
        villageLock: villageLock(INITIAL_STATUS, application.villageCode, settings),
        createdAt: at,
        updatedAt: at,
      }),
    ),
    ...memberInserts,
    insertRows(registrationEvents, [
      {
        registrationId: id,
        at,
        kind: "submit",
        actorType: input.actor.type,
        actorId: input.actor.id,
        fromStatus: null,
        toStatus: INITIAL_STATUS,
        detail: { channel: input.channel },
      },
    ]),
    compiled(
      auditEntry(db, {
        actor: input.actor,
        action: "registration.submit",
        subject: { type: "registration", id },
        requestId: p.requestId,
        at: now,
        detail: { channel: input.channel, members: members.length, decreeScan: scan !== undefined },
      }),
    ),
  ];
}

/**
 * Submits a KIM application: checks the input schema, the decree scan and every eligibility
 * rule, all problems at once (422 `validation_failed`, or 409 `conflict` naming the registration
 * that holds the village); then writes the registration (`awaiting_endorsement`, the endorsement
 * deadline in working days), its members (NIK as keyed hash and last four digits), the locks, the
 * `submit` timeline event, the idempotency row and the audit entry in one atomic D1 batch, starts
 * `RegistrationFlow` with the registration's id and mails the applicant the tracking link.
 *
 * A repeat with the same idempotency key and body returns the first response (`replayed`); with
 * another body it throws 422 `idempotency_key_reused`. Two applications racing for one village
 * or one person: D1's lock indexes let one batch land and the other is refused as above.
 *
 * @example
 * const { registration } = await submitRegistration(deps, {
 *   actor: { type: "public", id: "applicant" }, raw: body, channel: "api",
 *   idempotency: { scope: "POST /api/v1/registrations", key, requestHash: requestHash(body) },
 * }); // { id: "REG-7K3M9QXT2B", status: "awaiting_endorsement", trackingUrl: "…", dueAt: "…+08:00" }
 */
export async function submitRegistration(deps: IntakeDeps, input: SubmitRegistrationInput): Promise<SubmitResult> {
  const now = deps.now();
  const { db, config } = deps;
  const schema = schemaViolations(input.raw);
  const scanCheck = input.scan ? checkDecreeScan(input.scan) : undefined;
  const invalidPaths = new Set(schema.violations.map((v) => v.path));
  const projection = eligibilityProjection(input.raw, invalidPaths);
  const hash = await nikHasher(config.hashKey);
  const hashes = await Promise.all(projection.validNiks.map((nik) => (nik ? hash(nik) : "")));
  const villageCode = invalidPaths.has("villageCode") ? undefined : projection.application.villageCode;

  const context = await readContext(db, villageCode, input.idempotency);
  if (context.stored) return replay(deps, replayFor(context.stored, input.idempotency));

  const inputViolations = [...schema.violations, ...(scanCheck && !scanCheck.ok ? [scanCheck.violation] : [])];
  const screen = (nikHashesInOtherKims: ReadonlySet<string>) =>
    mergeViolations(
      inputViolations,
      checkEligibility(projection.application, {
        settings: context.settings,
        villageKnown: context.village !== undefined,
        submittedAt: now,
        villageRegistration: context.villageHolder,
        memberNikHashes: hashes,
        nikHashesInOtherKims,
      }),
      invalidPaths,
    );
  // People in other KIMs are looked up only for an application refused anyway, so its answer lists
  // every problem; for a clean one the nik_lock index decides in the batch (ten fewer rows read).
  let violations = screen(new Set());
  if (violations.length > 0) violations = screen(await lockedNikHashes(db, hashes));
  if (violations.length > 0 || !schema.parsed || !context.village) throw refusal(violations);
  const application = schema.parsed;
  const { settings, village } = context;

  const deadline = await computeDeadline(db, now, settings["registration.endorsementDays"]);
  const id = newRegistrationId();
  const scan = scanCheck?.ok && input.scan ? await storeScan(deps.files, id, input.scan, scanCheck.type) : undefined;
  const registration: SubmittedRegistration = {
    id,
    status: INITIAL_STATUS,
    trackingUrl: `${config.publicBaseUrl}${trackingPath(id)}`,
    dueAt: deadline.dueWita,
  };
  const confirmed: ConfirmedRegistration = {
    id,
    kimName: application.kimName,
    contactEmail: application.contactEmail,
    dueAt: deadline.due.toISOString(),
    villageName: villageLabel(village),
  };
  // The confirmation is written with the registration: whatever fails afterwards, it is not lost.
  const confirmation = stagedMail(mailDepsOf(deps), confirmationMail(confirmed));
  try {
    await runBatch(db, [
      ...submissionStatements(db, {
        input,
        application,
        registration,
        settings,
        deadline,
        hashes,
        scan,
        now,
        requestId: deps.requestId,
      }),
      compiled(confirmation.statement),
    ]);
  } catch (err) {
    if (scan) await deps.files.delete(scan.key);
    const index = uniqueViolation(err);
    if (index === "idempotency_keys.scope") {
      const winner = await storedResponseQuery(db, input.idempotency).get();
      if (winner) return replay(deps, replayFor(winner, input.idempotency));
    }
    if (index === "registrations.village_lock" || index === "registration_members.nik_lock") {
      // The holder may have closed again in between: then the original error is the honest answer.
      throw (await lostRace(db, index, settings, application.villageCode, hashes)) ?? err;
    }
    throw err;
  }

  await afterCommit(deps, confirmed, "first", confirmation);
  return { registration, replayed: false };
}

interface StoredScan {
  key: string;
  type: DecreeScanType;
  size: number;
}

/** Puts the scan in R2 under the registration's prefix, typed by its content. */
async function storeScan(files: R2Bucket, id: string, bytes: Uint8Array, type: DecreeScanType): Promise<StoredScan> {
  const key = decreeScanKey(id, type);
  await files.put(key, bytes, { httpMetadata: { contentType: type } });
  return { key, type, size: bytes.byteLength };
}
