import type { Violation } from "../../errors";
import { type NikMismatch, nikMatchesDeclared } from "../nik";
import type { Settings } from "../settings";
import { witaDate } from "../time";
import {
  MEMBER_ROLE_LABELS,
  type MemberInput,
  OFFICER_ROLES,
  REQUIRED_OFFICER_ROLES,
  type RegistrationInput,
} from "./input";
import { OCCUPATIONS } from "./occupations";
import type { RegistrationStatus } from "./status";

/**
 * The KIM eligibility rules: each a pure function from an application and what the service looked
 * up to the violations it finds; `checkEligibility` runs them all so every problem is reported
 * at once. They run on an application the input schema already accepted, and every rule that
 * DOMAIN.md marks configurable reads its setting.
 */

/** The parts of a parsed application the rules read; member changes of an active KIM pass the same shape. */
export interface EligibilityApplication {
  villageCode: RegistrationInput["villageCode"];
  foundedOn?: RegistrationInput["foundedOn"];
  decree?: Pick<RegistrationInput["decree"], "date">;
  members: ReadonlyArray<Pick<MemberInput, "nik" | "gender" | "birthDate" | "role" | "occupation">>;
}

/** What the service gathers for the rules. Lookups must leave out the registration being checked itself. */
export interface EligibilityContext {
  settings: Settings;
  /** Whether `villageCode` is a kampung/desa/kelurahan of the regency (`areas`). */
  villageKnown: boolean;
  /** The moment of submission; the rules use its WITA calendar date. */
  submittedAt: Date;
  /** Another pending or active registration of the same village, if any. */
  villageRegistration: { id: string; status: RegistrationStatus } | null;
  /** `hashNik` of each member's NIK, in member order. */
  memberNikHashes: readonly string[];
  /** The hashes among `memberNikHashes` that already belong to another pending or active registration. */
  nikHashesInOtherKims: ReadonlySet<string>;
}

export type EligibilityRule = (application: EligibilityApplication, context: EligibilityContext) => Violation[];

export type EligibilityCode =
  | "village_unknown"
  | "occupation_excluded"
  | "village_has_kim"
  | "nik_in_other_kim"
  | "nik_duplicate"
  | "officer_missing"
  | "officer_duplicate"
  | "member_count"
  | "officer_underage"
  | "nik_mismatch"
  | "date_in_future";

const violation = (path: string, code: EligibilityCode, message: string): Violation => ({ path, code, message });
const memberPath = (i: number, field: string) => `members[${i}].${field}`;
/** Members are numbered from 1 for people, while paths count from 0. */
const memberNo = (i: number) => `anggota nomor ${i + 1}`;

/** Members whose occupation is in `kim.excludedOccupations` (Berau: ASN, PPPK, private-company staff). */
export const excludedOccupations: EligibilityRule = ({ members }, { settings }) => {
  const excluded = new Set(settings["kim.excludedOccupations"]);
  return members.flatMap((m, i) =>
    excluded.has(m.occupation)
      ? [
          violation(
            memberPath(i, "occupation"),
            "occupation_excluded",
            `Pekerjaan "${OCCUPATIONS[m.occupation]}" tidak dapat menjadi anggota KIM, karena anggota KIM tidak boleh terikat jam kerja.`,
          ),
        ]
      : [],
  );
};

/** The village must be one of the regency's kampung/desa/kelurahan. */
export const knownVillage: EligibilityRule = (_application, { villageKnown }) =>
  villageKnown
    ? []
    : [
        violation(
          "villageCode",
          "village_unknown",
          "Kampung/kelurahan yang dipilih tidak ada dalam daftar wilayah kabupaten. Silakan pilih dari daftar.",
        ),
      ];

/** Under `kim.onePerVillage`, a village with a pending or active KIM takes no second application. */
export const onePerVillage: EligibilityRule = (_application, { settings, villageRegistration }) => {
  if (!settings["kim.onePerVillage"] || !villageRegistration) return [];
  const message =
    villageRegistration.status === "approved"
      ? `Kampung/kelurahan ini sudah memiliki KIM aktif (${villageRegistration.id}). Setiap kampung/kelurahan hanya boleh memiliki satu KIM.`
      : `Kampung/kelurahan ini sudah memiliki pendaftaran KIM yang sedang diproses (${villageRegistration.id}). Setiap kampung/kelurahan hanya boleh memiliki satu KIM.`;
  return [violation("villageCode", "village_has_kim", message)];
};

