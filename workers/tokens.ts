import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import {
  decodeBase64urlIgnorePadding,
  encodeBase32LowerCaseNoPadding,
  encodeBase64urlNoPadding,
  encodeHexLowerCase,
} from "@oslojs/encoding";

/**
 * Token and signature primitives (the Lucia session guide's recipe). Nothing here is home-made
 * cryptography: randomness from `crypto.getRandomValues`, SHA-256 from @oslojs/crypto, HMAC from WebCrypto.
 */

/**
 * A fresh random token: 20 bytes (160 bits) as lower-case base32, safe in URLs and cookies.
 *
 * @example
 * randomToken() // "k3v7…" (32 characters)
 */
export function randomToken(bytes = 20): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  return encodeBase32LowerCaseNoPadding(buf);
}

/** SHA-256 of a token as lower-case hex: what the database stores instead of the token. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

const hmacKeys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    hmacKeys.set(secret, key);
  }
  return key;
}

/**
 * HMAC-SHA256 of `message` under `secret`, base64url without padding. Callers prefix the message
 * with its purpose ("csrf|…", "action|…") so a signature made for one use is worthless for another.
 */
export async function hmacSign(secret: string, message: string): Promise<string> {
  const sig = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(message));
  return encodeBase64urlNoPadding(new Uint8Array(sig));
}

/** Checks an `hmacSign` signature in constant time; false for anything malformed. */
export async function hmacVerify(secret: string, message: string, signature: string): Promise<boolean> {
  let given: Uint8Array;
  try {
    given = decodeBase64urlIgnorePadding(signature);
  } catch {
    // Not base64url at all: simply not a valid signature.
    return false;
  }
  const expected = new Uint8Array(
    await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(message)),
  );
  return given.length === expected.length && constantTimeEqual(given, expected);
}

/** Compares two secret strings in constant time (for their common length); false when the lengths differ. */
export function equalSecrets(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  return x.length === y.length && constantTimeEqual(x, y);
}
