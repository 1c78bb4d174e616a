import { type Context, Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import { isRegistrationId } from "../../domain/registration/id";
import { REVISION_FIELD_KEYS } from "../../domain/registration/revision";
import { REGISTRATION_STATUSES } from "../../domain/registration/status";
import { AppError, type ErrorDetail } from "../../errors";
import { forbidden } from "../../services/authorize";
import {
  approveRegistration,
  type DecisionResult,
  endorseRegistration,
  rejectEndorsement,
  rejectRegistration,
  requestRevision,
} from "../../services/registration/decisions";
import {
  getRegistrationDetail,
  listWorkQueue,
  mayReadQueue,
  type RegistrationDetail,
  registrationResource,
} from "../../services/registration/queues";
import { authorize, currentActor, requireOfficial, sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { decisionDeps } from "./decision-deps";

/**
 * The officials' JSON API of KIM registrations, beside the `/pendaftaran` pages and calling the
 * same services: the work queues, one registration's detail, and the endorsement and
 * verification decisions. Authenticated by the session cookie; writes pass the same-origin rule
 * of the admin API (JSON, or a request from this site), so a cross-site form post is refused.
 * The services check the policy, the status and the free texts; this router only reads the body.
 */

const loadResource = (c: Context<AppEnv>) => registrationResource(c.var, c.req.param("id") ?? "");
/**
 * Only someone who may read registrations of the record's village gets past (for an endorsement,
 * the village head or a verifier who may record it on their behalf); others 403, unknown ids 404
 * or 403. Checked before the body, so an actor out of scope learns nothing from a 422.
 */
const guard = authorize("registration.read", loadResource);
/** Verification decisions: verifiers and administrators only, refused before the body is read. */
const verifierGuard = authorize("registration.verify", loadResource);

const idParam = z.object({
  id: z.string().refine(isRegistrationId, "Nomor pendaftaran harus berbentuk REG- diikuti 10 huruf atau angka."),
});

const queueQuery = z.object({
  stage: z.enum(["endorsement", "verification"], {
    error: "Tahap harus endorsement (pengesahan) atau verification (verifikasi).",
  }),
});

const optionalText = z.string({ error: "Harus berupa teks." }).optional();

const endorsementInput = z
  .object({
    decision: z.enum(["endorse", "reject"], { error: "Keputusan harus endorse atau reject." }),
    note: optionalText.meta({
      description: "Required when a verifier records the decision on the village head's behalf",
    }),
    reason: optionalText.meta({ description: "Required for reject; the applicant reads it" }),
  })
  .meta({ id: "EndorsementDecision" });

const verificationInput = z
  .object({
    decision: z.enum(["approve", "reject", "revise"], { error: "Keputusan harus approve, reject atau revise." }),
    reason: optionalText.meta({
      description: "Required for reject; for revise an optional summary heading the list of fields",
    }),
    note: optionalText.meta({ description: "Optional note on an approval" }),
    fields: z
      .array(
        z.object({
          path: z.enum(REVISION_FIELD_KEYS, { error: "Bagian yang harus diperbaiki tidak dikenal." }),
          reason: optionalText.meta({ description: "Why this part must be fixed (required)" }),
        }),
        { error: "Harus berupa daftar bagian yang harus diperbaiki." },
      )
      .optional()
      .meta({ description: "For revise: at least one part to fix, each with its reason" }),
  })
  .meta({ id: "VerificationDecision" });

const deadlineSchema = z
  .object({
    dueAt: z.string().meta({ example: "2026-03-27T15:59:59.000Z" }),
    label: z.string().meta({ example: "27 Maret 2026, 23.59 WITA" }),
    overdue: z.boolean(),
    lateLabel: z.string().nullable().meta({ example: "3 hari kerja terlambat" }),
    calendarComplete: z.boolean(),
  })
  .nullable();

const queueSchema = z.object({
  data: z.object({
    stage: z.enum(["endorsement", "verification"]),
    items: z.array(
      z.object({
        id: z.string(),
        kimName: z.string(),
        villageName: z.string(),
        districtName: z.string(),
        status: z.enum(REGISTRATION_STATUSES),
        deadline: deadlineSchema,
        escalationLevel: z.number().int(),
        submittedAt: z.string(),
      }),
    ),
  }),
});

const detailSchema = z.object({
  data: z.object({
    id: z.string(),
    kimName: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    statusLabel: z.string(),
    village: z.object({ code: z.string(), name: z.string(), districtName: z.string() }),
    secretariatAddress: z.string(),
    contactEmail: z.string().meta({ description: "Masked unless the actor may read contacts" }),
    contactPhone: z.string().meta({ description: "Masked unless the actor may read contacts" }),
    foundedOn: z.string(),
    decree: z.object({
      number: z.string(),
      date: z.string(),
      issuer: z.string(),
      scan: z.object({ type: z.string(), size: z.number().int(), url: z.string() }).nullable(),
    }),
    website: z.string().nullable(),
    socials: z.array(z.object({ platform: z.string(), url: z.string() })),
    communityGroups: z.array(z.string()),
    registrationNumber: z.string().nullable(),
    approvedAt: z.string().nullable(),
    submittedAt: z.string(),
    deadline: deadlineSchema,
    members: z.array(
      z.object({
        position: z.number().int(),
        fullName: z.string(),
        nik: z.string().meta({ description: "Only the last four digits", example: "••••••••••••1234" }),
        gender: z.enum(["L", "P"]),
        birthYear: z
          .number()
          .int()
          .nullable()
          .meta({ description: "The year only: the whole birth date is never stored", example: 1990 }),
        phone: z.string(),
        role: z.string(),
        roleLabel: z.string(),
        occupation: z.string(),
      }),
    ),
    timeline: z.array(
      z.object({
        kind: z.string(),
        at: z.string(),
        atLabel: z.string(),
        actor: z.string(),
        fromStatus: z.enum(REGISTRATION_STATUSES).nullable(),
        toStatus: z.enum(REGISTRATION_STATUSES).nullable(),
        reason: z.string().nullable(),
        detail: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
    can: z.object({ endorse: z.boolean(), endorseOnBehalf: z.boolean(), verify: z.boolean() }),
  }),
});

const decisionSchema = z.object({
  data: z.object({
    id: z.string(),
    status: z.enum(REGISTRATION_STATUSES),
    dueAt: z.string().nullable(),
    registrationNumber: z.string().nullable().meta({ example: "KIM-6403042001-001" }),
  }),
});

const ok = (description: string, schema: z.ZodType) => ({
  200: { description, content: { "application/json": { schema: resolver(schema) } } },
});

/**
 * The detail as the page shows it: contacts as shown (masked for roles without contact access),
 * never the stored whole values, the scan's storage key or the locks.
 */
function detailBody(d: RegistrationDetail) {
  const r = d.registration;
  return {
    id: r.id,
    kimName: r.kimName,
    status: r.status,
    statusLabel: d.statusLabel,
    village: { code: r.villageCode, name: d.villageName, districtName: d.districtName },
    secretariatAddress: r.secretariatAddress,
    contactEmail: r.contactEmailShown,
    contactPhone: r.contactPhoneShown,
    foundedOn: r.foundedOn,
    decree: {
      number: r.decreeNumber,
      date: r.decreeDate,
      issuer: r.decreeIssuer,
      scan:
        r.decreeScanKey && r.decreeScanType
          ? { type: r.decreeScanType, size: r.decreeScanSize ?? 0, url: `/pendaftaran/${r.id}/sk` }
          : null,
    },
    website: r.website,
    socials: r.socials,
    communityGroups: r.communityGroups,
    registrationNumber: r.registrationNumber,
    approvedAt: r.approvedAt,
    submittedAt: r.createdAt,
    deadline: d.deadline,
    members: d.members,
    timeline: d.timeline,
    can: d.can,
  };
}

/**
 * Runs a decision service and answers `{ data }`. The services name the form's fields; `rename`
 * turns those paths into the JSON body's, so a 422 points at what the client sent.
 */
async function decide(
  c: Context<AppEnv>,
  run: () => Promise<DecisionResult>,
  rename: (path: string) => string = (path) => path,
) {
  try {
    return c.json({ data: await run() });
  } catch (err) {
    if (err instanceof AppError && err.code === "validation_failed" && err.details) {
      const details: ErrorDetail[] = err.details.map((d) => ({ ...d, path: rename(d.path) }));
      throw new AppError(err.status, err.code, err.message, details);
    }
    throw err;
  }
}

/** The revision service names `reasons.<field>` and `summary` (the page's inputs); the API sends `fields[i].reason` and `reason`. */
function revisionPath(fields: readonly { path: string }[]) {
  return (path: string) => {
    if (path === "summary") return "reason";
    if (path.startsWith("reasons.")) {
      const index = fields.findIndex((f) => f.path === path.slice("reasons.".length));
      if (index >= 0) return `fields[${index}].reason`;
    }
    return path;
  };
}

/** Mounted into `registrationsApi` at `/api/v1/registrations`, beside the public submit and status routes. */
export const registrationDecisionsApi = new Hono<AppEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Registrations"],
      summary: "Work queue of one stage (officials)",
      description:
        "Registrations waiting in `stage` that the signed-in official may act on, nearest deadline first, " +
        "overdue ones marked. No personal data. Village heads see their own villages' endorsement queue only.",
      responses: { ...ok("The queue", queueSchema), ...errorResponses(401, 403, 422) },
    }),
    requireOfficial,
    validate("query", queueQuery),
    async (c) => {
      const actor = currentActor(c);
      const { stage } = c.req.valid("query");
      if (!mayReadQueue(actor, stage)) throw forbidden();
      return c.json({ data: { stage, items: await listWorkQueue(serviceDeps(c), actor, stage) } });
    },
  )
  .get(
    "/:id",
    describeRoute({
      tags: ["Registrations"],
      summary: "One registration with its members (officials)",
      description:
        "The detail view: members with NIK as its last four digits; phones and e-mail addresses whole only " +
        "to roles that may read contacts. Every read is recorded in the audit trail as a personal-data read. " +
        "Out of the actor's scope: 403, whether or not the registration exists.",
      responses: { ...ok("The registration", detailSchema), ...errorResponses(401, 403, 404, 422) },
    }),
    guard,
    validate("param", idParam),
    async (c) => {
      const detail = await getRegistrationDetail(serviceDeps(c), currentActor(c), c.req.valid("param").id);
      return c.json({ data: detailBody(detail) });
    },
  )
  .post(
    "/:id/endorsement",
    describeRoute({
      tags: ["Registrations"],
      summary: "Endorse or refuse a registration (village head, or a verifier on their behalf)",
      description:
        "The village head of the registration's village decides; a verifier may record the decision on " +
        "their behalf with a mandatory `note` (it goes into the timeline and the audit trail). `reject` " +
        "needs a `reason`. 409 when the registration no longer awaits endorsement. Cookie-authenticated: " +
        "send JSON; a cross-site form post is refused (403).",
      requestBody: { required: true, content: { "application/json": { schema: resolver(endorsementInput) } } },
      responses: {
        ...ok("The registration after the decision", decisionSchema),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    sameOriginForms(),
    guard,
    validate("param", idParam),
    validate("json", endorsementInput),
    (c) => {
      const deps = decisionDeps(c);
      const actor = currentActor(c);
      const registrationId = c.req.valid("param").id;
      const { decision, note, reason } = c.req.valid("json");
      return decide(c, () =>
        decision === "endorse"
          ? endorseRegistration(deps, actor, { registrationId, note })
          : rejectEndorsement(deps, actor, { registrationId, reason, note }),
      );
    },
  )
  .post(
    "/:id/verification",
    describeRoute({
      tags: ["Registrations"],
      summary: "Approve, reject or send back a registration (verifier)",
      description:
        "`approve` makes the KIM active with its registration number; `reject` needs a `reason`; `revise` " +
        "needs `fields` (at least one part, each with its `reason`) and takes `reason` as an optional summary. " +
        "409 when the registration no longer awaits verification. Cookie-authenticated: send JSON; a " +
        "cross-site form post is refused (403).",
      requestBody: { required: true, content: { "application/json": { schema: resolver(verificationInput) } } },
      responses: {
        ...ok("The registration after the decision", decisionSchema),
        ...errorResponses(400, 401, 403, 404, 409, 422),
      },
    }),
    sameOriginForms(),
    verifierGuard,
    validate("param", idParam),
    validate("json", verificationInput),
    (c) => {
      const deps = decisionDeps(c);
      const actor = currentActor(c);
      const registrationId = c.req.valid("param").id;
      const { decision, reason, note, fields = [] } = c.req.valid("json");
      if (decision === "approve") return decide(c, () => approveRegistration(deps, actor, { registrationId, note }));
      if (decision === "reject") return decide(c, () => rejectRegistration(deps, actor, { registrationId, reason }));
      return decide(
        c,
        () => requestRevision(deps, actor, { registrationId, fields, summary: reason }),
        revisionPath(fields),
      );
    },
  );
