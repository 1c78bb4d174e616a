import type { Violation } from "../../errors";
import type { EligibilityApplication } from "./eligibility";
import { MEMBER_FIELDS, type MemberInput } from "./input";

/**
 * Screening an application that may not have passed the input schema, so schema problems and
 * eligibility problems are reported together: the eligibility rules run on every field that
 * passed the schema, and the fields that did not are replaced by values no rule reacts to.
 */

/** The NIK as the input schema normalises it (spaces, dots and dashes removed). */
const compactNik = (value: string) => value.replace(/[\s.-]/g, "");

/**
 * True for a plain object (not null, not an array): a posted body or one of its parts before the
 * schema has read it.
 *
 * @example
 * isRecord({ kimName: "KIM A" }) // true
 * isRecord([1, 2]) // false
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The field's trimmed text when it passed the schema, else "". */
function passed(record: Record<string, unknown>, field: string, path: string, invalid: ReadonlySet<string>): string {
  const value = record[field];
  return typeof value === "string" && !invalid.has(path) ? value.trim() : "";
}

export interface EligibilityProjection {
  application: EligibilityApplication;
  /** Each member's normalised NIK when it passed the schema, else undefined (nothing to hash or look up). */
  validNiks: (string | undefined)[];
}

/**
 * The parts of a raw application the eligibility rules read. `invalidPaths` are the paths the
 * schema reported (`members[3].nik`). A NIK that failed becomes a placeholder unique to its row,
 * so it matches no other NIK and decodes to nothing; any other failed field becomes "", which no
 * role, occupation or gender rule matches and which `mergeViolations` filters out for dates.
 *
 * @example
 * eligibilityProjection({ villageCode: "64.03.04.2001", members: [{ nik: "12", role: "ketua" }] }, new Set(["members[0].nik"]))
 * // { application: { villageCode: "64.03.04.2001", members: [{ nik: "\u0000invalid-0", role: "ketua", … }] }, validNiks: [undefined] }
 */
export function eligibilityProjection(raw: unknown, invalidPaths: ReadonlySet<string>): EligibilityProjection {
  const record = isRecord(raw) ? raw : {};
  const rawMembers = Array.isArray(record.members) && !invalidPaths.has("members") ? record.members : [];
  const validNiks: (string | undefined)[] = [];
  const members = rawMembers.map((entry: unknown, i) => {
    const member = isRecord(entry) ? entry : {};
    const at = (field: string) => `members[${i}].${field}`;
    const nik = passed(member, "nik", at("nik"), invalidPaths);
    validNiks.push(nik ? compactNik(nik) : undefined);
    return {
      nik: nik ? compactNik(nik) : `\u0000invalid-${i}`,
      // "" is not a member of these unions, and that is the point: no rule matches it.
      gender: passed(member, "gender", at("gender"), invalidPaths) as MemberInput["gender"],
      birthDate: passed(member, "birthDate", at("birthDate"), invalidPaths),
      role: passed(member, "role", at("role"), invalidPaths) as MemberInput["role"],
      occupation: passed(member, "occupation", at("occupation"), invalidPaths) as MemberInput["occupation"],
    };
  });
  const decree = isRecord(record.decree) ? record.decree : {};
  const decreeDate = passed(decree, "date", "decree.date", invalidPaths);
  const foundedOn = passed(record, "foundedOn", "foundedOn", invalidPaths);
  return {
    application: {
      villageCode: passed(record, "villageCode", "villageCode", invalidPaths),
      foundedOn: foundedOn || undefined,
      decree: decreeDate ? { date: decreeDate } : undefined,
      members,
    },
    validNiks,
  };
}

const TOP_LEVEL_ORDER = [
  "kimName",
  "villageCode",
  "secretariatAddress",
  "contactEmail",
  "contactPhone",
  "foundedOn",
  "decree",
  "decreeScan",
  "website",
  "socials",
  "communityGroups",
  "members",
  "declaration",
];
const MEMBER_FIELD_ORDER: readonly string[] = [...MEMBER_FIELDS, "declaration"];

/** Sort key of a path in form order: top-level field, then list index, then member field. */
function rank(path: string): [number, number, number] {
  const match = /^([A-Za-z]+)(?:\.([A-Za-z]+))?(?:\[(\d+)\])?(?:\.([A-Za-z]+))?/.exec(path);
  const top = TOP_LEVEL_ORDER.indexOf(match?.[1] ?? "");
  const index = match?.[3] === undefined ? -1 : Number(match[3]);
  const field = MEMBER_FIELD_ORDER.indexOf(match?.[4] ?? "");
  return [top === -1 ? TOP_LEVEL_ORDER.length : top, index, field];
}

function byFormOrder(a: Violation, b: Violation): number {
  const [ra, rb] = [rank(a.path), rank(b.path)];
  return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
}

const MEMBER_FIELD_PATH = /^members\[(\d+)\]\.(\w+)$/;

/**
 * Schema problems and eligibility violations as one list in form order. An eligibility
 * violation is dropped when the schema already reported its field, and a NIK mismatch when the
 * member's birth date or gender failed the schema (the comparison would be meaningless).
 *
 * @example
 * mergeViolations([{ path: "members[0].birthDate", … }], [{ path: "members[0].nik", code: "nik_mismatch", … }], invalid)
 * // [{ path: "members[0].birthDate", … }]
 */
export function mergeViolations(
  schemaViolations: readonly Violation[],
  eligibilityViolations: readonly Violation[],
  invalidPaths: ReadonlySet<string>,
): Violation[] {
  const relevant = eligibilityViolations.filter((v) => {
    if (invalidPaths.has(v.path)) return false;
    const member = MEMBER_FIELD_PATH.exec(v.path);
    if (v.code === "nik_mismatch" && member) {
      const i = member[1];
      return !invalidPaths.has(`members[${i}].birthDate`) && !invalidPaths.has(`members[${i}].gender`);
    }
    return true;
  });
  const seen = new Set<string>();
  return [...schemaViolations, ...relevant]
    .filter((v) => {
      const key = `${v.path}\u0000${v.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(byFormOrder);
}
