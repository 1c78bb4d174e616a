import { z } from "zod";

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
});

export type AppConfig = {
  environment: "development" | "test" | "production";
  publicBaseUrl: string;
  regencyName: string;
  regencyCode: string;
  officeName: string;
  hashKey: string;
  signingKey: string;
};

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
  return {
    environment: c.ENVIRONMENT,
    publicBaseUrl: c.PUBLIC_BASE_URL.replace(/\/+$/, ""),
    regencyName: c.REGENCY_NAME,
    regencyCode: c.REGENCY_CODE,
    officeName: c.OFFICE_NAME,
    hashKey: c.HASH_KEY,
    signingKey: c.SIGNING_KEY,
  };
}
