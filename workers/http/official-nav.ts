import type { Actor } from "../domain/actor";
import { type Action, actionScope } from "../domain/policy";
import type { NavLink } from "../views/official-layout";

/**
 * Sections of the site for officials, in the order an official lands on them, each shown to
 * those who may do its action somewhere: a village head, who endorses only in their own village,
 * sees the registration queue as a verifier does.
 */
const SECTIONS: { href: string; label: string; action: Action; description: string }[] = [
  {
    href: "/admin",
    label: "Administrasi",
    action: "officials.manage",
    description: "Kelola pejabat, OPD, pengaturan, kalender libur, log audit, dan e-mail yang gagal.",
  },
  {
    href: "/pendaftaran",
    label: "Pendaftaran KIM",
    action: "registration.read",
    description: "Pendaftaran KIM yang menunggu pengesahan atau verifikasi Anda, diurutkan menurut tenggat.",
  },
  {
    href: "/aspirasi/kelola",
    label: "Aspirasi",
    action: "aspiration.read",
    description: "Aspirasi warga yang menunggu verifikasi atau tindak lanjut OPD Anda, diurutkan menurut tenggat.",
  },
];

const mayActSomewhere = (actor: Actor | undefined, action: Action) => {
  const scope = actionScope(actor, action);
  return scope.all || scope.villageCodes.length > 0 || scope.agencyIds.length > 0;
};

/** The navigation links this actor may follow, each with one line saying what waits there. */
export function officialNav(actor: Actor | undefined): (NavLink & { description: string })[] {
  return SECTIONS.filter((s) => mayActSomewhere(actor, s.action)).map(({ href, label, description }) => ({
    href,
    label,
    description,
  }));
}

/**
 * Where an official lands after signing in without a `lanjut` target: their first section of
 * work, or their account page when no section is theirs yet (agency roles, leadership).
 *
 * @example
 * landingPath(villageHead) // "/pendaftaran"
 */
export function landingPath(actor: Actor | undefined): string {
  return officialNav(actor)[0]?.href ?? "/akun";
}
