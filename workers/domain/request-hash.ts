import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import { jsonTooDeep, MAX_JSON_DEPTH } from "./json-depth";

/**
 * What makes two creating requests "the same" for an idempotency key: the body with its object
 * keys sorted (so a client that serialises in another order still matches), plus the SHA-256 of
 * each attached file.
 */

/**
 * JSON with every object's keys in code-point order, arrays in their order, `undefined`
 * properties dropped (as `JSON.stringify` does). Refuses (400 `bad_request`) a value nested deeper
 * than `MAX_JSON_DEPTH`, so a hostile body cannot overflow the stack here.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, 0);
}

/** `canonicalJson` of a value found `depth` levels down. */
function canonical(value: unknown, depth: number): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
  if (depth >= MAX_JSON_DEPTH) throw jsonTooDeep();
  if (Array.isArray(value)) {
    return `[${value.map((v) => (v === undefined ? "null" : canonical(v, depth + 1))).join(",")}]`;
  }
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, depth + 1)}`).join(",")}}`;
}

/** SHA-256 of some bytes as lower-case hex. */
export const sha256Hex = (bytes: Uint8Array) => encodeHexLowerCase(sha256(bytes));

/**
 * The `idempotency_keys.request_hash` of a body and its attached files (in a fixed order).
 *
 * @example
 * requestHash({ kimName: "KIM Maju" }, [scanBytes]) // "9b1d…" (64 hex characters)
 */
export function requestHash(body: unknown, attachments: readonly Uint8Array[] = []): string {
  const parts = [canonicalJson(body), ...attachments.map(sha256Hex)];
  return sha256Hex(new TextEncoder().encode(parts.join("\n")));
}
