import * as z from "zod";

/** Values that mark a local default secret; a production deployment refuses to run with one. */
const LOCAL_SECRET_PREFIX = "local-";

const configSchema = z.object({
  ENVIRONMENT: z.enum(["development", "test", "production"]),
  PUBLIC_BASE_URL: z.url(),
  REGENCY_NAME: z.string().min(1),
  REGENCY_CODE: z.string().regex(/^\d{2}\.\d{2}$/),
  OFFICE_NAME: z.string().min(1),
  HASH_KEY: z.string().min(16),
  SIGNING_KEY: z.string().min(16),
  MAIL_TRANSPORT: z.enum(["cloudflare", "http"]).default("cloudflare"),
  MAIL_FROM: z.email(),
  // An empty value in .dev.vars means "not set".
  MAIL_API_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  MAIL_API_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(8).optional()),
  // Cloudflare Turnstile for the public aspiration form: both set, or neither (checks skipped).
  TURNSTILE_SITE_KEY: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(8).optional()),
  TURNSTILE_SECRET: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(8).optional()),
});

export type AppConfig = {
  environment: "development" | "test" | "production";
  publicBaseUrl: string;
  regencyName: string;
  regencyCode: string;
  officeName: string;
  hashKey: string;
  signingKey: string;
  mail: MailConfig;
  /** Turnstile keys when the bot check is on; undefined locally and until an office sets them. */
  turnstile?: { siteKey: string; secret: string };
};

/** How mail leaves: the Email Service binding `EMAIL` (default) or a Resend-compatible HTTP API. */
export type MailConfig =
  | { transport: "cloudflare"; from: string }
  | { transport: "http"; from: string; apiUrl: string; apiKey: string };

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads and checks the Worker's configuration from its bindings. Throws `ConfigError` naming the
 * variable when one is missing or malformed, or when production still uses a local secret.
 */
export function loadConfig(env: Env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
    throw new ConfigError(`invalid configuration: ${names}`);
  }
  const c = parsed.data;
  if (c.ENVIRONMENT === "production") {
    for (const name of ["HASH_KEY", "SIGNING_KEY"] as const) {
      if (c[name].startsWith(LOCAL_SECRET_PREFIX)) {
        throw new ConfigError(`${name} is a local default; set it with \`wrangler secret put ${name}\``);
      }
    }
  }
  let mail: MailConfig = { transport: "cloudflare", from: c.MAIL_FROM };
  if (c.MAIL_TRANSPORT === "http") {
    if (!c.MAIL_API_URL || !c.MAIL_API_KEY) {
      throw new ConfigError("MAIL_TRANSPORT=http needs MAIL_API_URL and the secret MAIL_API_KEY");
    }
    if (c.ENVIRONMENT === "production" && c.MAIL_API_KEY.startsWith(LOCAL_SECRET_PREFIX)) {
      throw new ConfigError("MAIL_API_KEY is a local default; set it with `wrangler secret put MAIL_API_KEY`");
    }
    mail = { transport: "http", from: c.MAIL_FROM, apiUrl: c.MAIL_API_URL.replace(/\/+$/, ""), apiKey: c.MAIL_API_KEY };
  }
  if (Boolean(c.TURNSTILE_SITE_KEY) !== Boolean(c.TURNSTILE_SECRET)) {
    throw new ConfigError("TURNSTILE_SITE_KEY and the secret TURNSTILE_SECRET must be set together");
  }
  return {
    environment: c.ENVIRONMENT,
    publicBaseUrl: c.PUBLIC_BASE_URL.replace(/\/+$/, ""),
    regencyName: c.REGENCY_NAME,
    regencyCode: c.REGENCY_CODE,
    officeName: c.OFFICE_NAME,
    hashKey: c.HASH_KEY,
    signingKey: c.SIGNING_KEY,
    mail,
    ...(c.TURNSTILE_SITE_KEY && c.TURNSTILE_SECRET
      ? { turnstile: { siteKey: c.TURNSTILE_SITE_KEY, secret: c.TURNSTILE_SECRET } }
      : {}),
  };
}
