import { and, count, eq } from "drizzle-orm";
import { auditLog } from "../../schema";
import type { Db } from "../db";
import type { Actor } from "../domain/actor";
import type { Logger } from "../log";
import { enqueueMail, type MailDeps } from "../mail/outbox";
import { auditEntry } from "./audit";
import { adminRecipients } from "./mail";

/**
 * The one sweeper of stranded Workflow instances, for every process. A record is the system of
 * record in D1 and its instance only drives time; an instance that exhausted its step retries
 * ends `errored` and is never restarted by the engine, and one whose creation failed is
 * `missing`. Its record then keeps its locks (the village, the people) with no deadline ever
 * moving it. Each process registers a `SweptProcess`: how to list its records in a non-final
 * status, its Workflow binding and how to create an instance. The nightly housekeeping runs
 * `sweepStrandedInstances`: a missing instance is created, an `errored` or `terminated` one
 * restarted; the flow resumes from what D1 says (its steps recheck the status and mail by
 * dedupe key, so a replay sends nobody anything twice).
 *
 * Each repair is an audit entry (`workflow.repair`); counting them is how the sweeper knows an
 * instance fails again and again, without a column of its own. From the
 * `ALERT_AFTER_REPAIRS`-th repair of one record the administrators get one mail.
 */

/** A process whose records each have one Workflow instance, its id the record's id. */
export interface SweptProcess {
  /** Stable name, the audit subject type of its records: "registration". */
  name: string;
  /** As people name it, in the alert: "pendaftaran KIM". */
  label: string;
  flow: Pick<Workflow, "get" | "create">;
  /** Ids of records in a non-final status created before `createdBefore`, least recently changed first. */
  pendingIds(db: Db, input: { createdBefore: string; limit: number }): Promise<string[]>;
  /** The params the process's instance is created with. */
  params(id: string): unknown;
  /** The officials' page of a record, linked from the alert. */
  detailPath(id: string): string;
}

/** Records checked per process and run: each costs at most two binding calls and three D1 queries. */
export const SWEEP_PER_RUN = 100;
/** A record's instance is younger than this may still be being created by the request that stored it. */
export const SWEEP_GRACE_MS = 15 * 60 * 1000;
/** From this many repairs of one record on, the administrators are told (once). */
export const ALERT_AFTER_REPAIRS = 3;

export const SWEEPER_ACTOR: Actor = { type: "schedule", id: "instance-sweeper" };

export interface SweepDeps {
  db: Db;
  now: Date;
  logger: Logger;
  runId: string;
  /** Mail for the alert: the outbox's dependencies. */
  mail: Omit<MailDeps, "db" | "now">;
  processes: readonly SweptProcess[];
  limit?: number;
}

export interface SweepReport {
  checked: number;
  created: number;
  restarted: number;
  alerted: number;
  failed: number;
}

type Found = "missing" | "errored" | "terminated";

/** What the instance of `id` needs: null when it runs, waits or completed. */
async function inspect(
  flow: SweptProcess["flow"],
  id: string,
): Promise<{ found: Found; instance?: WorkflowInstance } | null> {
  let instance: WorkflowInstance;
  try {
    instance = await flow.get(id);
  } catch {
    // `get` throws for an unknown id (instance.not_found): the instance was never created.
    return { found: "missing" };
  }
  const { status } = await instance.status();
  return status === "errored" || status === "terminated" ? { found: status, instance } : null;
}

async function repairsOf(db: Db, process: string, id: string): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, process), eq(auditLog.subjectId, id), eq(auditLog.action, "workflow.repair")))
    .get();
  return row?.n ?? 0;
}

/**
 * Checks the instance of every record in a non-final status (at most `SWEEP_PER_RUN` per
 * process), re-creates the missing and restarts the `errored` or `terminated`, records each
 * repair, and mails the administrators once when a record's instance has been repaired
 * `ALERT_AFTER_REPAIRS` times. Logs one line per repair and returns the counts.
 *
 * @example
 * await sweepStrandedInstances({ db, now, logger, runId, mail, processes: [registrationSweep(env.REGISTRATION_FLOW)] })
 * // { checked: 12, created: 0, restarted: 1, alerted: 0, failed: 0 }
 */
export async function sweepStrandedInstances(deps: SweepDeps): Promise<SweepReport> {
  const report: SweepReport = { checked: 0, created: 0, restarted: 0, alerted: 0, failed: 0 };
  const createdBefore = new Date(deps.now.getTime() - SWEEP_GRACE_MS).toISOString();
  for (const process of deps.processes) {
    const ids = await process.pendingIds(deps.db, { createdBefore, limit: deps.limit ?? SWEEP_PER_RUN });
    for (const id of ids) {
      report.checked += 1;
      try {
        const need = await inspect(process.flow, id);
        if (!need) continue;
        if (need.instance) {
          await need.instance.restart();
          report.restarted += 1;
        } else {
          await process.flow.create({ id, params: process.params(id) });
          report.created += 1;
        }
        const repairs = (await repairsOf(deps.db, process.name, id)) + 1;
        await deps.db.batch([
          auditEntry(deps.db, {
            actor: SWEEPER_ACTOR,
            action: "workflow.repair",
            subject: { type: process.name, id },
            requestId: deps.runId,
            at: deps.now,
            detail: { found: need.found, repairs },
          }),
        ]);
        deps.logger.log("warn", "workflow_instance_repaired", {
          process: process.name,
          id,
          found: need.found,
          repairs,
        });
        if (repairs >= ALERT_AFTER_REPAIRS && (await alert(deps, process, id, need.found, repairs)))
          report.alerted += 1;
      } catch (err) {
        report.failed += 1;
        deps.logger.log("error", "workflow_instance_repair_failed", {
          process: process.name,
          id,
          message: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }
  return report;
}

/** Mails the administrators once per record (the dedupe key names it); false when there is nobody to tell. */
async function alert(deps: SweepDeps, process: SweptProcess, id: string, found: Found, repairs: number) {
  const to = await adminRecipients(deps.db);
  if (to.length === 0) {
    deps.logger.log("error", "workflow_instance_alert_no_admins", { process: process.name, id });
    return false;
  }
  await enqueueMail(
    { ...deps.mail, db: deps.db, now: deps.now },
    {
      template: "workflow_stranded",
      to,
      params: { process: process.label, recordId: id, repairs, found, detailPath: process.detailPath(id) },
      dedupeKey: `workflow-stranded:${process.name}:${id}`,
    },
  );
  return true;
}
