import { and, eq } from "drizzle-orm";
import { officials, roleGrants } from "../../../schema";
import type { Db } from "../../db";
import type { OfficialActor } from "../../domain/actor";
import type { VerificationEscalationLevel } from "../../domain/registration/deadlines";
import { MAX_RECIPIENTS } from "../../mail/outbox";
import { escalationRecipients } from "../directory";
import { type Recipient, roleHolderEmails, roleHolders } from "../recipients";

/** The active officials holding `village_head` for the village: whom the endorsement request goes to. */
export function villageHeads(db: Db, villageCode: string): Promise<Recipient[]> {
  return roleHolders(db, "village_head", villageCode);
}

/** Addresses of the active Diskominfo verifiers. */
export async function verifierEmails(db: Db): Promise<string[]> {
  return roleHolderEmails(db, "verifier");
}

/**
 * Who receives a verification escalation at a level: the escalation contacts of that level
 * (admin area, `escalation_contacts`) and, for leadership, the officials holding `leadership`.
 */
export async function escalationEmails(db: Db, level: VerificationEscalationLevel): Promise<string[]> {
  const contacts = await escalationRecipients({ db }, level);
  const officialsAtLevel = level === "leadership" ? await roleHolderEmails(db, "leadership") : [];
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
