import { and, eq } from "drizzle-orm";
import { type IdempotencyKey, idempotencyKeys } from "../../schema";
import type { Db } from "../db";
import { AppError } from "../errors";

/**
 * Stored responses of creating requests (see `schema/idempotency.ts`): read one before doing
 * the work, write one in the same `db.batch()` as the record it describes.
 */

/** Which key a request carries: its scope (`POST /api/v1/registrations`, `form:daftar-kim`), the key and the body's hash. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

/** The stored response for a key, if a request with it already succeeded. */
export function storedResponseQuery(db: Db, claim: Pick<IdempotencyClaim, "scope" | "key">) {
  return db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, claim.scope), eq(idempotencyKeys.key, claim.key)));
}

/** The stored response for a key, or undefined when no request with it succeeded yet. */
export async function findStoredResponse(
  db: Db,
  claim: Pick<IdempotencyClaim, "scope" | "key">,
): Promise<IdempotencyKey | undefined> {
  return storedResponseQuery(db, claim).get();
}

/** The insert that records a successful response; put it in the batch that creates the record. */
export function storeResponseStatement(
  db: Db,
  claim: IdempotencyClaim,
  response: { status: number; body: Record<string, unknown> },
  at: Date,
) {
  return db.insert(idempotencyKeys).values({
    scope: claim.scope,
    key: claim.key,
    requestHash: claim.requestHash,
    responseStatus: response.status,
    responseBody: response.body,
    createdAt: at.toISOString(),
  });
}

export const idempotencyKeyReused = () =>
  new AppError(
    422,
    "idempotency_key_reused",
    "Kunci Idempotency-Key ini sudah dipakai untuk permintaan dengan isi yang berbeda. Gunakan kunci baru untuk permintaan baru.",
  );

/**
 * The stored response when `stored` answered the same request, else throws 422
 * `idempotency_key_reused`.
 */
export function replayFor(stored: IdempotencyKey, claim: IdempotencyClaim): IdempotencyKey {
  if (stored.requestHash !== claim.requestHash) throw idempotencyKeyReused();
  return stored;
}
