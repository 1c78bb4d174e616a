import { type Context, Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import { DECREE_SCAN_MAX_BYTES } from "../../domain/registration/decree-scan";
import { isRegistrationId } from "../../domain/registration/id";
import { registrationInputSchema } from "../../domain/registration/input";
import { REGISTRATION_STATUSES } from "../../domain/registration/status";
import { requestHash } from "../../domain/request-hash";
import { notFound } from "../../errors";
import { submitRegistration } from "../../services/registration/intake";
import { getRegistrationTracking } from "../../services/registration/tracking";
import type { AppEnv } from "../context";
import { idempotencyHeader } from "../idempotency-header";
import { errorResponses } from "../openapi";
import { readSubmissionBody } from "../submission-body";
import { validate } from "../validation";
import { registrationDecisionsApi } from "./decisions-api";
import { APPLICANT, intakeDeps, limitPublicSubmissions } from "./intake";

/** Idempotency keys of the API live in this scope; the form's tokens in `form:daftar-kim`. */
export const API_IDEMPOTENCY_SCOPE = "POST /api/v1/registrations";

const idempotencyHeaderSchema = idempotencyHeader("pendaftaran");

const submittedSchema = z
  .object({
    id: z.string().meta({ example: "REG-7K3M9QXT2B" }),
    status: z.literal("awaiting_endorsement"),
    trackingUrl: z.string().meta({ example: "https://simpul.example/daftar-kim/REG-7K3M9QXT2B" }),
    dueAt: z.string().meta({ example: "2026-03-20T23:59:59+08:00", description: "Endorsement deadline, WITA" }),
  })
  .meta({ id: "SubmittedRegistration" });

const multipartSchema = z.object({
  application: z.string().meta({ description: "The application as JSON, the same object as the JSON body" }),
  decreeScan: z
    .string()
    .optional()
    .meta({ format: "binary", description: "Formation decree scan: PDF, JPEG or PNG (by content), at most 2 MB" }),
});

const trackingSchema = z.object({
  data: z.object({
    id: z.string(),
    kimName: z.string(),
    village: z.object({ code: z.string(), name: z.string() }),
    status: z.enum(REGISTRATION_STATUSES),
    statusLabel: z.string(),
    registrationNumber: z.string().nullable().meta({ example: "KIM-6403051006-001" }),
    dueAt: z.string().nullable().meta({ example: "2026-03-27T23:59:59+08:00" }),
    dueAtLabel: z.string().nullable().meta({ example: "27 Maret 2026, 23.59 WITA" }),
    workingDaysLate: z.number().int(),
    calendarComplete: z.boolean(),
    timeline: z.array(
      z.object({
        kind: z.string(),
        label: z.string(),
        at: z.string(),
        atLabel: z.string(),
        status: z.enum(REGISTRATION_STATUSES).nullable(),
      }),
    ),
  }),
});

const idParam = z.object({
  id: z.string().refine(isRegistrationId, "Nomor pendaftaran harus berbentuk REG- diikuti 10 huruf atau angka."),
});

/** The application and the scan from a JSON body, or from multipart parts `application` and `decreeScan`. */
async function readBody(c: Context<AppEnv>): Promise<{ raw: unknown; scan: Uint8Array | undefined }> {
  const { raw, files } = await readSubmissionBody(c, {
    jsonPart: "application",
    filePart: "decreeScan",
    record: "pendaftaran",
    files: "pindaian SK",
  });
  return { raw, scan: files[0] };
}

/** The JSON API of KIM registrations: submit and the public status, then the officials' queues, detail and decisions. */
export const registrationsApi = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      tags: ["Registrations"],
      summary: "Submit a KIM registration",
      description:
        "Checks the input and every eligibility rule at once (422 with each field's `path`, `code` and an " +
        "Indonesian message); a village that already has a pending or active KIM answers 409 naming that " +
        "registration. Send JSON, or multipart with the JSON in `application` and the decree scan in " +
        `\`decreeScan\` (PDF/JPEG/PNG by content, at most ${DECREE_SCAN_MAX_BYTES / (1024 * 1024)} MB). The same ` +
        "`Idempotency-Key` with the same body replays the first 201 (header `Idempotent-Replayed: true`); with " +
        "another body it answers 422 `idempotency_key_reused`. Rate-limited per client IP (429).",
      requestBody: {
        required: true,
        content: {
          "application/json": { schema: resolver(registrationInputSchema) },
          "multipart/form-data": { schema: resolver(multipartSchema) },
        },
      },
      responses: {
        201: { description: "Registered", content: { "application/json": { schema: resolver(submittedSchema) } } },
        ...errorResponses(400, 409, 413, 415, 422, 429, 503),
      },
    }),
    limitPublicSubmissions,
    validate("header", idempotencyHeaderSchema),
    async (c) => {
      const { raw, scan } = await readBody(c);
      const result = await submitRegistration(intakeDeps(c), {
        actor: APPLICANT,
        raw,
        scan,
        channel: "api",
        idempotency: {
          scope: API_IDEMPOTENCY_SCOPE,
          key: c.req.valid("header")["idempotency-key"],
          requestHash: requestHash(raw, scan ? [scan] : []),
        },
      });
      if (result.replayed) c.header("Idempotent-Replayed", "true");
      return c.json(result.registration, 201);
    },
  )
  .get(
    "/:id/status",
    describeRoute({
      tags: ["Registrations"],
      summary: "Public status of a registration",
      description: "Status, current deadline and timeline; no personal data.",
      responses: {
        200: {
          description: "The registration's status",
          content: { "application/json": { schema: resolver(trackingSchema) } },
        },
        ...errorResponses(404, 422),
      },
    }),
    validate("param", idParam),
    async (c) => {
      const tracking = await getRegistrationTracking(c.var.db, c.req.valid("param").id, c.var.now());
      if (!tracking) throw notFound("Pendaftaran dengan nomor itu tidak ditemukan.");
      return c.json({ data: tracking });
    },
  )
  .route("/", registrationDecisionsApi);
