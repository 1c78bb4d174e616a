/**
 * Registration numbers of active KIMs: `KIM-<village code digits>-<sequence>`, e.g.
 * `KIM-6403042001-001` for the first KIM of village 64.03.04.2001.
 *
 * - The village part is the Kemendagri village code at approval without its dots (10 digits:
 *   province 2, kabupaten 2, kecamatan 2, village 4), so a number tells where the KIM sits.
 * - The sequence counts the KIMs ever approved in that village, from 1, padded to three digits
 *   (a fourth digit appears only after 999). With one KIM per village it is normally 001; a
 *   village gets 002 only after its first KIM, or where the regency allows several.
 * - A number is assigned once, at approval, and never changes or returns to use, even when the
 *   village's code changes later; so it is safe on certificates and in links
 *   (`/kim/KIM-6403042001-001/sertifikat`).
 *
 * The sequence comes from D1: one more than the highest number already issued for the village
 * (`nextRegistrationSequence` states the rule; the approval computes it inside its own UPDATE,
 * so concurrent approvals cannot race), with `registrations.registration_number` UNIQUE as the
 * last guard.
 */
const VILLAGE_CODE = /^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$/;
const REGISTRATION_NUMBER = /^KIM-(\d{2})(\d{2})(\d{2})(\d{4})-(\d{3,})$/;

/**
 * The prefix every number of one village starts with: "64.03.04.2001" → "KIM-6403042001-".
 * Throws `RangeError` for a code that is not a village code.
 */
export function registrationNumberPrefix(villageCode: string): string {
  const m = VILLAGE_CODE.exec(villageCode);
  if (!m) throw new RangeError(`not a village code: ${villageCode}`);
  return `KIM-${m.slice(1, 5).join("")}-`;
}

/**
 * The registration number for a village and sequence.
 *
 * @example
 * formatRegistrationNumber("64.03.04.2001", 1) // "KIM-6403042001-001"
 */
export function formatRegistrationNumber(villageCode: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1)
    throw new RangeError(`sequence must be a positive integer, got ${sequence}`);
  return `${registrationNumberPrefix(villageCode)}${String(sequence).padStart(3, "0")}`;
}

/**
 * The village code (with dots) and sequence of a registration number, or undefined when the text
 * is not one.
 *
 * @example
 * parseRegistrationNumber("KIM-6403042001-001") // { villageCode: "64.03.04.2001", sequence: 1 }
 */
export function parseRegistrationNumber(value: string): { villageCode: string; sequence: number } | undefined {
  const m = REGISTRATION_NUMBER.exec(value);
  if (!m) return undefined;
  const sequence = Number(m[5]);
  // "0001" would be a second spelling of "001": only the canonical form is a number.
  if (sequence < 1 || String(sequence).padStart(3, "0") !== m[5]) return undefined;
  return { villageCode: m.slice(1, 5).join("."), sequence };
}

/**
 * The sequence for a village's next KIM, given the numbers already issued for it (in any order;
 * numbers of other villages are ignored).
 *
 * @example
 * nextRegistrationSequence("64.03.04.2001", ["KIM-6403042001-001"]) // 2
 */
export function nextRegistrationSequence(villageCode: string, issued: readonly string[]): number {
  let highest = 0;
  for (const number of issued) {
    const parsed = parseRegistrationNumber(number);
    if (parsed?.villageCode === villageCode) highest = Math.max(highest, parsed.sequence);
  }
  return highest + 1;
}
