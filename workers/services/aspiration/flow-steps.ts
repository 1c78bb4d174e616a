import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { agencies, aspirationDeadlines, aspirationEvents, aspirations } from "../../../schema";
import type { AppConfig } from "../../config";
import type { Db } from "../../db";
import type { DeadlineStage } from "../../domain/aspiration/kinds";
import {
  type EscalationStep,
  escalationLadder,
  LADDER_AUDIENCES,
  type LadderStage,
} from "../../domain/aspiration/ladder";
import { type AspirationStatus, isFinal } from "../../domain/aspiration/status";
import { addDays, witaDate } from "../../domain/time";
import type { Logger } from "../../log";
import type { MailQueueMessage } from "../../mail/messages";
import { enqueueMail, MAX_RECIPIENTS } from "../../mail/outbox";
import { auditEntry } from "../audit";
import { loadHolidayCalendar } from "../calendar";
import { escalationRecipients } from "../directory";
import { roleHolderEmails } from "../recipients";
import { loadSettings } from "../settings";
import { type GuardedTable, isGuardFailure, statusGuard } from "../status-guard";

/**
 * The bodies of `AspirationFlow`'s steps. Each reads D1 first and does nothing when the case
 * moved on, so a step replayed after a failure, or one racing a decision, is harmless; mail goes
 * through `enqueueMail` with a dedupe key of the code, stage, round and step, so no one is told
 * twice. Results are small and free of personal data: the engine stores them.
 */

/** The event decisions send to wake the flow; it then re-reads D1. */
export const ASPIRATION_DECISION_EVENT = "decision";

const SYSTEM = { type: "system" as const, id: "aspiration-flow" };

export interface AspirationFlowDeps {
  db: Db;
  config: AppConfig;
  queue: Queue<MailQueueMessage>;
  now: () => Date;
  requestId: string;
  logger: Logger;
}

const ASPIRATIONS: GuardedTable = {
  table: aspirations,
  key: aspirations.code,
  status: aspirations.status,
  dueAt: aspirations.dueAt,
};

/** Which deadline a status runs against. */
const STAGE_OF: Partial<Record<AspirationStatus, DeadlineStage>> = {
  received: "verification",
  needs_info: "needs_info",
  routed: "agency",
  in_progress: "agency",
  answered: "feedback",
};

/**
 * What the flow compares after each wait: the status and the running due time, so a decision that
 * moves the deadline without changing the status (an extension, a field investigation) wakes the
 * flow to walk the ladder of the new time.
 */
const versionOf = (row: { status: AspirationStatus; dueAt: string | null } | undefined) =>
  row ? `${row.status}|${row.dueAt ?? ""}` : "missing";

export interface CaseState {
  status: AspirationStatus | "missing";
  version: string;
  stage?: DeadlineStage;
  round?: number;
  dueAt?: string;
  /** Ladder steps still to take, with the moment of each (ISO). */
  rungs?: { step: EscalationStep; at: string }[];
}

/** What the flow needs to know now: status, the open deadline, and the escalation steps not yet taken. */
export async function readCaseState(deps: Pick<AspirationFlowDeps, "db">, code: string): Promise<CaseState> {
  const [found, open] = await deps.db.batch([
    deps.db
      .select({ status: aspirations.status, dueAt: aspirations.dueAt, level: aspirations.escalationLevel })
      .from(aspirations)
      .where(eq(aspirations.code, code)),
    deps.db
      .select({ stage: aspirationDeadlines.stage, round: aspirationDeadlines.round, dueAt: aspirationDeadlines.dueAt })
      .from(aspirationDeadlines)
      .where(and(eq(aspirationDeadlines.code, code), isNull(aspirationDeadlines.metAt)))
      .orderBy(desc(aspirationDeadlines.id))
      .limit(1),
  ]);
  const row = found[0];
  if (!row) return { status: "missing", version: versionOf(undefined) };
  const version = versionOf(row);
  const stage = STAGE_OF[row.status];
  const deadline = open[0];
  if (isFinal(row.status) || !stage || !deadline || deadline.stage !== stage) return { status: row.status, version };
  const base = { status: row.status, version, stage, round: deadline.round, dueAt: deadline.dueAt };
  if (stage !== "verification" && stage !== "agency") return base;
  const settings = await loadSettings(deps.db);
  const due = new Date(deadline.dueAt);
  const first = addDays(witaDate(due), -21);
  const calendar = await loadHolidayCalendar(deps.db, first, addDays(witaDate(due), 60));
  const ladder = escalationLadder(
    due,
    { warningDaysBefore: settings["reminder.daysBefore"], stepDays: settings["aspiration.escalationStepDays"] },
    calendar,
  );
  return {
    ...base,
    rungs: ladder
      .filter((r) => r.step > row.level || (r.step === 0 && row.level === 0))
      .map((r) => ({
        step: r.step,
        at: r.at.toISOString(),
      })),
  };
}

