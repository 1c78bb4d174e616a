import type { Actor } from "./actor";
import { ROLE_SCOPE, type Role, type RoleGrant } from "./roles";

/** What an action is performed on. Village- and agency-scoped roles match only their own. */
export type Resource =
  | { kind: "regency" }
  | { kind: "registration"; villageCode: string }
  | { kind: "aspiration"; agencyId: string | null };

type ResourceKind = Resource["kind"];

/** The regency as a whole: settings, officials, the calendar, statistics, lists of everything. */
export const REGENCY: Resource = { kind: "regency" };

/**
 * The one policy table: every action, the kind of resource it applies to, and the roles allowed.
 * A regency-scoped role (admin, verifier, leadership) may act on every resource of the kind;
 * a village role only on its village's records, an agency role only on its agency's.
 * `admin` may do everything the others may (issue 4's table), so it is listed on every row.
 */
export const POLICY = {
  "officials.manage": { on: "regency", allow: ["admin"] },
  "agencies.manage": { on: "regency", allow: ["admin"] },
  "settings.manage": { on: "regency", allow: ["admin"] },
  "calendar.manage": { on: "regency", allow: ["admin"] },
  "audit.read": { on: "regency", allow: ["admin"] },
  /** Backfill and recompute the monthly statistics. */
  "stats.manage": { on: "regency", allow: ["admin"] },
  "mail.resend": { on: "regency", allow: ["admin"] },
  /** Everything held about one person, found by e-mail or NIK (UU 27/2022 right of access). */
  "privacy.export": { on: "regency", allow: ["admin"] },
  "deadlines.read": { on: "regency", allow: ["admin", "verifier"] },
  "stats.read": { on: "regency", allow: ["admin", "verifier", "leadership"] },

  "registration.read": { on: "registration", allow: ["admin", "verifier", "village_head"] },
  "registration.endorse": { on: "registration", allow: ["admin", "village_head"] },
  "registration.endorse_on_behalf": { on: "registration", allow: ["admin", "verifier"] },
  "registration.verify": { on: "registration", allow: ["admin", "verifier"] },
  /** Members' and applicants' whole phone numbers and e-mail addresses (detail views). */
  "registration.contact.read": { on: "registration", allow: ["admin", "verifier"] },

  /** Leadership reads cases too: the escalation and critical-digest mails link to them (never the reporter). */
  "aspiration.read": { on: "aspiration", allow: ["admin", "verifier", "leadership", "agency_officer", "agency_head"] },
  "aspiration.verify": { on: "aspiration", allow: ["admin", "verifier"] },
  "aspiration.route": { on: "aspiration", allow: ["admin", "verifier"] },
  "aspiration.close": { on: "aspiration", allow: ["admin", "verifier"] },
  "aspiration.answer": { on: "aspiration", allow: ["admin", "agency_officer", "agency_head"] },
  "aspiration.request_transfer": { on: "aspiration", allow: ["admin", "agency_officer", "agency_head"] },
  "aspiration.request_extension": { on: "aspiration", allow: ["admin", "agency_officer", "agency_head"] },
  "aspiration.approve_extension": { on: "aspiration", allow: ["admin", "agency_head"] },
  /** The reporter's identity, hidden from everyone but the complaint manager (DOMAIN.md, anonim). */
  "aspiration.reporter.read": { on: "aspiration", allow: ["admin", "verifier"] },
} as const satisfies Record<string, { on: ResourceKind; allow: readonly Role[] }>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** The resource shape an action takes, e.g. `ResourceFor<"registration.endorse">` needs a village code. */
export type ResourceFor<A extends Action> = Extract<Resource, { kind: (typeof POLICY)[A]["on"] }>;

function grantCovers(grant: RoleGrant, resource: Resource): boolean {
  switch (ROLE_SCOPE[grant.role]) {
    case "regency":
      return true;
    case "village":
      return resource.kind === "registration" && resource.villageCode === grant.scope.id;
    case "agency":
      return resource.kind === "aspiration" && resource.agencyId !== null && resource.agencyId === grant.scope.id;
  }
}

/**
 * Whether `actor` may perform `action` on `resource`. Pure: the actor carries its grants.
 * Only officials hold roles; members of the public act through signed action links, and the
 * system through code paths that never ask this question.
 *
 * @example
 * can(lurah, "registration.endorse", { kind: "registration", villageCode: "64.03.04.2001" }) // true for that village only
 * can(admin, "settings.manage") // true
 */
export function can<A extends Action>(actor: Actor | undefined, action: A, resource?: ResourceFor<A>): boolean {
  if (actor?.type !== "official" || !actor.grants) return false;
  const rule = POLICY[action] as { on: ResourceKind; allow: readonly Role[] };
  const target: Resource = resource ?? REGENCY;
  if (target.kind !== rule.on && target.kind !== "regency") return false;
  return actor.grants.some((grant) => rule.allow.includes(grant.role) && grantCovers(grant, target));
}

/**
 * The part of the regency an actor may perform `action` on, for filtering lists in one query:
 * everything, or the listed villages and agencies.
 *
 * @example
 * actionScope(lurah, "registration.read") // { all: false, villageCodes: ["64.03.04.2001"], agencyIds: [] }
 */
export function actionScope(
  actor: Actor | undefined,
  action: Action,
): { all: true } | { all: false; villageCodes: string[]; agencyIds: string[] } {
  const none = { all: false as const, villageCodes: [] as string[], agencyIds: [] as string[] };
  if (actor?.type !== "official" || !actor.grants) return none;
  const allow: readonly Role[] = POLICY[action].allow;
  for (const grant of actor.grants) {
    if (!allow.includes(grant.role)) continue;
    const scope = ROLE_SCOPE[grant.role];
    if (scope === "regency") return { all: true };
    if (scope === "village") none.villageCodes.push(grant.scope.id);
    else none.agencyIds.push(grant.scope.id);
  }
  return none;
}

/**
 * Whether the actor may perform `action` on every resource of its kind. Routes use it to decide
 * between 404 and 403 for a record that does not exist: only someone who could see any record
 * may learn that this one is missing.
 */
export function canOnAll(actor: Actor | undefined, action: Action): boolean {
  return actionScope(actor, action).all;
}
