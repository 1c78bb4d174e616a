import { hmacSign, hmacVerify, randomToken } from "../auth/tokens";

/**
 * One-time tokens for public forms: a random value signed with `config.signingKey`, rendered
 * into the form as a hidden field. The random part is the form's idempotency key (scope
 * `form:<name>`), so pressing "send" twice, or going back and sending again, creates one record.
 * The signature makes sure the key was issued by Simpul for that form.
 */

const signedText = (form: string, value: string) => `form-token|${form}|${value}`;
const TOKEN = /^([a-z2-7]{32})\.([A-Za-z0-9_-]{43})$/;

/**
 * A fresh token for `form`.
 *
 * @example
 * await issueFormToken(config.signingKey, "daftar-kim") // "k3v7….Xy9_…"
 */
export async function issueFormToken(signingKey: string, form: string): Promise<string> {
  const value = randomToken();
  return `${value}.${await hmacSign(signingKey, signedText(form, value))}`;
}

/**
 * The idempotency key inside a token issued for `form`, or undefined when the token is missing,
 * malformed or signed for something else.
 *
 * @example
 * await formTokenKey(config.signingKey, "daftar-kim", body._token) // "k3v7…" or undefined
 */
export async function formTokenKey(signingKey: string, form: string, token: unknown): Promise<string | undefined> {
  if (typeof token !== "string") return undefined;
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return undefined;
  return (await hmacVerify(signingKey, signedText(form, match[1]), match[2])) ? match[1] : undefined;
}
