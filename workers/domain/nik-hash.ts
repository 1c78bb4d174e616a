/**
 * The keyed hash that is all Simpul keeps of a NIK (besides its last four digits): HMAC-SHA256
 * with the secret `config.hashKey`, as lowercase hex. Keyed, because a NIK has so little entropy
 * (region, birth date, a serial) that a plain hash could be reversed by trying every NIK.
 * Uses WebCrypto only; no I/O, but asynchronous.
 */

const encoder = new TextEncoder();

const toHex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * Imports the key once and returns a function hashing any number of NIKs with it, for an
 * application whose members are all hashed together.
 *
 * @example
 * const hash = await nikHasher(config.hashKey);
 * const hashes = await Promise.all(members.map((m) => hash(m.nik)));
 */
export async function nikHasher(key: string): Promise<(nik: string) => Promise<string>> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return async (nik) => toHex(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(nik)));
}

/**
 * HMAC-SHA256 of one NIK (already normalised to its 16 digits) under `key`, as 64 hex characters.
 *
 * @example
 * await hashNik("6403045203900001", config.hashKey) // "3f1c…" (64 hex characters)
 */
export async function hashNik(nik: string, key: string): Promise<string> {
  return (await nikHasher(key))(nik);
}
