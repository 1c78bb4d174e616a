import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The errors every layer may throw or return. `http/errors.ts` turns an `AppError` into the one
 * error envelope; services, mail and flows only build them.
 */

/** One problem with one input field: `path` like `members[3].occupation`, `message` in Indonesian. */
export interface ErrorDetail {
  path: string;
  message: string;
  /** Stable reason for programs, e.g. `too_small`, `nik_duplicate`, `occupation_excluded`. */
  code?: string;
}

/**
 * One broken rule, for people and programs: `path` names the field (`members[3].occupation`, or
 * `members` for the list as a whole), `code` is stable for programs, `message` is in Bahasa
 * Indonesia. It is an `ErrorDetail` whose code is always there.
 */
export interface Violation {
  path: string;
  code: string;
  message: string;
}

/** Stable error codes for programs. People read `message`, programs branch on `code`. */
export type ErrorCode =
  | "validation_failed"
  | "bad_request"
  | "not_found"
  | "payload_too_large"
  | "unsupported_media_type"
  | "conflict"
  | "idempotency_key_reused"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "link_expired"
  | "link_used"
  | "service_unavailable"
  | "internal_error";

/**
 * An error that reaches the caller as the one error envelope:
 * `{ error: { code, message, details?, requestId } }`.
 */
export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export const validationFailed = (details: ErrorDetail[], message = "Data yang dikirim belum benar.") =>
  new AppError(422, "validation_failed", message, details);

export const notFound = (message = "Halaman atau data yang dicari tidak ditemukan.") =>
  new AppError(404, "not_found", message);

export const payloadTooLarge = () => new AppError(413, "payload_too_large", "Data yang dikirim terlalu besar.");

/**
 * The table and column(s) of a UNIQUE or PRIMARY KEY constraint a D1 statement ran into
 * ("UNIQUE constraint failed: officials.email" → "officials.email"), looking through causes;
 * undefined for any other error.
 *
 * @example
 * uniqueConstraintOf(new Error("D1_ERROR: UNIQUE constraint failed: role_grants.official_id, …")) // "role_grants.official_id, …"
 */
export function uniqueConstraintOf(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const match = /UNIQUE constraint failed: ([\w., ]+)/.exec(e.message);
    if (match) return match[1]?.trim();
  }
  return undefined;
}

/**
 * Whether an error is D1 being unavailable for a moment rather than a mistake in a statement: the
 * transient errors Cloudflare documents as safe to retry (lost connection, an overloaded or reset
 * database, a storage timeout), looking through causes. A request that meets one answers 503.
 */
export function isTransientD1Error(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (
      /Network connection lost|D1 DB is overloaded|D1 DB reset|object to be reset|transient issue|storage operation exceeded timeout/i.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}

/** The answer to a request that met D1 unavailable: nothing was half-written, the person may try again. */
export const storageUnavailable = () =>
  new AppError(
    503,
    "service_unavailable",
    "Layanan sedang sibuk atau tidak tersedia. Silakan coba lagi sebentar lagi.",
  );

/**
 * The answer to a write that lost a race on a unique index no service turned into its own
 * message (two administrators adding the same official or agency at once): 409, never a 500
 * with the database's words. The services' own checks still give the specific message first.
 */
export const concurrentWriteConflict = () =>
  new AppError(
    409,
    "conflict",
    "Data yang sama baru saja disimpan oleh permintaan lain. Muat ulang halaman dan periksa lagi.",
  );

/**
 * Turns a Standard Schema / zod issue path into the dotted form people read:
 * ["members", 3, "occupation"] → "members[3].occupation".
 */
export function formatIssuePath(path: ReadonlyArray<PropertyKey | { key: PropertyKey }> | undefined): string {
  let out = "";
  for (const segment of path ?? []) {
    const key = typeof segment === "object" && segment !== null ? segment.key : segment;
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * zod passes its own issues through Standard Schema: a custom check's `params.code` wins over
 * zod's generic code (`too_small`, `invalid_type`, …).
 */
export function issueCode(issue: StandardSchemaV1.Issue): string {
  const { code, params } = issue as { code?: string; params?: { code?: unknown } };
  return typeof params?.code === "string" ? params.code : (code ?? "invalid");
}
