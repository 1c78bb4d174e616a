import { type Context, Hono, type MiddlewareHandler } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import type { Actor } from "../../domain/actor";
import { normaliseTrackingCode } from "../../domain/aspiration/code";
import { aspirationInputSchema } from "../../domain/aspiration/input";
import { ASPIRATION_KINDS } from "../../domain/aspiration/kinds";
import { MAX_PHOTOS, PHOTO_MAX_BYTES } from "../../domain/aspiration/photos";
import { ASPIRATION_STATUSES } from "../../domain/aspiration/status";
import { requestHash } from "../../domain/request-hash";
import { AppError, notFound } from "../../errors";
import { acceptAnswer, reopenCase, replyWithInformation } from "../../services/aspiration/feedback";
import { type AspirationIntakeDeps, submitAspiration } from "../../services/aspiration/intake";
import { publicAnswers } from "../../services/aspiration/public-list";
import { getAspirationTracking } from "../../services/aspiration/tracking";
import type { AspirationDecisionDeps } from "../../services/aspiration/transition";
import { verifyTurnstile } from "../../services/turnstile";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { idempotencyHeader } from "../idempotency-header";
import { errorResponses } from "../openapi";
import { clientIp } from "../rate-limit";
import { readSubmissionBody } from "../submission-body";
import { validate } from "../validation";

/** Who submits an aspiration: a citizen (or a KIM on their behalf) without an account. */
export const REPORTER: Actor = { type: "public", id: "reporter" };

/** The hidden field people never fill in and form-filling bots do. */
export const HONEYPOT_FIELD = "situs";

export const ASPIRATION_API_SCOPE = "POST /api/v1/aspirations";

/** What every decision on a case needs, whoever takes it (official or reporter), for one request. */
export function aspirationDecisionDeps(c: Context<AppEnv>): AspirationDecisionDeps {
  return { ...serviceDeps(c), flow: c.env.ASPIRATION_FLOW, mailQueue: c.env.MAIL_QUEUE, logger: c.var.logger };
}

/** The intake's dependencies for one request: a decision's, and the photo store. */
export function aspirationIntakeDeps(c: Context<AppEnv>): AspirationIntakeDeps {
  return { ...aspirationDecisionDeps(c), flow: c.env.ASPIRATION_FLOW, files: c.env.FILES };
}

const tooMany = (what: string) =>
  new AppError(
    429,
    "rate_limited",
    `Terlalu banyak ${what} dari jaringan Anda dalam satu menit. Silakan tunggu sebentar.`,
  );

/** Submissions share the public forms' per-client budget (wrangler.toml `PUBLIC_FORM_LIMITER`). */
export const limitAspirationSubmissions: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { success } = await c.env.PUBLIC_FORM_LIMITER.limit({ key: `aspiration:ip:${clientIp(c)}` });
  if (!success) throw tooMany("pengiriman laporan");
  await next();
};

/** Tracking look-ups have their own budget, so walking the code space gets nowhere (`TRACKING_LIMITER`). */
export const limitTrackingLookups: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { success } = await c.env.TRACKING_LIMITER.limit({ key: `tracking:ip:${clientIp(c)}` });
  if (!success) throw tooMany("pencarian kode");
  await next();
};

/** A filled honeypot: refused like any unreadable request, naming no field a bot could learn from. */
export const botRefusal = () => new AppError(400, "bad_request", "Laporan tidak dapat diterima.");

const idempotencyHeaderSchema = idempotencyHeader("laporan");

const submittedSchema = z
  .object({
    code: z.string().meta({ example: "ASP-7K3Q-H9TM" }),
    status: z.literal("received"),
    trackingUrl: z.string().meta({ example: "https://simpul.example/lacak/ASP-7K3Q-H9TM" }),
    dueAt: z.string().meta({ example: "2026-12-09T23:59:59+08:00", description: "Verification deadline, WITA" }),
  })
  .meta({ id: "SubmittedAspiration" });

const multipartSchema = z.object({
  aspiration: z.string().meta({ description: "The report as JSON, the same object as the JSON body" }),
  photos: z
    .array(z.string())
    .optional()
    .meta({ description: `Up to ${MAX_PHOTOS} photos: JPEG, PNG or WebP by content, at most 2 MB each` }),
});

