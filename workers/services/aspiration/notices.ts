import { and, asc, count, eq } from "drizzle-orm";
import { type Aspiration, agencies, aspirationDeadlines, aspirations } from "../../../schema";
import type { AppConfig } from "../../config";
import type { Db } from "../../db";
import type { DeadlineStage } from "../../domain/aspiration/kinds";
import { AGENCY_STATUSES } from "../../domain/aspiration/status";
import type { MailQueueMessage } from "../../mail/messages";
import { enqueueMail, stagedMail } from "../../mail/outbox";
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

/** How many deadline rows a stage of the case has: the round of the row a decision is about to open. */
async function stageRows(db: Db, code: string, stage: DeadlineStage): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(aspirationDeadlines)
    .where(and(eq(aspirationDeadlines.code, code), eq(aspirationDeadlines.stage, stage)))
    .get();
  return row?.n ?? 0;
}

/** Which round of a stage the case is in: that stage's deadline rows so far, less one. */
const stageRound = async (db: Db, code: string, stage: DeadlineStage) =>
  Math.max(0, (await stageRows(db, code, stage)) - 1);

/** What `enqueueMail` needs, from a notice's dependencies. */
const mailDeps = (deps: NoticeDeps) => ({ db: deps.db, queue: deps.mailQueue, config: deps.config, now: deps.now() });

/**
 * A decision's mail, staged: its row goes into the decision's own batch (`decide`, `act`), so
 * the decision and its mail are written together, and it is queued after the batch. Each notice
 * is planned before the batch from what the decision is about to write (the new agency, the new
 * due time), and keyed per case, round and recipient kind, so a repeat sends nothing twice.
 */
export type StagedNotice = ReturnType<typeof stagedMail>;

/** The case as the decision found it: the notices read its title, reporter and privacy from it. */
type CaseFacts = Pick<Aspiration, "code" | "title" | "reporterEmail" | "privacy" | "agencyId">;

const agencyName = async (db: Db, id: string) =>
  (await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, id)).get())?.name ?? id;

/**
 * Tells the agency a case is being routed (or transferred, or reopened) to it: its officers, else
 * the verifiers, who then know no one can act yet. Planned before the batch that opens the
 * agency's deadline row, so that row's round is the number of agency rows so far.
 */
export async function noticeRouted(
  deps: NoticeDeps,
  c: CaseFacts,
  to: { agencyId: string; dueAt: Date },
): Promise<StagedNotice | undefined> {
  const officers = await roleHolders(deps.db, "agency_officer", to.agencyId);
  const round = await stageRows(deps.db, c.code, "agency");
  const noOfficer = officers.length === 0;
  const recipients = noOfficer
    ? (await roleHolders(deps.db, "verifier")).map((r) => r.email)
    : officers.map((r) => r.email);
  if (recipients.length === 0) return undefined;
  return stagedMail(mailDeps(deps), {
    template: "aspiration_routed",
    to: recipients,
    params: {
      code: c.code,
      title: c.title,
      agencyName: await agencyName(deps.db, to.agencyId),
      dueAt: to.dueAt.toISOString(),
      link: caseLink(c.code),
      noOfficer,
    },
    dedupeKey: `${c.code}:agency-${round}:routed${noOfficer ? ":no-officer" : ""}`,
  });
}

/** Tells the reporter, when they left an address, that the agency answered; planned before the answer's batch. */
export async function noticeAnswered(
  deps: NoticeDeps,
  c: CaseFacts,
  feedbackDueAt: Date,
): Promise<StagedNotice | undefined> {
  if (!c.reporterEmail || !c.agencyId) return undefined;
  // The answer meets the agency's open row and adds none: the round is that row's.
  const round = await stageRound(deps.db, c.code, "agency");
  return stagedMail(mailDeps(deps), {
    template: "aspiration_answered",
    to: [c.reporterEmail],
    params: {
      code: c.code,
      title: c.title,
      agencyName: await agencyName(deps.db, c.agencyId),
      trackingPath: await aspirationTrackingPath(deps.config, c.code, c.privacy),
      feedbackDueAt: feedbackDueAt.toISOString(),
    },
    dedupeKey: `${c.code}:agency-${round}:answered`,
  });
}

/**
 * Tells whoever decides an agency's request: its head for an extension (role holders and the
 * agency's head address), the verifiers for a transfer. Once per request (`n`: the how-many-th).
 */
export async function noticeDecisionNeeded(
  deps: NoticeDeps,
  c: CaseFacts,
  what: "extension" | "transfer",
  n: number,
): Promise<StagedNotice | undefined> {
  if (!c.agencyId) return undefined;
  const agency = await deps.db
    .select({ name: agencies.name, head: agencies.headEmail })
    .from(agencies)
    .where(eq(agencies.id, c.agencyId))
    .get();
  const to =
    what === "extension"
      ? [...(await roleHolders(deps.db, "agency_head", c.agencyId)).map((r) => r.email), agency?.head ?? ""]
      : (await roleHolders(deps.db, "verifier")).map((r) => r.email);
  const recipients = [...new Set(to.filter((e) => e !== ""))];
  if (recipients.length === 0) return undefined;
  return stagedMail(mailDeps(deps), {
    template: "aspiration_decision_needed",
    to: recipients,
    params: { what, code: c.code, title: c.title, agencyName: agency?.name ?? c.agencyId, link: caseLink(c.code) },
    dedupeKey: `${c.code}:${what}-${n}:requested`,
  });
}

/**
 * Asks the reporter, when they left an address, for the information a verifier needs; planned
 * before the batch that opens the needs_info row, so its round is the number of such rows so far.
 */
export async function noticeInfoRequested(
  deps: NoticeDeps,
  c: CaseFacts,
  replyDueAt: Date,
): Promise<StagedNotice | undefined> {
  if (!c.reporterEmail) return undefined;
  const round = await stageRows(deps.db, c.code, "needs_info");
  return stagedMail(mailDeps(deps), {
    template: "aspiration_info_requested",
    to: [c.reporterEmail],
    params: {
      code: c.code,
      title: c.title,
      replyDueAt: replyDueAt.toISOString(),
      trackingPath: await aspirationTrackingPath(deps.config, c.code, c.privacy),
    },
    dedupeKey: `${c.code}:needs_info-${round}:asked`,
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
