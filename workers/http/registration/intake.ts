import type { Context, MiddlewareHandler } from "hono";
import type { Actor } from "../../domain/actor";
import { AppError } from "../../errors";
import type { IntakeDeps } from "../../services/registration/intake";
import type { AppEnv } from "../context";
import { serviceDeps } from "../deps";
import { clientIp } from "../rate-limit";

/** Who submits through the public form and API: an applicant without an account. */
export const APPLICANT: Actor = { type: "public", id: "applicant" };

/** The intake service's dependencies for one request: its database and clock, the flow, the mail queue, R2. */
export function intakeDeps(c: Context<AppEnv>): IntakeDeps {
  return {
    ...serviceDeps(c),
    flow: c.env.REGISTRATION_FLOW,
    mailQueue: c.env.MAIL_QUEUE,
    files: c.env.FILES,
    logger: c.var.logger,
  };
}

/**
 * Flood resistance for the public submission endpoints: a per-client-IP budget on the public
 * forms' own Rate Limiting binding (10 a minute, see `PUBLIC_FORM_LIMITER` in wrangler.toml), so
 * submissions and sign-ins never spend each other's budget. 429 in the envelope.
 */
export const limitPublicSubmissions: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { success } = await c.env.PUBLIC_FORM_LIMITER.limit({ key: `registration:ip:${clientIp(c)}` });
  if (!success) {
    throw new AppError(
      429,
      "rate_limited",
      "Terlalu banyak pengiriman dari jaringan Anda dalam satu menit. Silakan tunggu sebentar lalu coba lagi.",
    );
  }
  await next();
};
