/**
 * The roles an official can hold and the kind of scope each one is bound to. A person may hold
 * several grants (e.g. verifier for the regency and village head of one kampung).
 */
export const ROLES = ["admin", "verifier", "village_head", "agency_officer", "agency_head", "leadership"] as const;
export type Role = (typeof ROLES)[number];

export const SCOPE_TYPES = ["regency", "village", "agency"] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

/** Which kind of scope each role is granted on: a role never changes its kind of scope. */
export const ROLE_SCOPE: Record<Role, ScopeType> = {
  admin: "regency",
  verifier: "regency",
  village_head: "village",
  agency_officer: "agency",
  agency_head: "agency",
  leadership: "regency",
};

/** Names of the roles as people in the admin area read them. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: "Administrator",
  verifier: "Verifikator Diskominfo",
  village_head: "Kepala kampung/lurah",
  agency_officer: "Petugas penghubung OPD",
  agency_head: "Kepala OPD",
  leadership: "Pimpinan",
};

/**
 * One role on one scope: the regency (its Kemendagri code), a village (its code) or an agency (its id).
 *
 * @example
 * { role: "village_head", scope: { type: "village", id: "64.03.04.2001" } }
 */
export interface RoleGrant {
  role: Role;
  scope: { type: ScopeType; id: string };
}

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
