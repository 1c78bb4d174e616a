import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { agencies, areas, officials, roleGrants, sessions } from "../../schema";
import type { Actor } from "../domain/actor";
import { VILLAGE_LEVELS } from "../domain/areas";
import { ROLE_LABELS, ROLE_SCOPE, type Role, type RoleGrant } from "../domain/roles";
import { villageLabel } from "../domain/villages";
import { AppError, notFound, validationFailed } from "../errors";
import { createLogger } from "../log";
import { type MailQueueMessage, stagedMail } from "../mail/outbox";
import { type DistrictView, listDistricts } from "./areas";
import { auditEntry } from "./audit";
import { assertCan } from "./authorize";
import type { ServiceDeps } from "./deps";
import { handOverPendingWork } from "./pending-work";

export interface OfficialView {
  id: string;
  name: string;
  email: string;
  active: boolean;
  createdAt: string;
  grants: (RoleGrant & { id: string })[];
}

/** Addresses compare case-insensitively; they are stored trimmed and lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

async function grantsOf(deps: ServiceDeps, officialIds: string[]) {
  if (officialIds.length === 0) return new Map<string, OfficialView["grants"]>();
  const rows = await deps.db
    .select()
    .from(roleGrants)
    .where(inArray(roleGrants.officialId, officialIds))
    .orderBy(asc(roleGrants.role), asc(roleGrants.scopeId));
  const byOfficial = new Map<string, OfficialView["grants"]>();
  for (const r of rows) {
    const list = byOfficial.get(r.officialId) ?? [];
    list.push({ id: r.id, role: r.role, scope: { type: r.scopeType, id: r.scopeId } });
    byOfficial.set(r.officialId, list);
  }
  return byOfficial;
}

/** Every official with their grants, ordered by name. The caller masks addresses for lists. */
export async function listOfficials(deps: ServiceDeps, actor: Actor): Promise<OfficialView[]> {
  assertCan(actor, "officials.manage");
  const rows = await deps.db.select().from(officials).orderBy(asc(officials.name));
  const grants = await grantsOf(
    deps,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    active: r.active,
    createdAt: r.createdAt,
    grants: grants.get(r.id) ?? [],
  }));
}

/** One official with their grants; 404 when unknown (only officials managers get this far). */
export async function getOfficial(deps: ServiceDeps, actor: Actor, id: string): Promise<OfficialView> {
  assertCan(actor, "officials.manage");
  const row = await deps.db.select().from(officials).where(eq(officials.id, id)).get();
  if (!row) throw notFound("Pejabat tidak ditemukan.");
  const grants = await grantsOf(deps, [id]);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    active: row.active,
    createdAt: row.createdAt,
    grants: grants.get(id) ?? [],
  };
}

/** What an admin picks a grant's scope from: the villages by kecamatan and the agencies, with their names. */
export interface ScopeChoices {
  districts: DistrictView[];
  agencies: { id: string; name: string }[];
  /** The name people read for each village code and agency id: "Kampung Long La'ai", "Dinas PUPR". */
  names: Record<string, string>;
}

/**
 * The villages and agencies a village or agency role can be granted on, so the admin picks a
 * name from a list instead of typing a Kemendagri code or an agency id.
 */
export async function listScopeChoices(deps: ServiceDeps, actor: Actor): Promise<ScopeChoices> {
  assertCan(actor, "officials.manage");
  const [districts, agencyRows] = await Promise.all([
    listDistricts(deps.db),
    deps.db.select({ id: agencies.id, name: agencies.name }).from(agencies).orderBy(asc(agencies.name)),
  ]);
  const names: Record<string, string> = {};
  for (const d of districts) {
    for (const v of d.villages) names[v.code] = villageLabel({ level: v.kind, name: v.name });
  }
  for (const a of agencyRows) names[a.id] = a.name;
  return { districts, agencies: agencyRows, names };
}

/**
 * Checks that a grant's scope names something real and of the right kind for the role:
 * the regency's own code, a village code, or an agency id. Throws 422 naming `scopeId`.
 */
async function checkScope(deps: ServiceDeps, role: Role, scopeId: string): Promise<RoleGrant> {
  const type = ROLE_SCOPE[role];
  if (type === "regency") {
    return { role, scope: { type, id: deps.config.regencyCode } };
  }
  if (type === "village") {
    const village = await deps.db
      .select()
      .from(areas)
      .where(and(eq(areas.code, scopeId), inArray(areas.level, [...VILLAGE_LEVELS])))
      .get();
    if (!village) {
      throw validationFailed([
        {
          path: "scopeId",
          message: `Pilih kampung/kelurahan dari daftar untuk peran ${ROLE_LABELS[role]}.`,
          code: scopeId ? "unknown_village" : "required",
        },
      ]);
    }
    return { role, scope: { type, id: scopeId } };
  }
  const agency = await deps.db.select().from(agencies).where(eq(agencies.id, scopeId)).get();
  if (!agency) {
    throw validationFailed([
      {
        path: "scopeId",
        message: `Pilih OPD dari daftar untuk peran ${ROLE_LABELS[role]}.`,
        code: scopeId ? "unknown_agency" : "required",
      },
    ]);
  }
  return { role, scope: { type, id: scopeId } };
}

