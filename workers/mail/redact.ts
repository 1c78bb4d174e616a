import { isTemplateName, templates } from "./templates";

/** What stays in the outbox in place of a sensitive param once its mail is sent. */
export const REDACTED = "[dihapus setelah terkirim]";

/**
 * The stored params of a sent message with the template's sensitive params blanked, or null when
 * the template has none (the row keeps its params as they are).
 *
 * @example
 * redactSentParams("sign_in_link", { link: "/masuk?token=x", expiresAt }) // { link: REDACTED, expiresAt }
 */
export function redactSentParams(name: string, params: Record<string, unknown>): Record<string, unknown> | null {
  if (!isTemplateName(name)) return null;
  const sensitive: readonly string[] = templates[name].sensitiveParams;
  if (sensitive.length === 0) return null;
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, sensitive.includes(k) ? REDACTED : v]));
}
