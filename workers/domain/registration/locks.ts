import type { Settings } from "../settings";
import { holdsLocks, type RegistrationStatus } from "./status";

/**
 * How D1 itself enforces "one pending or active KIM per village" and "a person in one pending or
 * active KIM" while both stay settings. Each rule has a nullable lock column with a UNIQUE index:
 * `registrations.village_lock` and `registration_members.nik_lock`. A row carries the lock value
 * only while the rule is on and its registration is pending or active; otherwise it is NULL, and
 * NULLs never collide. Two concurrent applications for one village therefore cannot both land:
 * the second batch fails on the index.
 *
 * Every write that sets a status must set the locks from these functions in the same
 * `db.batch()`. When a registration closes, release the members' `nik_lock` before updating its
 * status: a trigger refuses to close a registration whose members still hold locks, and a CHECK
 * refuses a `village_lock` that does not match the status and village.
 */
type LockSettings = Pick<Settings, "kim.onePerVillage" | "kim.onePersonOneKim">;

/**
 * The value of `registrations.village_lock`: the village code while the registration holds its
 * village under the one-KIM-per-village rule, else null.
 *
 * @example
 * villageLock("awaiting_endorsement", "64.03.04.2001", settings) // "64.03.04.2001"
 * villageLock("rejected", "64.03.04.2001", settings) // null
 */
export function villageLock(status: RegistrationStatus, villageCode: string, settings: LockSettings): string | null {
  return settings["kim.onePerVillage"] && holdsLocks(status) ? villageCode : null;
}

/**
 * The value of `registration_members.nik_lock`: the member's NIK hash while the registration holds
 * its people under the one-person-one-KIM rule, else null.
 *
 * @example
 * nikLock("approved", "3f1c…", settings) // "3f1c…"
 */
export function nikLock(status: RegistrationStatus, nikHash: string, settings: LockSettings): string | null {
  return settings["kim.onePersonOneKim"] && holdsLocks(status) ? nikHash : null;
}
