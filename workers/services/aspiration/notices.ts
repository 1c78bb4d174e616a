import { and, asc, count, eq } from "drizzle-orm";
import { agencies, aspirationDeadlines, aspirations } from "../../../schema";
import type { AppConfig } from "../../config";
import type { Db } from "../../db";
import type { DeadlineStage } from "../../domain/aspiration/kinds";
import { AGENCY_STATUSES } from "../../domain/aspiration/status";
import type { MailQueueMessage } from "../../mail/messages";
import { enqueueMail } from "../../mail/outbox";
import { roleHolders } from "../recipients";
import { statusIn } from "./queues";
import { aspirationTrackingPath } from "./tracking";

/**
 * The mail decisions send beside the flow's ladder: the agency hears of a case routed to it (its
 * officers, or the verifiers at once when it has none yet), the reporter of the answer, and an
 * officer appointed later of the cases already waiting at their agency. No mail names the reporter.
 */

export interface NoticeDeps {
  db: Db;
  config: AppConfig;
  mailQueue: Queue<MailQueueMessage>;
  now: () => Date;
}

/** Cases handed to one new officer at most: a backlog beyond this is in their queue. */
const HANDOVER_LIMIT = 50;

const caseLink = (code: string) => `/aspirasi/kelola/${code}`;

/** Which round of a stage the case is in: that stage's deadline rows so far, less one. */
async function stageRound(db: Db, code: string, stage: DeadlineStage): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(aspirationDeadlines)
    .where(and(eq(aspirationDeadlines.code, code), eq(aspirationDeadlines.stage, stage)))
    .get();
  return Math.max(0, (row?.n ?? 1) - 1);
}

/** What `enqueueMail` needs, from a notice's dependencies. */
const mailDeps = (deps: NoticeDeps) => ({ db: deps.db, queue: deps.mailQueue, config: deps.config, now: deps.now() });

/**
 * Tells the agency a case was routed to it: its officers, else the verifiers, who then know no
 * one can act yet. Keyed per case, round and recipient kind, so a replay sends nothing twice.
 */
export async function noticeRouted(deps: NoticeDeps, code: string): Promise<void> {
  const row = await deps.db
    .select({
      title: aspirations.title,
      dueAt: aspirations.dueAt,
      agencyId: aspirations.agencyId,
      agency: agencies.name,
    })
    .from(aspirations)
    .innerJoin(agencies, eq(agencies.id, aspirations.agencyId))
    .where(eq(aspirations.code, code))
    .get();
  if (!row?.agencyId || !row.dueAt) return;
  const officers = await roleHolders(deps.db, "agency_officer", row.agencyId);
  const round = await stageRound(deps.db, code, "agency");
  const noOfficer = officers.length === 0;
  const to = noOfficer ? (await roleHolders(deps.db, "verifier")).map((r) => r.email) : officers.map((r) => r.email);
  if (to.length === 0) return;
  await enqueueMail(mailDeps(deps), {
    template: "aspiration_routed",
    to,
    params: { code, title: row.title, agencyName: row.agency, dueAt: row.dueAt, link: caseLink(code), noOfficer },
    dedupeKey: `${code}:agency-${round}:routed${noOfficer ? ":no-officer" : ""}`,
  });
}

/** Tells the reporter, when they left an address, that the agency answered. */
export async function noticeAnswered(deps: NoticeDeps, code: string): Promise<void> {
  const row = await deps.db
    .select({
      title: aspirations.title,
      email: aspirations.reporterEmail,
      privacy: aspirations.privacy,
      dueAt: aspirations.dueAt,
      agency: agencies.name,
    })
    .from(aspirations)
    .innerJoin(agencies, eq(agencies.id, aspirations.agencyId))
    .where(eq(aspirations.code, code))
    .get();
  if (!row?.email || !row.dueAt) return;
  const round = await stageRound(deps.db, code, "agency");
  await enqueueMail(mailDeps(deps), {
    template: "aspiration_answered",
    to: [row.email],
    params: {
      code,
      title: row.title,
      agencyName: row.agency,
      trackingPath: await aspirationTrackingPath(deps.config, code, row.privacy),
      feedbackDueAt: row.dueAt,
    },
    dedupeKey: `${code}:agency-${round}:answered`,
  });
}

