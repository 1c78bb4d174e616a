/**
 * Public registration ids: `REG-` and 10 characters of Crockford base32 (digits and capitals
 * without I, L, O and U, so an id read over the phone is not misheard), 50 random bits. Random,
 * not sequential, so ids reveal nothing about how many registrations exist and cannot be guessed
 * from one another. The id is also the `RegistrationFlow` instance ID, which allows these
 * characters.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ID_LENGTH = 10;
const REGISTRATION_ID = /^REG-[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * A new registration id from `random` (WebCrypto by default; tests may pass fixed bytes).
 *
 * @example
 * newRegistrationId() // "REG-7K3M9QXT2B"
 */
export function newRegistrationId(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  // 32 divides 256, so taking each byte modulo 32 keeps every character equally likely.
  const bytes = random(new Uint8Array(ID_LENGTH));
  return `REG-${Array.from(bytes, (b) => ALPHABET.charAt(b % 32)).join("")}`;
}

/** True for a well-formed registration id, e.g. to validate a route parameter. */
export function isRegistrationId(value: string): boolean {
  return REGISTRATION_ID.test(value);
}