/** Under `kim.onePersonOneKim`, nobody may be in another pending or active KIM. */
export const onePersonOneKim: EligibilityRule = (_application, { settings, memberNikHashes, nikHashesInOtherKims }) => {
  if (!settings["kim.onePersonOneKim"]) return [];
  return memberNikHashes.flatMap((hash, i) =>
    nikHashesInOtherKims.has(hash)
      ? [
          violation(
            memberPath(i, "nik"),
            "nik_in_other_kim",
            "Orang dengan NIK ini sudah terdaftar di KIM lain yang aktif atau sedang diproses. Satu orang hanya boleh menjadi anggota satu KIM.",
          ),
        ]
      : [],
  );
};

/** The same NIK twice in one application: every repeat is reported, naming the first occurrence. */
export const distinctNiks: EligibilityRule = ({ members }) => {
  const first = new Map<string, number>();
  return members.flatMap((m, i) => {
    const earlier = first.get(m.nik);
    if (earlier === undefined) {
      first.set(m.nik, i);
      return [];
    }
    return [
      violation(
        memberPath(i, "nik"),
        "nik_duplicate",
        `NIK ini sama dengan NIK ${memberNo(earlier)}. Setiap NIK hanya boleh diisi sekali.`,
      ),
    ];
  });
};

/** Exactly one ketua, one sekretaris and one bendahara. */
export const requiredOfficers: EligibilityRule = ({ members }) =>
  REQUIRED_OFFICER_ROLES.flatMap((role) => {
    const holders = members.flatMap((m, i) => (m.role === role ? [i] : []));
    const label = MEMBER_ROLE_LABELS[role];
    if (holders.length === 0) {
      return [
        violation(
          "members",
          "officer_missing",
          `Belum ada anggota dengan jabatan ${label}. KIM wajib memiliki satu ${label}.`,
        ),
      ];
    }
    if (holders.length > 1) {
      const numbers = holders.map((i) => i + 1).join(", ");
      return [
        violation(
          "members",
          "officer_duplicate",
          `Jabatan ${label} hanya boleh dipegang satu orang; sekarang dipegang anggota nomor ${numbers}.`,
        ),
      ];
    }
    return [];
  });

/** The member count within `kim.memberCountMin` and `kim.memberCountMax`. */
export const memberCount: EligibilityRule = ({ members }, { settings }) => {
  const [min, max] = [settings["kim.memberCountMin"], settings["kim.memberCountMax"]];
  if (members.length >= min && members.length <= max) return [];
  return [
    violation(
      "members",
      "member_count",
      `Jumlah anggota harus antara ${min} dan ${max} orang; yang diisi ${members.length} orang.`,
    ),
  ];
};

/**
 * Full years of age on a date: a birthday counts from its day, and a 29 February birthday from
 * 1 March in years without one. Example: ageOn("2008-03-14", "2026-03-13") → 17.
 */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** The age from which a person counts as adult in what Simpul stores (`adult_at_submission`). */
export const ADULT_AGE = 18;

/** What a member row keeps of a birth date: the year, and whether the person was adult on the day it was submitted. */
export interface StoredAgeFacts {
  birthYear: number;
  adultAtSubmission: boolean;
}

/**
 * The only facts of a birth date (YYYY-MM-DD) that are stored, given the moment the data is
 * submitted: the whole date would give back the NIK's digits 7–12.
 *
 * @example
 * storedAgeFacts("2008-03-14", new Date("2026-03-13T02:00:00Z")) // { birthYear: 2008, adultAtSubmission: false }
 */
export function storedAgeFacts(birthDate: string, submittedAt: Date): StoredAgeFacts {
  return {
    birthYear: Number(birthDate.slice(0, 4)),
    adultAtSubmission: ageOn(birthDate, witaDate(submittedAt)) >= ADULT_AGE,
  };
}

