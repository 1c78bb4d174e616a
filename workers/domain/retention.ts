/**
 * How long Simpul keeps what it no longer needs (UU 27/2022: collect and keep only what a process
 * needs). Pure values and arithmetic; `workers/services/housekeeping.ts` applies them every night.
 * The personal-data periods an office may want to set differently are settings
 * (`retention.rejectedRegistrationDays`); these are the technical ones, fixed in code with the reason.
 */

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * Stored responses of creating requests (API `Idempotency-Key`s and the public form's one-time
 * tokens). Stripe keeps keys 24 hours; seven days here, because the clients that repeat a request
 * are an office's integration whose retry queue may sit through a long weekend with cuti bersama
 * (four or five days off in a row around Idul Fitri and Christmas), and the intake relies on a
 * repeat after it answered 503. The rows hold ids and links only, so keeping them longer costs
 * nothing in privacy. Must stay longer than a form token lives (`FORM_TOKEN_MAX_AGE_MS`).
 */
export const IDEMPOTENCY_RETENTION_MS = 7 * DAY_MS;

/**
 * A used action link's nonce is kept this long after the link itself expired. Deleting it at
 * the very second of expiry would let a machine whose clock runs a little behind accept the
 * link once more; an hour costs nothing.
 */
export const ACTION_NONCE_GRACE_MS = HOUR_MS;

/** Sent mail keeps its recipients and parameters (names, links) this long, for questions about delivery. */
export const SENT_MAIL_RETENTION_DAYS = 90;

/**
 * What stays in a text column whose personal data was removed at the end of its retention period.
 * Pages show it as it is; it is no valid e-mail address or phone number, so nothing can be sent to it.
 */
export const ANONYMISED = "[dihapus: masa retensi berakhir]";

/**
 * The moment `days` whole days before `now`.
 *
 * @example
 * daysBefore(new Date("2026-03-13T17:00:00Z"), 365) // 2025-03-13T17:00:00.000Z
 */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/**
 * The registration columns that hold personal data, as they read once anonymised: the
 * secretariat address (often someone's home) and the contact e-mail and phone. The village,
 * status, dates, KIM name and the decree's number, date and issuing office stay: statistics and
 * the record of what was decided need them and they name no private person.
 */
export const ANONYMISED_REGISTRATION = {
  secretariatAddress: ANONYMISED,
  contactEmail: ANONYMISED,
  contactPhone: ANONYMISED,
  decreeScanKey: null,
  decreeScanType: null,
  decreeScanSize: null,
} as const;

/**
 * The member columns that identify a person, as they read once anonymised. The NIK's keyed hash
 * goes too: it is pseudonymous, not anonymous, as anyone holding the key and a NIK can match it.
 * The birth year goes as well. Role, gender, occupation, position and the adult fact stay, so the
 * member count and the make-up of past applications can still be counted.
 */
export const ANONYMISED_MEMBER = {
  fullName: ANONYMISED,
  nikHash: "",
  nikLast4: "",
  birthYear: null,
  phone: ANONYMISED,
  // Already released when the registration closed; NULL keeps the lock CHECK true whatever the hash.
  nikLock: null,
} as const;
