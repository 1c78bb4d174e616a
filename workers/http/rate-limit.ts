import type { Context } from "hono";
import { AppError } from "../errors";
import { hashToken } from "../tokens";
import type { AppEnv } from "./context";

const tooMany = () =>
  new AppError(429, "rate_limited", "Terlalu banyak permintaan tautan masuk. Silakan coba lagi dalam satu menit.");

/** The client's address as Cloudflare reports it; every request without one shares a single budget. */
export const clientIp = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? "unknown";

/**
 * Counts one sign-in link request against the per-client and the per-address budgets (Workers
 * Rate Limiting bindings, see wrangler.toml) and throws 429 in the envelope when either is spent.
 * The address is keyed by its hash: limiter keys are not a place for personal data.
 */
export async function limitSignInRequest(c: Context<AppEnv>, normalizedEmail: string): Promise<void> {
  const byClient = await c.env.SIGN_IN_CLIENT_LIMITER.limit({ key: `ip:${clientIp(c)}` });
  if (!byClient.success) throw tooMany();
  const byAddress = await c.env.SIGN_IN_ADDRESS_LIMITER.limit({ key: `email:${hashToken(normalizedEmail)}` });
  if (!byAddress.success) throw tooMany();
}

const tooManyAttempts = () =>
  new AppError(429, "rate_limited", "Terlalu banyak percobaan masuk. Silakan coba lagi dalam satu menit.");

/**
 * Counts one use of a sign-in token (the link's page or its button, or the API exchange) against
 * the per-client budget of `SIGN_IN_ATTEMPT_LIMITER` and throws 429 in the envelope when it is
 * spent, before any database work: made-up tokens cost a flood its budget, not our storage.
 */
export async function limitSignInAttempt(c: Context<AppEnv>): Promise<void> {
  const byClient = await c.env.SIGN_IN_ATTEMPT_LIMITER.limit({ key: `ip:${clientIp(c)}` });
  if (!byClient.success) throw tooManyAttempts();
}