/**
 * Tells whoever decides an agency's request: its head for an extension (role holders and the
 * agency's head address), the verifiers for a transfer. Once per request (`n`: the how-many-th).
 */
export async function noticeDecisionNeeded(
  deps: NoticeDeps,
  code: string,
  what: "extension" | "transfer",
  n: number,
): Promise<void> {
  const row = await deps.db
    .select({
      title: aspirations.title,
      agencyId: aspirations.agencyId,
      agency: agencies.name,
      head: agencies.headEmail,
    })
    .from(aspirations)
    .innerJoin(agencies, eq(agencies.id, aspirations.agencyId))
    .where(eq(aspirations.code, code))
    .get();
  if (!row?.agencyId) return;
  const to =
    what === "extension"
      ? [...(await roleHolders(deps.db, "agency_head", row.agencyId)).map((r) => r.email), row.head]
      : (await roleHolders(deps.db, "verifier")).map((r) => r.email);
  const recipients = [...new Set(to.filter((e) => e !== ""))];
  if (recipients.length === 0) return;
  await enqueueMail(mailDeps(deps), {
    template: "aspiration_decision_needed",
    to: recipients,
    params: { what, code, title: row.title, agencyName: row.agency, link: caseLink(code) },
    dedupeKey: `${code}:${what}-${n}:requested`,
  });
}

/** Asks the reporter, when they left an address, for the information a verifier needs. */
export async function noticeInfoRequested(deps: NoticeDeps, code: string): Promise<void> {
  const row = await deps.db
    .select({
      title: aspirations.title,
      email: aspirations.reporterEmail,
      privacy: aspirations.privacy,
      dueAt: aspirations.dueAt,
    })
    .from(aspirations)
    .where(eq(aspirations.code, code))
    .get();
  if (!row?.email || !row.dueAt) return;
  const round = await stageRound(deps.db, code, "needs_info");
  await enqueueMail(mailDeps(deps), {
    template: "aspiration_info_requested",
    to: [row.email],
    params: {
      code,
      title: row.title,
      replyDueAt: row.dueAt,
      trackingPath: await aspirationTrackingPath(deps.config, code, row.privacy),
    },
    dedupeKey: `${code}:needs_info-${round}:asked`,
  });
}

/**
 * An agency officer appointed later gets each case already waiting at their agency, once
 * (`pending-work.ts` calls it when the role is granted).
 */
export async function handOverWaitingCases(
  deps: { db: Db; config: AppConfig; queue: Queue<MailQueueMessage>; now: () => Date },
  holder: { officialId: string; email: string; scopeId: string },
): Promise<number> {
  const waiting = await deps.db
    .select({ code: aspirations.code, title: aspirations.title, dueAt: aspirations.dueAt, agency: agencies.name })
    .from(aspirations)
    .innerJoin(agencies, eq(agencies.id, aspirations.agencyId))
    .where(and(eq(aspirations.agencyId, holder.scopeId), statusIn(AGENCY_STATUSES)))
    .orderBy(asc(aspirations.dueAt))
    .limit(HANDOVER_LIMIT);
  for (const c of waiting) {
    if (!c.dueAt) continue;
    await enqueueMail(
      { db: deps.db, queue: deps.queue, config: deps.config, now: deps.now() },
      {
        template: "aspiration_routed",
        to: [holder.email],
        params: { code: c.code, title: c.title, agencyName: c.agency, dueAt: c.dueAt, link: caseLink(c.code) },
        dedupeKey: `${c.code}:agency-${await stageRound(deps.db, c.code, "agency")}:routed:${holder.officialId}`,
      },
    );
  }
  return waiting.length;
}
