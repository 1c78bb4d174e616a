/**
 * Who may learn who reported an aspiration. The reporter chooses; the system enforces it in every
 * page, API response, e-mail and export by passing each through `reporterShownTo`, so no official
 * has to remember a setting (DOMAIN.md: a forgotten setting once exposed a reporter).
 *
 * - `anonim` (the default): the report may be public without any identity; only verifiers see who.
 * - `rahasia`: the report is never public; only verifiers see who.
 * - `publik`: the report may be public with the reporter's name.
 * Contact data (e-mail, phone) is for verifiers only, whatever the mode: it is how Diskominfo
 * reaches the reporter, never something an agency or the public needs.
 */
export const PRIVACY_MODES = ["anonim", "rahasia", "publik"] as const;
export type PrivacyMode = (typeof PRIVACY_MODES)[number];

export const PRIVACY_LABELS: Record<PrivacyMode, string> = {
  anonim: "Anonim: laporan boleh tampil publik tanpa identitas saya",
  rahasia: "Rahasia: laporan tidak ditampilkan publik",
  publik: "Publik: laporan dan nama saya boleh ditampilkan",
};

/** Who is looking: the public (and the reporter through the tracking code), an agency, or a verifier. */
export type Audience = "public" | "agency" | "verifier";

export interface Reporter {
  name: string | null;
  email: string | null;
  phone: string | null;
}

/**
 * What of the reporter `audience` may see, as a value that holds nothing else: pages and mail
 * render only this, never the stored row.
 *
 * @example
 * reporterShownTo("agency", "anonim", reporter) // { name: null, email: null, phone: null }
 * reporterShownTo("public", "publik", reporter) // { name: "Siti", email: null, phone: null }
 */
export function reporterShownTo(audience: Audience, privacy: PrivacyMode, reporter: Reporter): Reporter {
  if (audience === "verifier") return { name: reporter.name, email: reporter.email, phone: reporter.phone };
  const name = privacy === "publik" ? reporter.name : null;
  return { name, email: null, phone: null };
}

/** Whether the report itself (title, description, answer) may appear on public pages and lists. */
export const isPubliclyListable = (privacy: PrivacyMode) => privacy !== "rahasia";
