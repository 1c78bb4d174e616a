import { Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import { normaliseTrackingCode } from "../../domain/aspiration/code";
import { notFound } from "../../errors";
import {
  classifyInvestigation,
  decideExtension,
  requestExtension,
  requestTransfer,
  startHandling,
} from "../../services/aspiration/agency-requests";
import {
  answerAspiration,
  decideTransfer,
  declineAspiration,
  rejectAspiration,
  requestInformation,
  routeAspiration,
} from "../../services/aspiration/decisions";
import { agencyQueue, getAspirationCase, verificationQueue } from "../../services/aspiration/queues";
import { searchCases } from "../../services/aspiration/similar";
import { assertCan } from "../../services/authorize";
import { currentActor, requireOfficial, sameOriginForms } from "../auth";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { errorResponses } from "../openapi";
import { validate } from "../validation";
import { aspirationDecisionDeps } from "./api";

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
    z.object({ decision: z.literal("request_info"), question: z.unknown().optional() }),
    z.object({ decision: z.literal("decide_transfer"), approve: z.unknown().optional(), note: z.unknown().optional() }),
    z.object({ decision: z.literal("start") }),
    z.object({
      decision: z.literal("answer"),
      publicAnswer: z.unknown().optional(),
      internalNote: z.unknown().optional(),
    }),
    z.object({
      decision: z.literal("request_transfer"),
      agencyId: z.unknown().optional(),
      reason: z.unknown().optional(),
    }),
    z.object({ decision: z.literal("request_extension"), reason: z.unknown().optional() }),
    z.object({
      decision: z.literal("decide_extension"),
      approve: z.unknown().optional(),
      note: z.unknown().optional(),
    }),
    z.object({ decision: z.literal("classify_investigation"), reason: z.unknown().optional() }),
  ],
  {
    error:
      "Pilih keputusan: route, reject, decline, request_info, decide_transfer, start, answer, request_transfer, " +
      "request_extension, decide_extension atau classify_investigation.",
  },
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
    "/search",
    describeRoute({
      tags: ["Aspirations"],
      summary: "Search every case by the words of its title and description (verifiers)",
      description:
        "Up to 50 cases sharing the most words with `q` (at most 100 characters; words of 3 letters or more that " +
        "are not common function words). 422 when nothing searchable was typed.",
      responses: { ...ok("The cases found"), ...errorResponses(401, 403, 422) },
    }),
    requireOfficial,
    validate("query", z.object({ q: z.string().max(200) })),
    async (c) => {
      assertCan(currentActor(c), "aspiration.verify", { kind: "aspiration", agencyId: null });
      return c.json({ data: await searchCases(serviceDeps(c).db, c.req.valid("query").q) });
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
      summary: "Decide on a case: verifiers and the case's agency",
      description:
        "Verifiers: `route` (`agencyId`, optional internal `note`), `reject` (`reason`, optional `duplicateOf`), " +
        "`decline` (`reason` and `referTo`), `request_info` (`question`, public; pauses the verification clock), " +
        "`decide_transfer` (`approve` true or false, optional `note`). The case's agency: `start`, `answer` " +
        "(`publicAnswer`, optional `internalNote`), `request_transfer` (`agencyId`, `reason`), `request_extension` " +
        "(`reason`; once per case), `classify_investigation` (`reason`; the long deadline class). The agency head: " +
        "`decide_extension` (`approve`, optional `note`). 409 with the current status when the case moved on; 422 " +
        "naming each field. Cookie-authenticated: send JSON; a cross-site post is refused (403).",
      requestBody: { required: true, content: { "application/json": { schema: resolver(decisionInput) } } },
      responses: { ...ok("The case's status after the decision"), ...errorResponses(400, 401, 403, 404, 409, 422) },
    }),
    sameOriginForms(),
    requireOfficial,
    validate("param", codeParam),
    validate("json", decisionInput),
    async (c) => {
      const deps = aspirationDecisionDeps(c);
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
        case "request_info":
          return c.json({ data: await requestInformation(deps, actor, { code, ...input }) });
        case "decide_transfer":
          return c.json({ data: await decideTransfer(deps, actor, { code, ...input }) });
        case "start":
          return c.json({ data: await startHandling(deps, actor, { code }) });
        case "request_transfer":
          return c.json({ data: await requestTransfer(deps, actor, { code, ...input }) });
        case "request_extension":
          return c.json({ data: await requestExtension(deps, actor, { code, ...input }) });
        case "decide_extension":
          return c.json({ data: await decideExtension(deps, actor, { code, ...input }) });
        case "classify_investigation":
          return c.json({ data: await classifyInvestigation(deps, actor, { code, ...input }) });
      }
    },
  );
