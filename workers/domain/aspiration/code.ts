/**
 * Tracking codes: `ASP-` and two groups of four characters from the digits 2–9 and the capitals
 * without I and O, so a code read aloud or copied from paper is never 0/O or 1/I. Eight
 * characters of 32 symbols are 40 random bits: guessing one of a million live codes takes about
 * a million tries, which the lookup rate limit turns into years. The code is also the
 * `AspirationFlow` instance ID.
 */
const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE = /^ASP-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

/**
 * A new tracking code from `random` (WebCrypto by default; tests may pass fixed bytes).
 *
 * @example
 * newTrackingCode() // "ASP-7K3Q-H9TM"
 */
export function newTrackingCode(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  // 32 divides 256, so taking each byte modulo 32 keeps every character equally likely.
  const chars = Array.from(random(new Uint8Array(8)), (b) => ALPHABET.charAt(b % 32)).join("");
  return `ASP-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * A code as a person may type it, made canonical: upper case, spaces and dashes ignored, the
 * prefix optional. Undefined when it cannot be a tracking code.
 *
 * @example
 * normaliseTrackingCode(" asp 7k3q h9tm ") // "ASP-7K3Q-H9TM"
 */
export function normaliseTrackingCode(input: string): string | undefined {
  if (input.length > 40) return undefined;
  const compact = input.toUpperCase().replace(/[\s-]/g, "").replace(/^ASP/, "");
  if (compact.length !== 8) return undefined;
  const code = `ASP-${compact.slice(0, 4)}-${compact.slice(4)}`;
  return CODE.test(code) ? code : undefined;
}

/** True for a well-formed tracking code, e.g. to validate a route parameter. */
export const isTrackingCode = (value: string) => CODE.test(value);