const trackingSchema = z.object({
  data: z.object({
    code: z.string(),
    kind: z.enum(ASPIRATION_KINDS),
    kindLabel: z.string(),
    category: z.string(),
    village: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    reporterName: z.string().nullable().meta({ description: "Only for a report the reporter made public" }),
    status: z.enum(ASPIRATION_STATUSES),
    statusLabel: z.string(),
    agency: z.string().nullable(),
    dueAt: z.string().nullable(),
    dueAtLabel: z.string().nullable(),
    publicAnswer: z.string().nullable(),
    rating: z.number().int().nullable(),
    reopensLeft: z.number().int(),
    timeline: z.array(
      z.object({
        kind: z.string(),
        label: z.string(),
        at: z.string(),
        atLabel: z.string(),
        note: z.string().nullable(),
      }),
    ),
  }),
});

const publicAnswersSchema = z
  .object({
    data: z.object({
      items: z.array(
        z.object({
          title: z.string(),
          kindLabel: z.string(),
          category: z.string(),
          village: z.string().nullable(),
          agency: z.string().nullable(),
          description: z.string().meta({ description: "The report's text, cut at 300 characters" }),
          answer: z.string().meta({ description: "The agency's public answer, whole" }),
          answeredAt: z.string().meta({ example: "2026-12-03T02:15:00.000Z" }),
          answeredAtLabel: z.string().meta({ example: "3 Desember 2026" }),
        }),
      ),
      next: z.string().optional().meta({ description: "Pass as `after` for the page of older answers" }),
    }),
  })
  .meta({ id: "PublicAnswers" });

const codeParam = z.object({ code: z.string().max(40) });

/** What the reporter may do with a case, by name. */
const feedbackInput = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("reply"), reply: z.unknown().optional(), key: z.string().max(40).optional() }),
    z.object({ action: z.literal("accept"), rating: z.unknown().optional(), key: z.string().max(40).optional() }),
    z.object({
      action: z.literal("reopen"),
      reason: z.unknown().optional(),
      rating: z.unknown().optional(),
      key: z.string().max(40).optional(),
    }),
  ],
  { error: "Pilih tindakan: reply, accept atau reopen." },
);
const keyQuery = z.object({ kunci: z.string().max(40).optional() });

/** The report and photos from a JSON body, or from multipart parts `aspiration` and `photos`. */
async function readBody(c: Context<AppEnv>): Promise<{ raw: unknown; photos: Uint8Array[] }> {
  const { raw, files } = await readSubmissionBody(c, {
    jsonPart: "aspiration",
    filePart: "photos",
    record: "laporan",
    files: "foto",
  });
  return { raw, photos: files };
}

const hasHoneypot = (raw: unknown) =>
  typeof raw === "object" &&
  raw !== null &&
  HONEYPOT_FIELD in raw &&
  (raw as Record<string, unknown>)[HONEYPOT_FIELD] !== "";

