import { and, asc, eq, inArray, isNotNull, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { agencies, aspirations, officials, roleGrants } from "../../../schema";
import type { Actor } from "../../domain/actor";
import { AGENCY_STATUSES } from "../../domain/aspiration/status";
import { formatWitaHuman } from "../../domain/time";
import { assertCan } from "../authorize";
import type { ServiceDeps } from "../deps";
import { statusIn } from "./queues";

/**
 * What needs a verifier besides the verification queue: an agency's request to transfer a case,
 * and cases held by an agency that has no active officer, where nobody can act until someone is
 * invited (the verifiers were mailed at routing; this keeps the case in sight until then).
 */

/** Rows per list: more than this is a backlog the agency queue pages through. */
const ATTENTION_LIMIT = 50;

export interface AttentionItem {
  code: string;
  title: string;
  agency: string | null;
  dueAtLabel: string | null;
  /** The agency a transfer was asked for; null for a case of an agency without officers. */
  transferTo: string | null;
}

export interface Attention {
  transfers: AttentionItem[];
  unstaffed: AttentionItem[];
}

export async function casesNeedingVerifier(deps: ServiceDeps, actor: Actor): Promise<Attention> {
  assertCan(actor, "aspiration.verify", { kind: "aspiration", agencyId: null });
  const { db } = deps;
  const target = alias(agencies, "target");
  const held = statusIn(AGENCY_STATUSES);
  const columns = {
    code: aspirations.code,
    title: aspirations.title,
    agency: sql<string | null>`${agencies.name}`.as("agency_name"),
    dueAt: aspirations.dueAt,
  };
  const hasOfficer = db
    .select({ one: sql`1` })
    .from(roleGrants)
    .innerJoin(officials, eq(officials.id, roleGrants.officialId))
    .where(and(eq(roleGrants.role, "agency_officer"), eq(roleGrants.scopeId, agencies.id), eq(officials.active, true)));
  const [transfers, unstaffedAgencies] = await db.batch([
    db
      .select({ ...columns, transferTo: sql<string | null>`${target.name}`.as("target_name") })
      .from(aspirations)
      .leftJoin(agencies, eq(agencies.id, aspirations.agencyId))
      .leftJoin(target, eq(target.id, aspirations.transferRequestedTo))
      .where(and(isNotNull(aspirations.transferRequestedTo), held))
      .orderBy(asc(aspirations.dueAt))
      .limit(ATTENTION_LIMIT),
    db.select({ id: agencies.id }).from(agencies).where(notExists(hasOfficer)),
  ]);
  const ids = unstaffedAgencies.map((a) => a.id);
  const unstaffed =
    ids.length === 0
      ? []
      : await db
          .select(columns)
          .from(aspirations)
          .leftJoin(agencies, eq(agencies.id, aspirations.agencyId))
          .where(and(inArray(aspirations.agencyId, ids), held))
          .orderBy(asc(aspirations.dueAt))
          .limit(ATTENTION_LIMIT);
  const item = (
    r: { code: string; title: string; agency: string | null; dueAt: string | null },
    to: string | null,
  ) => ({
    code: r.code,
    title: r.title,
    agency: r.agency,
    dueAtLabel: r.dueAt ? formatWitaHuman(new Date(r.dueAt)) : null,
    transferTo: to,
  });
  return {
    transfers: transfers.map((r) => item(r, r.transferTo ?? "OPD lain")),
    unstaffed: unstaffed.map((r) => item(r, null)),
  };
}
