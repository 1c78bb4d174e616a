import { and, asc, eq } from "drizzle-orm";
import { officials, roleGrants } from "../../schema";
import type { Db } from "../db";
import type { Role } from "../domain/roles";
import { MAX_RECIPIENTS } from "../mail/outbox";

/** An official a process writes to: id for per-person links and dedupe keys, the address to send to. */
export interface Recipient {
  id: string;
  email: string;
}

/**
 * The active officials holding `role`, on `scopeId` when given (a village's code, an agency's id),
 * for every process's mail: at most one mail's worth of recipients, ordered by address.
 */
export async function roleHolders(db: Db, role: Role, scopeId?: string): Promise<Recipient[]> {
  return db
    .selectDistinct({ id: officials.id, email: officials.email })
    .from(officials)
    .innerJoin(roleGrants, eq(roleGrants.officialId, officials.id))
    .where(
      and(
        eq(roleGrants.role, role),
        eq(officials.active, true),
        scopeId === undefined ? undefined : eq(roleGrants.scopeId, scopeId),
      ),
    )
    .orderBy(asc(officials.email))
    .limit(MAX_RECIPIENTS);
}

/** The addresses of `roleHolders`. */
export async function roleHolderEmails(db: Db, role: Role, scopeId?: string): Promise<string[]> {
  return (await roleHolders(db, role, scopeId)).map((r) => r.email);
}