/** The status and due time only, for the flow's check after a wait. */
export async function readVersion(deps: Pick<AspirationFlowDeps, "db">, code: string): Promise<string> {
  const row = await deps.db
    .select({ status: aspirations.status, dueAt: aspirations.dueAt })
    .from(aspirations)
    .where(eq(aspirations.code, code))
    .get();
  return versionOf(row);
}

/** The addresses an audience of the ladder names, for the case's agency. */
async function audienceEmails(db: Db, audience: string, agencyId: string | null): Promise<string[]> {
  switch (audience) {
    case "verifier":
    case "leadership":
    case "agency_officer":
    case "agency_head": {
      const scoped = audience === "agency_officer" || audience === "agency_head";
      if (scoped && !agencyId) return [];
      const holders = await roleHolderEmails(db, audience, scoped ? (agencyId ?? undefined) : undefined);
      if (!scoped || !agencyId)
        return [...holders, ...(audience === "leadership" ? await escalationRecipients({ db }, "leadership") : [])];
      // The agency's own desk addresses count too: an agency with no officer invited yet still hears.
      const agency = await db
        .select({ contacts: agencies.contactEmails, head: agencies.headEmail })
        .from(agencies)
        .where(eq(agencies.id, agencyId))
        .get();
      const own = audience === "agency_head" ? [agency?.head ?? ""] : (agency?.contacts ?? []);
      return [...holders, ...own.filter((e) => e !== "")];
    }
    case "verifier_head":
    case "sekda":
      return escalationRecipients({ db }, audience);
    default:
      return [];
  }
}

/**
 * Takes one step of the ladder: the warning before the deadline (step 0), or an escalation
 * (1–3), which marks the deadline breached, raises the case's level and mails the level's
 * recipients. Nothing happens when the case left the stage meanwhile.
 */
export async function takeLadderStep(
  deps: AspirationFlowDeps,
  code: string,
  stage: LadderStage,
  round: number,
  step: EscalationStep,
): Promise<{ taken: boolean }> {
  const row = await deps.db.select().from(aspirations).where(eq(aspirations.code, code)).get();
  if (!row || STAGE_OF[row.status] !== stage) return { taken: false };
  const now = deps.now();
  if (step > 0) {
    try {
      await deps.db.batch([
        statusGuard(deps.db, ASPIRATIONS, code, row.status, row.dueAt),
        deps.db
          .update(aspirations)
          .set({ escalationLevel: sql`MAX(${aspirations.escalationLevel}, ${step})` })
          .where(eq(aspirations.code, code)),
        deps.db
          .update(aspirationDeadlines)
          .set({ breached: true, escalationLevel: step })
          .where(
            and(
              eq(aspirationDeadlines.code, code),
              eq(aspirationDeadlines.stage, stage),
              eq(aspirationDeadlines.round, round),
              isNull(aspirationDeadlines.metAt),
            ),
          ),
        deps.db.insert(aspirationEvents).values({
          code,
          at: now.toISOString(),
          kind: "escalate",
          actorType: SYSTEM.type,
          actorId: SYSTEM.id,
          agencyId: row.agencyId,
          detail: { stage, round, level: step },
        }),
        auditEntry(deps.db, {
          actor: SYSTEM,
          action: "aspiration.escalate",
          subject: { type: "aspiration", id: code },
          requestId: deps.requestId,
          at: now,
          detail: { stage, round, level: step },
        }),
      ]);
    } catch (err) {
      if (isGuardFailure(err)) return { taken: false };
      throw err;
    }
  }
  const audience = LADDER_AUDIENCES[stage][step];
  const to = [...new Set((await Promise.all(audience.to.map((a) => audienceEmails(deps.db, a, row.agencyId)))).flat())];
  const cc = (await Promise.all(audience.cc.map((a) => audienceEmails(deps.db, a, row.agencyId)))).flat();
  const recipients = [...new Set([...to, ...cc])].slice(0, MAX_RECIPIENTS);
  if (recipients.length === 0) {
    deps.logger.log("warn", "aspiration_ladder_no_recipient", { code, stage, round, step });
    return { taken: true };
  }
  const mail = { db: deps.db, queue: deps.queue, config: deps.config, now };
  const item = `Aspirasi ${code}`;
  const link = `/aspirasi/kelola/${code}`;
  const dedupeKey = `${code}:${stage}-${round}:step-${step}`;
  const due = row.dueAt ?? now.toISOString();
  if (step === 0) {
    await enqueueMail(mail, {
      template: "deadline_reminder",
      to: recipients,
      params: {
        item,
        action: stage === "verification" ? "memverifikasi dan meneruskan aspirasi" : "menindaklanjuti aspirasi",
        dueAt: due,
        link,
        reason: "Anda bertugas menangani aspirasi ini.",
      },
      dedupeKey,
    });
  } else {
    await enqueueMail(mail, {
      template: "deadline_escalation",
      to: recipients,
      params: {
        item,
        action: stage === "verification" ? "memverifikasi dan meneruskan aspirasi" : "menindaklanjuti aspirasi",
        dueAt: due,
        responsible: stage === "verification" ? "Verifikator Diskominfo" : await agencyName(deps.db, row.agencyId),
        level: step,
        link,
        reason: "Anda tercantum pada tingkat eskalasi ini.",
      },
      dedupeKey,
    });
  }
  return { taken: true };
}

