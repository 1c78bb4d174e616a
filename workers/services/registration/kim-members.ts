import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { registrationEvents, registrations } from "../../../schema";
import type { Actor } from "../../domain/actor";
import { isUnchanged, type MemberListChanges } from "../../domain/registration/member-list";
import { AppError, notFound, validationFailed } from "../../errors";
import type { MailQueueMessage } from "../../mail/messages";
import { enqueueMail } from "../../mail/outbox";
import { auditEntry } from "../audit";
import type { ServiceDeps } from "../deps";
import { loadSettings } from "../settings";
import { isGuardFailure } from "../status-guard";
import { loadRegistrationView } from "./flow-steps";
import {
  changeCounts,
  memberJoinedAnotherKim,
  parseMemberRows,
  planEdit,
  replaceMembersStatements,
} from "./member-edits";
import { isUniqueFailure, registrationGuard } from "./transitions";

/**
 * The officers of an active KIM change its member list (through a signed link mailed to the
 * KIM's contact address). The member rules are checked again on the new list; the rows are
 * replaced, a `members_change` timeline entry and one audit entry per added, removed or updated
 * member are written in one guarded batch, and the contact address is told what changed.
 */

export interface MemberChangeResult {
  changed: boolean;
  changes: MemberListChanges;
}

function auditStatements(deps: ServiceDeps, actor: Actor, id: string, changes: MemberListChanges, at: Date) {
  const entry = (action: string, detail: Record<string, unknown>) =>
    auditEntry(deps.db, {
      actor,
      action,
      subject: { type: "registration", id },
      requestId: deps.requestId,
      at,
      detail,
    });
  return [
    ...changes.added.map((c) => entry("kim.member.add", c)),
    ...changes.removed.map((c) => entry("kim.member.remove", c)),
    ...changes.updated.map((c) => entry("kim.member.update", c)),
  ];
}

/**
 * Replaces the member list of approved registration `registrationId` with `members` (edit rows,
 * see `member-list.ts`). 422 with every problem when a rule fails; nothing is written when
 * nothing changed. `extra` lands in the same batch (the link's nonce, so a link saves once).
 *
 * @example
 * await changeKimMembers(deps, officersActor, { registrationId, members: rows, extra: [nonceInsert] })
 * // { changed: true, changes: { added: [{ position: 5, role: "anggota" }], removed: [], updated: [] } }
 */
export async function changeKimMembers(
  deps: ServiceDeps & { queue: Queue<MailQueueMessage> },
  actor: Actor,
  input: { registrationId: string; members: unknown; extra?: BatchItem<"sqlite">[] },
): Promise<MemberChangeResult> {
  const r = await loadRegistrationView(deps.db, input.registrationId);
  if (!r) throw notFound("KIM tidak ditemukan.");
  if (r.status !== "approved" || !r.registrationNumber) {
    throw new AppError(409, "conflict", "Daftar anggota hanya dapat diubah untuk KIM yang sudah aktif.");
  }
  const now = deps.now();
  const rows = await parseMemberRows(input.members, deps.config.hashKey);
  if (!rows.complete) throw validationFailed(rows.violations);
  const settings = await loadSettings(deps.db);
  const plan = await planEdit(deps.db, r.id, rows.rows, settings, now);
  const violations = [...rows.violations, ...plan.violations];
  if (violations.length > 0) throw validationFailed(violations);
  if (isUnchanged(plan.changes)) return { changed: false, changes: plan.changes };

  const counts = changeCounts(plan);
  try {
    await deps.db.batch([
      registrationGuard(deps.db, r.id, "approved"),
      ...replaceMembersStatements(deps.db, r.id, plan.members, "approved", settings, now.toISOString()),
      deps.db.update(registrations).set({ updatedAt: now.toISOString() }).where(eq(registrations.id, r.id)),
      deps.db.insert(registrationEvents).values({
        registrationId: r.id,
        at: now.toISOString(),
        kind: "members_change",
        actorType: actor.type,
        actorId: actor.id,
        fromStatus: "approved",
        toStatus: "approved",
        detail: { ...plan.changes },
      }),
      ...auditStatements(deps, actor, r.id, plan.changes, now),
      ...(input.extra ?? []),
    ]);
  } catch (err) {
    if (isGuardFailure(err)) throw new AppError(409, "conflict", "KIM ini tidak lagi aktif.");
    if (isUniqueFailure(err, "nik_lock")) throw memberJoinedAnotherKim();
    throw err;
  }
  await enqueueMail(
    { db: deps.db, queue: deps.queue, config: deps.config, now },
    {
      template: "kim_members_changed",
      to: [r.contactEmail],
      params: {
        kimName: r.kimName,
        villageName: r.villageName,
        registrationNumber: r.registrationNumber,
        ...counts,
        at: now.toISOString(),
      },
      // One notice per change; the change's moment names it.
      dedupeKey: `${r.id}:kim:members-changed:${now.toISOString()}`,
    },
  );
  return { changed: true, changes: plan.changes };
}
