import type { Actor } from "../domain/actor";
import { type Action, can } from "../domain/policy";
import type { NavLink } from "../views/official-layout";

/** Sections of the site for officials, each shown only to those the policy lets in. */
const SECTIONS: { href: string; label: string; action: Action }[] = [
  { href: "/admin", label: "Administrasi", action: "officials.manage" },
  { href: "/pendaftaran", label: "Pendaftaran KIM", action: "registration.verify" },
];

/** The navigation links this actor may follow. */
export function officialNav(actor: Actor | undefined): NavLink[] {
  return SECTIONS.filter((s) => can(actor, s.action)).map(({ href, label }) => ({ href, label }));
}
