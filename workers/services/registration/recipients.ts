import { and, asc, eq } from "drizzle-orm";
import { officials, roleGrants } from "../../../schema";
import type { Db } from "../../db";
import type { OfficialActor } from "../../domain/actor";
import type { VerificationEscalationLevel } from "../../domain/registration/deadlines";
import type { Role } from "../../domain/roles";
import { MAX_RECIPIENTS } from "../../mail/outbox";
import { escalationRecipients } from "../directory";

/** An official the flow writes to: id for per-person links and dedupe keys, the address to send to. */
export interface Recipient {
  id: string;
  email: string;
}

async function holders(db: Db, role: Role, scopeId?: string): Promise<Recipient[]> {
  const rows = await db
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
  return rows;
}

/** The active officials holding `village_head` for the village: whom the endorsement request goes to. */
export function villageHeads(db: Db, villageCode: string): Promise<Recipient[]> {
  return holders(db, "village_head", villageCode);
}

/** Addresses of the active Diskominfo verifiers. */
export async function verifierEmails(db: Db): Promise<string[]> {
  return (await holders(db, "verifier")).map((r) => r.email);
}

/**
 * Who receives a verification escalation at a level: the escalation contacts of that level
 * (admin area, `escalation_contacts`) and, for leadership, the officials holding `leadership`.
 */
export async function escalationEmails(db: Db, level: VerificationEscalationLevel): Promise<string[]> {
  const contacts = await escalationRecipients({ db }, level);
  const officialsAtLevel = level === "leadership" ? (await holders(db, "leadership")).map((r) => r.email) : [];
  return [...new Set([...contacts, ...officialsAtLevel])].slice(0, MAX_RECIPIENTS);
}

/**
 * An active official as an actor with their current grants, for acting through a signed link
 * that names them (the village head's endorsement link); undefined when unknown or deactivated.
 * Sessions load grants the same way (`workers/services/sessions.ts`); this is the sessionless twin.
 *
 * @example
 * const actor = await officialActorById(db, link.officialId); // { type: "official", id, grants: [...] }
 */
export async function officialActorById(db: Db, officialId: string): Promise<OfficialActor | undefined> {
  const [found, grants] = await db.batch([
    db
      .select({ id: officials.id })
      .from(officials)
      .where(and(eq(officials.id, officialId), eq(officials.active, true))),
    db
      .select({ role: roleGrants.role, scopeType: roleGrants.scopeType, scopeId: roleGrants.scopeId })
      .from(roleGrants)
      .where(eq(roleGrants.officialId, officialId)),
  ]);
  if (found.length === 0) return undefined;
  return {
    type: "official",
    id: officialId,
    grants: grants.map((g) => ({ role: g.role, scope: { type: g.scopeType, id: g.scopeId } })),
  };
}