/**
 * Whether a stored member, whose birth date is no longer known, is surely at least `minAge` on
 * `date`: by the birth year alone (the youngest they can be is one year less than the years'
 * difference), or by having been adult when their data was submitted, as people only grow older.
 *
 * @example
 * surelyOfAge({ birthYear: 2008, adultAtSubmission: false }, 18, "2027-01-05") // false (may still be 18 or not)
 */
export function surelyOfAge(
  facts: { birthYear: number | null; adultAtSubmission: boolean },
  minAge: number,
  date: string,
): boolean {
  const youngest = facts.birthYear === null ? -1 : Number(date.slice(0, 4)) - facts.birthYear - 1;
  return youngest >= minAge || (facts.adultAtSubmission && minAge <= ADULT_AGE);
}

/** Officers (ketua, sekretaris, bendahara, section heads) at least `kim.officerMinAge` on the WITA day of submission. */
export const officerMinimumAge: EligibilityRule = ({ members }, { settings, submittedAt }) => {
  const minAge = settings["kim.officerMinAge"];
  const today = witaDate(submittedAt);
  const officerRoles: readonly string[] = OFFICER_ROLES;
  return members.flatMap((m, i) =>
    officerRoles.includes(m.role) && ageOn(m.birthDate, today) < minAge
      ? [
          violation(
            memberPath(i, "birthDate"),
            "officer_underage",
            `Pengurus (${MEMBER_ROLE_LABELS[m.role]}) harus berusia paling sedikit ${minAge} tahun pada hari pendaftaran.`,
          ),
        ]
      : [],
  );
};

/** What a person reads when their NIK disagrees with the birth date or gender they filled in. */
export const NIK_MISMATCH_MESSAGES: Record<NikMismatch, string> = {
  birth_date: "Tanggal lahir yang tertera di NIK tidak sama dengan tanggal lahir yang diisi.",
  gender: "Jenis kelamin yang tertera di NIK tidak sama dengan jenis kelamin yang diisi.",
};

/** The birth date and gender encoded in each NIK agree with the declared ones. */
export const nikMatchesMember: EligibilityRule = ({ members }) =>
  members.flatMap((m, i) =>
    nikMatchesDeclared(m.nik, m).map((mismatch) =>
      violation(memberPath(i, "nik"), "nik_mismatch", NIK_MISMATCH_MESSAGES[mismatch]),
    ),
  );

/** No founding, decree or birth date after the WITA day of submission. */
export const datesNotInFuture: EligibilityRule = (application, { submittedAt }) => {
  const today = witaDate(submittedAt);
  const dates: [path: string, date: string | undefined, label: string][] = [
    ["foundedOn", application.foundedOn, "Tanggal pembentukan"],
    ["decree.date", application.decree?.date, "Tanggal SK pembentukan"],
    ...application.members.map((m, i): [string, string, string] => [
      memberPath(i, "birthDate"),
      m.birthDate,
      "Tanggal lahir",
    ]),
  ];
  return dates.flatMap(([path, date, label]) =>
    date !== undefined && date > today
      ? [violation(path, "date_in_future", `${label} tidak boleh setelah hari ini.`)]
      : [],
  );
};

/** Every rule, in the order their violations are listed. */
export const ELIGIBILITY_RULES: readonly EligibilityRule[] = [
  knownVillage,
  onePerVillage,
  memberCount,
  requiredOfficers,
  distinctNiks,
  onePersonOneKim,
  nikMatchesMember,
  officerMinimumAge,
  excludedOccupations,
  datesNotInFuture,
];

/**
 * Every violation of every rule; an empty list means the application may be submitted.
 *
 * @example
 * checkEligibility(application, {
 *   settings, villageKnown: true, submittedAt: now(), villageRegistration: null,
 *   memberNikHashes: hashes, nikHashesInOtherKims: new Set(),
 * }) // [{ path: "members[3].occupation", code: "occupation_excluded", message: "…" }]
 */
export function checkEligibility(application: EligibilityApplication, context: EligibilityContext): Violation[] {
  return ELIGIBILITY_RULES.flatMap((rule) => rule(application, context));
}