/** An agency as people name it, for the escalation mail: never its id. */
async function agencyName(db: Db, agencyId: string | null): Promise<string> {
  const found = agencyId
    ? await db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId)).get()
    : undefined;
  return found?.name ?? "OPD yang ditunjuk";
}

/** The windows the flow closes a case at: the reporter's, after an answer or a question. */
const WINDOW_ENDS = {
  answered: {
    stage: "feedback",
    note: "Ditutup otomatis karena tidak ada tanggapan pelapor dalam batas waktu.",
    reason: "feedback_window",
  },
  needs_info: {
    stage: "needs_info",
    note: "Ditutup karena keterangan yang diminta tidak dikirim pelapor dalam batas waktu.",
    reason: "no_reply",
  },
} as const;

/**
 * Closes a case whose reporter did not reply in time: to the answer (the feedback window) or to
 * a verifier's question. Nothing happens when the reporter replied meanwhile.
 */
export async function closeAtWindowEnd(deps: AspirationFlowDeps, code: string): Promise<{ closed: boolean }> {
  const row = await deps.db.select().from(aspirations).where(eq(aspirations.code, code)).get();
  if (!row || (row.status !== "answered" && row.status !== "needs_info") || !row.dueAt) return { closed: false };
  const window = WINDOW_ENDS[row.status];
  const now = deps.now();
  if (now.getTime() < Date.parse(row.dueAt)) return { closed: false };
  const at = now.toISOString();
  try {
    await deps.db.batch([
      statusGuard(deps.db, ASPIRATIONS, code, row.status, row.dueAt),
      deps.db
        .update(aspirations)
        .set({ status: "closed", dueAt: null, closedAt: at, updatedAt: at })
        .where(eq(aspirations.code, code)),
      deps.db
        .update(aspirationDeadlines)
        .set({ metAt: at })
        .where(
          and(
            eq(aspirationDeadlines.code, code),
            eq(aspirationDeadlines.stage, window.stage),
            isNull(aspirationDeadlines.metAt),
          ),
        ),
      deps.db.insert(aspirationEvents).values({
        code,
        at,
        kind: "close",
        actorType: SYSTEM.type,
        actorId: SYSTEM.id,
        fromStatus: row.status,
        toStatus: "closed",
        publicNote: window.note,
      }),
      auditEntry(deps.db, {
        actor: SYSTEM,
        action: "aspiration.close",
        subject: { type: "aspiration", id: code },
        requestId: deps.requestId,
        at: now,
        detail: { reason: window.reason },
      }),
    ]);
  } catch (err) {
    if (isGuardFailure(err)) return { closed: false };
    throw err;
  }
  return { closed: true };
}