/** The JSON API of aspirations for the public: submit, and track by code. */
export const aspirationsApi = new Hono<AppEnv>()
  .post(
    "/",
    describeRoute({
      tags: ["Aspirations"],
      summary: "Submit an aspiration, complaint or information request",
      description:
        "Checks every field at once (422 with each field's `path`, `code` and an Indonesian message). Send JSON, " +
        `or multipart with the JSON in \`aspiration\` and up to ${MAX_PHOTOS} photos in \`photos\` (JPEG/PNG/WebP ` +
        `by content, at most ${PHOTO_MAX_BYTES / (1024 * 1024)} MB each). \`privacy\` defaults to \`anonim\`. The same ` +
        "`Idempotency-Key` with the same body replays the first 201. When the office turned Turnstile on, send " +
        "its token in `cf-turnstile-response`. Rate-limited per client IP (429).",
      requestBody: {
        required: true,
        content: {
          "application/json": { schema: resolver(aspirationInputSchema) },
          "multipart/form-data": { schema: resolver(multipartSchema) },
        },
      },
      responses: {
        201: { description: "Received", content: { "application/json": { schema: resolver(submittedSchema) } } },
        ...errorResponses(400, 413, 415, 422, 429, 503),
      },
    }),
    limitAspirationSubmissions,
    validate("header", idempotencyHeaderSchema),
    async (c) => {
      const { raw, photos } = await readBody(c);
      if (hasHoneypot(raw)) throw botRefusal();
      const token =
        typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>)["cf-turnstile-response"] : undefined;
      await verifyTurnstile(c.var.config, token, clientIp(c));
      const result = await submitAspiration(aspirationIntakeDeps(c), {
        actor: REPORTER,
        raw,
        photos,
        channel: "api",
        idempotency: {
          scope: ASPIRATION_API_SCOPE,
          key: c.req.valid("header")["idempotency-key"],
          requestHash: requestHash(raw, photos),
        },
      });
      if (result.replayed) c.header("Idempotent-Replayed", "true");
      return c.json(result.aspiration, 201);
    },
  )
  .get(
    "/public",
    describeRoute({
      tags: ["Aspirations"],
      summary: "Answered reports that may be public, latest answer first",
      description:
        "Never a `rahasia` report, never anything of the reporter, never a tracking code. 10 a page; pass `next` as " +
        "`after` for the page before.",
      responses: {
        200: { description: "A page", content: { "application/json": { schema: resolver(publicAnswersSchema) } } },
        ...errorResponses(422),
      },
    }),
    validate("query", z.object({ after: z.string().max(80).optional() })),
    async (c) => c.json({ data: await publicAnswers(c.var.db, c.req.valid("query").after) }),
  )
  .get(
    "/:code",
    describeRoute({
      tags: ["Aspirations"],
      summary: "Track an aspiration by its code",
      description:
        "Status, agency, deadline, timeline and the public answer. Never any identity of the reporter, except the " +
        "name of one who chose `publik`. A `rahasia` case needs the `kunci` from its tracking link; without it, it " +
        "answers 404 exactly like an unknown code. Rate-limited per client IP (429).",
      responses: {
        200: { description: "The case", content: { "application/json": { schema: resolver(trackingSchema) } } },
        ...errorResponses(404, 422, 429),
      },
    }),
    limitTrackingLookups,
    validate("param", codeParam),
    validate("query", keyQuery),
    async (c) => {
      const code = normaliseTrackingCode(c.req.valid("param").code);
      const tracking = code && (await getAspirationTracking(c.var, code, c.req.valid("query").kunci));
      if (!tracking) throw notFound("Laporan dengan kode itu tidak ditemukan. Periksa kembali kodenya.");
      return c.json({ data: tracking });
    },
  )
  .post(
    "/:code/feedback",
    describeRoute({
      tags: ["Aspirations"],
      summary: "The reporter replies to a question, accepts the answer or reopens the case",
      description:
        "`reply` (`reply`, 10–5,000 characters) while the case waits for more information: it goes back to " +
        "verification with the working days that were left. `accept` (`rating` 1–5) after the answer: the case " +
        "closes. `reopen` (`reason`, optional `rating`) within the feedback window, at most twice: the case goes back " +
        "to the same agency with a new deadline. Whoever holds the code is the reporter; a `rahasia` case also needs " +
        "its `key` (the `kunci` of its tracking link) and otherwise answers 404. 409 when the case is not in a status " +
        "that allows the action. Rate-limited per client IP (429).",
      requestBody: { required: true, content: { "application/json": { schema: resolver(feedbackInput) } } },
      responses: {
        200: { description: "The case's status after the action", content: { "application/json": {} } },
        ...errorResponses(400, 404, 409, 422, 429),
      },
    }),
    limitTrackingLookups,
    validate("param", codeParam),
    validate("json", feedbackInput),
    async (c) => {
      const code = normaliseTrackingCode(c.req.valid("param").code);
      if (!code) throw notFound("Laporan dengan kode itu tidak ditemukan. Periksa kembali kodenya.");
      const deps = aspirationDecisionDeps(c);
      const input = c.req.valid("json");
      switch (input.action) {
        case "reply":
          return c.json({ data: await replyWithInformation(deps, REPORTER, { code, ...input }) });
        case "accept":
          return c.json({ data: await acceptAnswer(deps, REPORTER, { code, ...input }) });
        case "reopen":
          return c.json({ data: await reopenCase(deps, REPORTER, { code, ...input }) });
      }
    },
  );
