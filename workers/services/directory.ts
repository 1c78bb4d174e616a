import { asc, eq } from "drizzle-orm";
import { agencies, categories, type EscalationLevel, escalationContacts } from "../../schema";
import type { Actor } from "../domain/actor";
import { AppError, notFound, validationFailed } from "../errors";
import { auditEntry } from "./audit";
import { assertCan } from "./authorize";
import type { ServiceDeps } from "./deps";

/**
 * The agencies (OPD), the category routing table (each category → the agency that handles it)
 * and the escalation contacts beyond the agencies' heads.
 */

export interface AgencyInput {
  name: string;
  shortName: string;
  contactEmails: string[];
  headEmail: string;
  active?: boolean;
}

/** Every agency by name, addresses whole: the caller masks them for lists. */
export async function listAgencies(deps: ServiceDeps, actor: Actor) {
  assertCan(actor, "agencies.manage");
  return deps.db.select().from(agencies).orderBy(asc(agencies.name));
}

/** One agency; 404 when unknown. */
export async function getAgency(deps: ServiceDeps, actor: Actor, id: string) {
  assertCan(actor, "agencies.manage");
  const agency = await deps.db.select().from(agencies).where(eq(agencies.id, id)).get();
  if (!agency) throw notFound("OPD tidak ditemukan.");
  return agency;
}

/** Addresses are stored trimmed and in lower case. */
const normalEmail = (email: string) => email.trim().toLowerCase();

/** An agency's stored fields from the form or API input; an agency is active unless the input says otherwise. */
const agencyFields = (input: AgencyInput) => ({
  name: input.name,
  shortName: input.shortName,
  contactEmails: input.contactEmails.map(normalEmail),
  headEmail: normalEmail(input.headEmail),
  active: input.active ?? true,
});

/** Adds an agency. 409 when the id is taken. */
export async function createAgency(deps: ServiceDeps, actor: Actor, input: AgencyInput & { id: string }) {
  assertCan(actor, "agencies.manage");
  const existing = await deps.db.select().from(agencies).where(eq(agencies.id, input.id)).get();
  if (existing) throw new AppError(409, "conflict", "Id OPD itu sudah dipakai.");
  const row = { id: input.id, ...agencyFields(input) };
  await deps.db.batch([
    deps.db.insert(agencies).values(row),
    auditEntry(deps.db, {
      actor,
      action: "agency.create",
      subject: { type: "agency", id: input.id },
      requestId: deps.requestId,
      at: deps.now(),
    }),
  ]);
  return row;
}

/** Changes an agency's names, addresses or whether it is active. */
export async function updateAgency(deps: ServiceDeps, actor: Actor, id: string, input: AgencyInput) {
  await getAgency(deps, actor, id);
  const set = agencyFields(input);
  await deps.db.batch([
    deps.db.update(agencies).set(set).where(eq(agencies.id, id)),
    auditEntry(deps.db, {
      actor,
      action: "agency.update",
      subject: { type: "agency", id },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { active: set.active },
    }),
  ]);
  return { id, ...set };
}

export interface CategoryInput {
  name: string;
  description: string;
  agencyId: string;
  active?: boolean;
}

/** The routing table: every category with the agency it goes to. */
export async function listCategories(deps: ServiceDeps, actor: Actor) {
  assertCan(actor, "agencies.manage");
  return deps.db.select().from(categories).orderBy(asc(categories.name));
}

async function requireAgency(deps: ServiceDeps, agencyId: string) {
  const agency = await deps.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId)).get();
  if (!agency) throw validationFailed([{ path: "agencyId", message: "OPD tidak dikenal.", code: "unknown_agency" }]);
}

/** Adds a category routed to an agency. */
export async function createCategory(deps: ServiceDeps, actor: Actor, input: CategoryInput & { id: string }) {
  assertCan(actor, "agencies.manage");
  await requireAgency(deps, input.agencyId);
  const existing = await deps.db.select().from(categories).where(eq(categories.id, input.id)).get();
  if (existing) throw new AppError(409, "conflict", "Id kategori itu sudah dipakai.");
  const row = { ...input, active: input.active ?? true };
  await deps.db.batch([
    deps.db.insert(categories).values(row),
    auditEntry(deps.db, {
      actor,
      action: "category.create",
      subject: { type: "category", id: input.id },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { agencyId: input.agencyId },
    }),
  ]);
  return row;
}

/** Changes a category, including which agency it is routed to. */
export async function updateCategory(deps: ServiceDeps, actor: Actor, id: string, input: CategoryInput) {
  assertCan(actor, "agencies.manage");
  const existing = await deps.db.select().from(categories).where(eq(categories.id, id)).get();
  if (!existing) throw notFound("Kategori tidak ditemukan.");
  await requireAgency(deps, input.agencyId);
  const set = { ...input, active: input.active ?? true };
  await deps.db.batch([
    deps.db.update(categories).set(set).where(eq(categories.id, id)),
    auditEntry(deps.db, {
      actor,
      action: "category.update",
      subject: { type: "category", id },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { agencyId: input.agencyId, previousAgencyId: existing.agencyId, active: set.active },
    }),
  ]);
  return { id, ...set };
}

/** Every escalation contact, by level. */
export async function listEscalationContacts(deps: ServiceDeps, actor: Actor) {
  assertCan(actor, "agencies.manage");
  return deps.db
    .select()
    .from(escalationContacts)
    .orderBy(asc(escalationContacts.level), asc(escalationContacts.label));
}

/** Adds an office that receives escalations at a level (the verifiers' head, the Sekda office, leadership). */
export async function addEscalationContact(
  deps: ServiceDeps,
  actor: Actor,
  input: { level: EscalationLevel; label: string; email: string },
) {
  assertCan(actor, "agencies.manage");
  const row = {
    id: crypto.randomUUID(),
    level: input.level,
    label: input.label,
    email: normalEmail(input.email),
    active: true,
    createdAt: deps.now().toISOString(),
  };
  await deps.db.batch([
    deps.db.insert(escalationContacts).values(row),
    auditEntry(deps.db, {
      actor,
      action: "escalation_contact.add",
      subject: { type: "escalation_contact", id: row.id },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { level: row.level },
    }),
  ]);
  return row;
}

/** Removes an escalation contact. */
export async function removeEscalationContact(deps: ServiceDeps, actor: Actor, id: string): Promise<void> {
  assertCan(actor, "agencies.manage");
  const existing = await deps.db.select().from(escalationContacts).where(eq(escalationContacts.id, id)).get();
  if (!existing) throw notFound("Kontak eskalasi tidak ditemukan.");
  await deps.db.batch([
    deps.db.delete(escalationContacts).where(eq(escalationContacts.id, id)),
    auditEntry(deps.db, {
      actor,
      action: "escalation_contact.remove",
      subject: { type: "escalation_contact", id },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { level: existing.level },
    }),
  ]);
}

/**
 * The addresses that receive escalations at a level, for the flows (issues 5 and 6): the active
 * contacts of that level. Agency heads are `agencies.head_email` and officials holding `agency_head`.
 */
export async function escalationRecipients(deps: Pick<ServiceDeps, "db">, level: EscalationLevel): Promise<string[]> {
  const rows = await deps.db
    .select({ email: escalationContacts.email, active: escalationContacts.active })
    .from(escalationContacts)
    .where(eq(escalationContacts.level, level));
  return [...new Set(rows.filter((r) => r.active).map((r) => r.email))];
}
