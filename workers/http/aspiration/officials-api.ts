import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import { normaliseTrackingCode } from "../../domain/aspiration/code";
import { notFound } from "../../errors";
import {
  answerAspiration,
  declineAspiration,
  rejectAspiration,
  routeAspiration,
} from "../../services/aspiration/decisions";
import { agencyQueue, getAspirationCase, verificationQueue } from "../../services/aspiration/queues";
import { currentActor, requireOfficial, sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";

const ok = (description: string) => ({ 200: { description, content: { "application/json": {} } } });

const pageQuery = z.object({ after: z.string().max(80).optional() });
const agencyQuery = pageQuery.extend({ agency: z.string().max(60).optional() });
const codeParam = z.object({ code: z.string().max(40) });

/** The decisions an official may post, by name; each service checks who may take it. */
const decisionInput = z.discriminatedUnion(
  "decision",
  [
    z.object({ decision: z.literal("route"), agencyId: z.unknown().optional(), note: z.unknown().optional() }),
    z.object({ decision: z.literal("reject"), reason: z.unknown().optional(), duplicateOf: z.unknown().optional() }),
    z.object({ decision: z.literal("decline"), reason: z.unknown().optional(), referTo: z.unknown().optional() }),
    z.object({
      decision: z.literal("answer"),
      publicAnswer: z.unknown().optional(),
      internalNote: z.unknown().optional(),
    }),
  ],
  { error: "Pilih keputusan: route, reject, decline atau answer." },
);

const codeOf = (raw: string) => {
  const code = normaliseTrackingCode(raw);
  if (!code) throw notFound("Aspirasi dengan kode itu tidak ditemukan.");
  return code;
};

/** The officials' JSON API of aspirations: queues, one case, and the decisions, through the same services as the pages. */
export const aspirationOfficialsApi = new Hono<AppEnv>()
  .get(
    "/queues/verification",
    describeRoute({
      tags: ["Aspirations"],
      summary: "Diskominfo's verification queue (verifiers)",
      description:
        "Cases waiting for verification or for the reporter's reply, nearest deadline first, 50 a page; " +
        "`next` is the cursor for `after`. No identity of reporters.",
      responses: { ...ok("A page of the queue"), ...errorResponses(401, 403, 422) },
    }),
    requireOfficial,
    validate("query", pageQuery),
    async (c) => c.json({ data: await verificationQueue(serviceDeps(c), currentActor(c), c.req.valid("query").after) }),
  )
  .get(
    "/queues/agency",
    describeRoute({
      tags: ["Aspirations"],
      summary: "An agency's queue (its officers; verifiers name any agency)",
      description: "Cases the agency holds, nearest deadline first, overdue and escalated marked; 50 a page.",
      responses: { ...ok("A page of the queue"), ...errorResponses(401, 403, 422) },
    }),
    requireOfficial,
    validate("query", agencyQuery),
    async (c) => {
      const { agency, after } = c.req.valid("query");
      return c.json({ data: await agencyQueue(serviceDeps(c), currentActor(c), { agencyId: agency, after }) });
    },
  )
  .get(
    "/:code/case",
    describeRoute({
      tags: ["Aspirations"],
      summary: "One case with its timeline and deadlines (officials)",
      description:
        "Agencies never see the reporter of an `anonim` or `rahasia` case, nor any reporter's contact; verifiers " +
        "do, and each such read is recorded as a personal-data read.",
      responses: { ...ok("The case"), ...errorResponses(401, 403, 404, 422) },
    }),
    requireOfficial,
    validate("param", codeParam),
    async (c) => {
      const data = await getAspirationCase(serviceDeps(c), currentActor(c), codeOf(c.req.valid("param").code));
      c.header("Cache-Control", "no-store");
      return c.json({ data });
    },
  )
  .post(
    "/:code/decisions",
    describeRoute({
      tags: ["Aspirations"],
      summary: "Route, reject, decline or answer a case",
      description:
        "`route` (verifier: `agencyId`, optional internal `note`), `reject` (verifier: `reason`, optional " +
        "`duplicateOf`), `decline` (verifier: `reason` and `referTo`), `answer` (the case's agency: `publicAnswer`, " +
        "optional `internalNote`). 409 with the current status when the case moved on; 422 naming each field. " +
        "Cookie-authenticated: send JSON; a cross-site post is refused (403).",
      requestBody: { required: true, content: { "application/json": { schema: resolver(decisionInput) } } },
      responses: { ...ok("The case's status after the decision"), ...errorResponses(400, 401, 403, 404, 409, 422) },
    }),
    sameOriginForms(),
    requireOfficial,
    validate("param", codeParam),
    validate("json", decisionInput),
    async (c) => {
      const deps = {
        ...serviceDeps(c),
        flow: c.env.ASPIRATION_FLOW,
        mailQueue: c.env.MAIL_QUEUE,
        logger: c.var.logger,
      };
      const actor = currentActor(c);
      const code = codeOf(c.req.valid("param").code);
      const input = c.req.valid("json");
      switch (input.decision) {
        case "route":
          return c.json({ data: await routeAspiration(deps, actor, { code, ...input }) });
        case "reject":
          return c.json({ data: await rejectAspiration(deps, actor, { code, ...input }) });
        case "decline":
          return c.json({ data: await declineAspiration(deps, actor, { code, ...input }) });
        case "answer":
          return c.json({ data: await answerAspiration(deps, actor, { code, ...input }) });
      }
    },
  );
