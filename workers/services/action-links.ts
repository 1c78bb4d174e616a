import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { eq } from "drizzle-orm";
import { usedActionNonces } from "../../schema";
import type { AppConfig } from "../config";
import type { Db } from "../db";
import { AppError } from "../errors";
import { hmacSign, hmacVerify, randomToken } from "../tokens";

/**
 * Signed action links for people without an account (applicants, reporters, village heads who
 * have not signed in). A link is an HMAC-SHA256 signature over (action, record id, expiry,
 * nonce) with `SIGNING_KEY`: it does one action on one record, expires, and works once (its
 * nonce is recorded on use). Its GET shows a confirmation page and only a POST acts, so mail
 * scanners that follow links change nothing.
 */

/** An action link's verified content. */
export interface ActionLink {
  action: string;
  recordId: string;
  expiresAt: Date;
  nonce: string;
  /** The token as it appears in the URL, for forms that post back to it. */
  token: string;
}

export type ActionLinkFailure = "malformed" | "bad_signature" | "expired" | "used";

const VERSION = "v1";
const ACTION_PATTERN = /^[a-z][a-z0-9_.]{0,63}$/;
const enc = (s: string) => encodeBase64urlNoPadding(new TextEncoder().encode(s));
const dec = (s: string) =>
  new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(decodeBase64urlIgnorePadding(s));
/** The signed text: a purpose prefix, then the URL-safe fields, so no field can spill into another. */
const signedText = (fields: string) => `action-link|${fields}`;

/** The path every action link points at; `workers/http/action-links.tsx` serves it. */
export const actionLinkPath = (token: string) => `/aksi/${token}`;

/**
 * Makes a signed link for one action on one record. Returns the absolute URL and the path
 * (mail templates take paths).
 *
 * @example
 * const { url, path } = await createActionLink(config, {
 *   action: "registration.endorse", recordId: "REG-8F2K", expiresAt: deadline.due,
 * });
 */
export async function createActionLink(
  config: Pick<AppConfig, "signingKey" | "publicBaseUrl">,
  input: { action: string; recordId: string; expiresAt: Date },
): Promise<{ url: string; path: string; token: string }> {
  if (!ACTION_PATTERN.test(input.action)) throw new RangeError(`action name not allowed: ${input.action}`);
  if (input.recordId.length === 0 || input.recordId.length > 200) throw new RangeError("recordId must be 1–200 chars");
  const fields = [
    VERSION,
    enc(input.action),
    enc(input.recordId),
    String(Math.floor(input.expiresAt.getTime() / 1000)),
    randomToken(16),
  ].join(".");
  const token = `${fields}.${await hmacSign(config.signingKey, signedText(fields))}`;
  const path = actionLinkPath(token);
  return { url: `${config.publicBaseUrl}${path}`, path, token };
}

/**
 * Checks a link's signature and expiry, and whether it was used already; never uses it. Pass
 * `action` to refuse a valid link made for another action.
 *
 * @example
 * const result = await verifyActionLink({ db, config, now }, token, "registration.endorse");
 * if (!result.ok) return showRefusal(result.reason);
 */
export async function verifyActionLink(
  deps: { db: Db; config: Pick<AppConfig, "signingKey">; now: () => Date },
  token: string,
  action?: string,
): Promise<{ ok: true; link: ActionLink } | { ok: false; reason: ActionLinkFailure }> {
  const parts = token.split(".");
  if (parts.length !== 6 || parts[0] !== VERSION) return { ok: false, reason: "malformed" };
  const [, actionPart, recordPart, expPart, nonce, signature] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!(await hmacVerify(deps.config.signingKey, signedText(parts.slice(0, 5).join(".")), signature))) {
    return { ok: false, reason: "bad_signature" };
  }
  let link: ActionLink;
  try {
    link = {
      action: dec(actionPart),
      recordId: dec(recordPart),
      expiresAt: new Date(Number(expPart) * 1000),
      nonce,
      token,
    };
  } catch {
    // Signed by us but undecodable cannot happen unless the format changed: treat as malformed.
    return { ok: false, reason: "malformed" };
  }
  if (action !== undefined && link.action !== action) return { ok: false, reason: "bad_signature" };
  if (!(deps.now().getTime() < link.expiresAt.getTime())) return { ok: false, reason: "expired" };
  const used = await deps.db
    .select({ nonce: usedActionNonces.nonce })
    .from(usedActionNonces)
    .where(eq(usedActionNonces.nonce, nonce))
    .get();
  if (used) return { ok: false, reason: "used" };
  return { ok: true, link };
}

/**
 * The statement that records a link's nonce, to put in the same `db.batch()` as the change the
 * link performs: a second use makes the batch fail on the nonce's primary key, so the change
 * and the nonce land together or not at all.
 */
export function actionLinkNonceInsert(db: Db, link: ActionLink, now: Date) {
  return db.insert(usedActionNonces).values({
    nonce: link.nonce,
    action: link.action,
    recordId: link.recordId,
    usedAt: now.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
  });
}

/** The nonce statement of one link, as `actionLinkNonceInsert` returns it: one item of a `db.batch()`. */
export type ActionLinkNonceStatement = ReturnType<typeof actionLinkNonceInsert>;

/**
 * True when a batch failed because it recorded a nonce that was already recorded: a concurrent
 * request used the same link first. Callers answer `actionLinkRefusal("used")`.
 */
export function isActionLinkReuse(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (/UNIQUE constraint failed/i.test(e.message) && e.message.includes("used_action_nonces")) return true;
  }
  return false;
}

/**
 * Records a link's nonce unless it is recorded already, without failing either way. For a link
 * whose action wrote nothing (it found nothing left to do), so the link still works only once.
 */
export async function markActionLinkUsed(deps: { db: Db; now: () => Date }, link: ActionLink): Promise<void> {
  await actionLinkNonceInsert(deps.db, link, deps.now()).onConflictDoNothing({ target: usedActionNonces.nonce });
}

/**
 * Uses a verified link once: records its nonce, or throws 410 `link_used` when a concurrent
 * request recorded it first. For effects outside D1 (a Workflow event) call this before acting;
 * for a change in D1, put `actionLinkNonceInsert` in the change's own batch instead, so a
 * refused change leaves the link usable.
 */
export async function consumeActionLink(deps: { db: Db; now: () => Date }, link: ActionLink): Promise<void> {
  const inserted = await actionLinkNonceInsert(deps.db, link, deps.now())
    .onConflictDoNothing({ target: usedActionNonces.nonce })
    .returning({ nonce: usedActionNonces.nonce });
  if (inserted.length === 0) throw actionLinkRefusal("used");
}

/** The error a refused link answers with: 404 for a forged or broken link, 410 for an expired or used one. */
export function actionLinkRefusal(reason: ActionLinkFailure): AppError {
  switch (reason) {
    case "malformed":
    case "bad_signature":
      return new AppError(404, "not_found", "Tautan ini tidak dikenal. Periksa kembali tautan dari email Anda.");
    case "expired":
      return new AppError(410, "link_expired", "Tautan ini sudah kedaluwarsa.");
    case "used":
      return new AppError(410, "link_used", "Tautan ini sudah pernah dipakai.");
  }
}