export interface InviteInput {
  name: string;
  email: string;
  role?: Role;
  scopeId?: string;
}

/**
 * Adds an official (active, able to request a sign-in link) with an optional first role grant,
 * records it, and mails them that the account exists (the mail has no token: they request a
 * sign-in link when ready). 409 when the address is already registered.
 *
 * @example
 * await inviteOfficial(deps, admin, { name: "Sari", email: "sari@example.go.id", role: "verifier" })
 */
export async function inviteOfficial(
  deps: ServiceDeps & { queue: Queue<MailQueueMessage> },
  actor: Actor,
  input: InviteInput,
): Promise<OfficialView> {
  assertCan(actor, "officials.manage");
  const email = normalizeEmail(input.email);
  const existing = await deps.db.select().from(officials).where(eq(officials.email, email)).get();
  if (existing) throw new AppError(409, "conflict", "Alamat e-mail itu sudah terdaftar sebagai pejabat.");
  const grant = input.role ? await checkScope(deps, input.role, input.scopeId ?? "") : undefined;
  const id = crypto.randomUUID();
  const at = deps.now();
  const grantId = crypto.randomUUID();
  const insertOfficial = deps.db.insert(officials).values({
    id,
    name: input.name.trim(),
    email,
    active: true,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  });
  const audit = auditEntry(deps.db, {
    actor,
    action: "official.invite",
    subject: { type: "official", id },
    requestId: deps.requestId,
    at,
    detail: grant ? { role: grant.role, scopeId: grant.scope.id } : {},
  });
  const invite = stagedMail(
    { db: deps.db, queue: deps.queue, config: deps.config, now: at },
    {
      template: "official_invite",
      to: [email],
      params: {
        roles: grant ? ROLE_LABELS[grant.role] : "belum ada (akan diatur administrator)",
        signInPath: "/masuk",
      },
      dedupeKey: `official-invite:${id}`,
    },
  );
  // The official, their role, the audit entry and the invitation are written together: an
  // official who exists always has their invitation waiting to be sent.
  const insertGrant = grant
    ? deps.db.insert(roleGrants).values({
        id: grantId,
        officialId: id,
        role: grant.role,
        scopeType: grant.scope.type,
        scopeId: grant.scope.id,
        createdAt: at.toISOString(),
      })
    : undefined;
  await deps.db.batch([insertOfficial, ...(insertGrant ? [insertGrant] : []), audit, invite.statement]);
  await invite.send(createLogger(deps.requestId));
  if (grant) await handOverPendingWork(deps, { officialId: id, email, role: grant.role, scopeId: grant.scope.id });
  return {
    id,
    name: input.name.trim(),
    email,
    active: true,
    createdAt: at.toISOString(),
    grants: grant ? [{ id: grantId, ...grant }] : [],
  };
}

/**
 * Gives an official one more role on one scope, and hands them what already waits for that role
 * there (`handOverPendingWork`). 409 when they already hold it there.
 */
export async function grantRole(
  deps: ServiceDeps & { queue: Queue<MailQueueMessage> },
  actor: Actor,
  officialId: string,
  input: { role: Role; scopeId?: string },
): Promise<OfficialView> {
  const official = await getOfficial(deps, actor, officialId);
  const grant = await checkScope(deps, input.role, input.scopeId ?? "");
  if (official.grants.some((g) => g.role === grant.role && g.scope.id === grant.scope.id)) {
    throw new AppError(409, "conflict", "Pejabat ini sudah memegang peran itu pada cakupan yang sama.");
  }
  const at = deps.now();
  await deps.db.batch([
    deps.db.insert(roleGrants).values({
      id: crypto.randomUUID(),
      officialId,
      role: grant.role,
      scopeType: grant.scope.type,
      scopeId: grant.scope.id,
      createdAt: at.toISOString(),
    }),
    auditEntry(deps.db, {
      actor,
      action: "official.grant_role",
      subject: { type: "official", id: officialId },
      requestId: deps.requestId,
      at,
      detail: { role: grant.role, scopeId: grant.scope.id },
    }),
  ]);
  if (official.active) {
    await handOverPendingWork(deps, { officialId, email: official.email, role: grant.role, scopeId: grant.scope.id });
  }
  return getOfficial(deps, actor, officialId);
}

