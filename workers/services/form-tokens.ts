import { hmacSign, hmacVerify, randomToken } from "../tokens";

/**
 * One-time tokens for public forms: a random value and the moment it was issued, signed with
 * `config.signingKey`, rendered into the form as a hidden field. The random part is the form's
 * idempotency key (scope `form:<name>`), so pressing "send" twice, or going back and sending
 * again, creates one record. The signature makes sure the key was issued by Simpul for that form.
 *
 * A token works for `FORM_TOKEN_MAX_AGE_MS` after it was issued. The daily housekeeping deletes
 * stored responses after a longer retention window (`IDEMPOTENCY_RETENTION_MS` in
 * `workers/domain/retention.ts`), so a token whose response is gone is refused for its age
 * before it could be replayed into a second record.
 */

/**
 * Two days: long enough to fill in a form with thirty members over an evening and send it the
 * next morning, and well inside the seven days the stored responses are kept.
 */
export const FORM_TOKEN_MAX_AGE_MS = 2 * 24 * 60 * 60 * 1000;

const signedText = (form: string, value: string, issuedAt: string) => `form-token|${form}|${value}|${issuedAt}`;
/** The random value, the issue time in whole seconds since the epoch, the signature. */
const TOKEN = /^([a-z2-7]{32})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/**
 * A fresh token for `form`, issued at `now`.
 *
 * @example
 * await issueFormToken(config.signingKey, "daftar-kim", now) // "k3v7….1773363600.Xy9_…"
 */
export async function issueFormToken(signingKey: string, form: string, now: Date): Promise<string> {
  const value = randomToken();
  const issuedAt = String(Math.floor(now.getTime() / 1000));
  return `${value}.${issuedAt}.${await hmacSign(signingKey, signedText(form, value, issuedAt))}`;
}

/**
 * The idempotency key inside a token issued for `form`, or undefined when the token is missing,
 * malformed, signed for something else, or older than `FORM_TOKEN_MAX_AGE_MS` at `now`.
 *
 * @example
 * await formTokenKey(config.signingKey, "daftar-kim", body._token, now) // "k3v7…" or undefined
 */
export async function formTokenKey(
  signingKey: string,
  form: string,
  token: unknown,
  now: Date,
): Promise<string | undefined> {
  if (typeof token !== "string") return undefined;
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  const age = now.getTime() - Number(match[2]) * 1000;
  // A token from the future is as suspect as an old one; a minute covers clocks of different machines.
  if (age > FORM_TOKEN_MAX_AGE_MS || age < -60_000) return undefined;
  return (await hmacVerify(signingKey, signedText(form, match[1], match[2]), match[3])) ? match[1] : undefined;
}