const LAST_ADMIN_GUARD = "last active administrator";

/**
 * A batch statement that aborts the batch (SQLite refuses `json()` of non-JSON text) unless an
 * active official other than `officialId` holds the admin role: checked inside the batch, so two
 * administrators removing their own role at once cannot both succeed and leave none.
 */
function anotherActiveAdminGuard(deps: ServiceDeps, officialId: string) {
  const others = deps.db
    .select({ id: roleGrants.id })
    .from(roleGrants)
    .innerJoin(officials, eq(officials.id, roleGrants.officialId))
    .where(and(eq(roleGrants.role, "admin"), eq(officials.active, true), ne(roleGrants.officialId, officialId)));
  // drizzle renders an embedded select already in parentheses, as EXISTS wants it.
  return deps.db
    .select({ ok: sql<number>`CASE WHEN EXISTS ${others} THEN 1 ELSE json(${LAST_ADMIN_GUARD}) END` })
    .from(officials)
    .where(eq(officials.id, officialId));
}

/** True when a batch failed on `anotherActiveAdminGuard` (D1 wraps SQLite's message in causes). */
function abortedByGuard(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (/malformed JSON/i.test(e.message)) return true;
  }
  return false;
}

const lastAdmin = () =>
  new AppError(
    409,
    "conflict",
    "Peran Administrator tidak dapat dicabut: tidak ada administrator aktif lain. Undang atau aktifkan administrator lain terlebih dahulu.",
  );

/**
 * Takes one grant away. Takes effect on the official's next request: grants load with the
 * session. Refuses (409) to take the admin role from the last active administrator, as
 * deactivating oneself is refused: the regency would have no one left to manage officials.
 */
export async function revokeRole(
  deps: ServiceDeps,
  actor: Actor,
  officialId: string,
  grantId: string,
): Promise<OfficialView> {
  const official = await getOfficial(deps, actor, officialId);
  const grant = official.grants.find((g) => g.id === grantId);
  if (!grant) throw notFound("Peran itu tidak ditemukan pada pejabat ini.");
  const guard: BatchItem<"sqlite">[] =
    grant.role === "admin" && official.active ? [anotherActiveAdminGuard(deps, officialId)] : [];
  const [remove, audit] = revokeStatements(deps, actor, officialId, grant);
  try {
    await deps.db.batch([remove, audit, ...guard]);
  } catch (err) {
    if (guard.length && abortedByGuard(err)) throw lastAdmin();
    throw err;
  }
  return getOfficial(deps, actor, officialId);
}

function revokeStatements(
  deps: ServiceDeps,
  actor: Actor,
  officialId: string,
  grant: OfficialView["grants"][number],
): [BatchItem<"sqlite">, BatchItem<"sqlite">] {
  const grantId = grant.id;
  return [
    deps.db.delete(roleGrants).where(eq(roleGrants.id, grantId)),
    auditEntry(deps.db, {
      actor,
      action: "official.revoke_role",
      subject: { type: "official", id: officialId },
      requestId: deps.requestId,
      at: deps.now(),
      detail: { role: grant.role, scopeId: grant.scope.id },
    }),
  ];
}

/**
 * Deactivates an official and ends every session of theirs in the same batch, so they are
 * signed out at once. An administrator cannot deactivate themself (the regency would risk
 * losing its last administrator).
 */
export async function deactivateOfficial(deps: ServiceDeps, actor: Actor, officialId: string): Promise<OfficialView> {
  const official = await getOfficial(deps, actor, officialId);
  if (actor.type === "official" && actor.id === officialId) {
    throw new AppError(409, "conflict", "Anda tidak dapat menonaktifkan akun Anda sendiri.");
  }
  const at = deps.now();
  await deps.db.batch([
    deps.db.update(officials).set({ active: false, updatedAt: at.toISOString() }).where(eq(officials.id, officialId)),
    deps.db.delete(sessions).where(eq(sessions.officialId, officialId)),
    auditEntry(deps.db, {
      actor,
      action: "official.deactivate",
      subject: { type: "official", id: officialId },
      requestId: deps.requestId,
      at,
    }),
  ]);
  return { ...official, active: false };
}

/** Lets a deactivated official sign in again (their old sessions stay ended). */
export async function activateOfficial(deps: ServiceDeps, actor: Actor, officialId: string): Promise<OfficialView> {
  const official = await getOfficial(deps, actor, officialId);
  const at = deps.now();
  await deps.db.batch([
    deps.db.update(officials).set({ active: true, updatedAt: at.toISOString() }).where(eq(officials.id, officialId)),
    auditEntry(deps.db, {
      actor,
      action: "official.activate",
      subject: { type: "official", id: officialId },
      requestId: deps.requestId,
      at,
    }),
  ]);
  return { ...official, active: true };
}
