/**
 * The first administrator: SQL that creates (or re-activates) an official with the `admin` role
 * and issues a one-time sign-in link for them. Pure string building like `seed-sql.ts`, so
 * `npm run seed` (locally), `npm run create-admin` (locally or `--remote`) and the tests in
 * workerd all run the same statements.
 */
import { hashToken, randomToken } from "../workers/tokens";
import { sqlLiteral } from "./seed-sql";

/** The address `npm run seed` gives the local administrator (a reserved example domain: no mail leaves). */
export const LOCAL_ADMIN_EMAIL = "admin@simpul.example";
/** A sign-in link works 15 minutes, as every sign-in link does. */
export const FIRST_ADMIN_LINK_MINUTES = 15;

export interface FirstAdminPlan {
  statements: string[];
  /** The sign-in link's path; only its hash is in the statements. */
  linkPath: string;
}

/**
 * Statements that make `email` an active administrator (creating the official when absent,
 * keeping the existing row and id otherwise) and store a fresh 15-minute sign-in token for them.
 *
 * @example
 * const plan = firstAdminPlan({ email: "kominfo@beraukab.go.id", name: "Admin Diskominfo", regencyCode: "64.03", now: new Date() });
 * // run plan.statements in one batch, then open `${PUBLIC_BASE_URL}${plan.linkPath}`
 */
export function firstAdminPlan(input: { email: string; name: string; regencyCode: string; now: Date }): FirstAdminPlan {
  const email = sqlLiteral(input.email.trim().toLowerCase());
  const now = sqlLiteral(input.now.toISOString());
  const expires = sqlLiteral(new Date(input.now.getTime() + FIRST_ADMIN_LINK_MINUTES * 60_000).toISOString());
  const token = randomToken();
  const ofOfficial = `FROM officials WHERE email = ${email}`;
  return {
    linkPath: `/masuk/tautan/${token}`,
    statements: [
      "INSERT INTO officials (id, name, email, active, created_at, updated_at) VALUES " +
        `(${sqlLiteral(crypto.randomUUID())}, ${sqlLiteral(input.name.trim())}, ${email}, 1, ${now}, ${now})\n` +
        "ON CONFLICT (email) DO UPDATE SET active = 1, updated_at = excluded.updated_at WHERE officials.active = 0",
      "INSERT INTO role_grants (id, official_id, role, scope_type, scope_id, created_at)\n" +
        `SELECT ${sqlLiteral(crypto.randomUUID())}, id, 'admin', 'regency', ${sqlLiteral(input.regencyCode)}, ${now} ${ofOfficial}\n` +
        "ON CONFLICT (official_id, role, scope_id) DO NOTHING",
      "INSERT INTO sign_in_tokens (token_hash, official_id, created_at, expires_at)\n" +
        `SELECT ${sqlLiteral(hashToken(token))}, id, ${now}, ${expires} ${ofOfficial}`,
      "INSERT INTO audit_log (at, actor_type, actor_id, action, subject_type, subject_id, request_id, detail)\n" +
        `SELECT ${now}, 'system', 'create-admin', 'official.first_admin', 'official', id, ${sqlLiteral(`script-${crypto.randomUUID()}`)}, NULL ${ofOfficial}`,
    ],
  };
}

/** `PUBLIC_BASE_URL` and `REGENCY_CODE` from the `[vars]` of wrangler.toml's text. */
export function wranglerVars(toml: string): { publicBaseUrl: string; regencyCode: string } {
  const read = (name: string) => new RegExp(`^${name}\\s*=\\s*"([^"]+)"`, "m").exec(toml)?.[1];
  return {
    publicBaseUrl: (read("PUBLIC_BASE_URL") ?? "http://localhost:8787").replace(/\/+$/, ""),
    regencyCode: read("REGENCY_CODE") ?? "64.03",
  };
}

/**
 * The seed step (local only): makes the first administrator when the local database has none,
 * and prints a fresh sign-in link for the earliest administrator on every run, because a link
 * works once and for 15 minutes. Its sign-in token and audit rows are the only rows a repeated
 * seed writes. `loadVars` reads wrangler.toml's `[vars]` (the base URL and the regency code).
 */
export function firstAdminStep(loadVars: () => Promise<{ publicBaseUrl: string; regencyCode: string }>) {
  return {
    name: "first administrator",
    async prepare(ctx: {
      options: { remote: boolean };
      now: string;
      query(sql: string): Promise<Record<string, unknown>[]>;
    }): Promise<{ ok: true; statements: string[]; summary: string }> {
      if (ctx.options.remote) {
        return {
          ok: true,
          statements: [],
          summary: "first administrator: skipped on --remote (use `npm run create-admin -- --remote --email …`)",
        };
      }
      const vars = await loadVars();
      const rows = await ctx.query(
        "SELECT o.email AS email, o.name AS name FROM officials o JOIN role_grants g ON g.official_id = o.id " +
          "WHERE g.role = 'admin' AND o.active = 1 ORDER BY o.created_at LIMIT 1",
      );
      const found = rows[0];
      const email = typeof found?.email === "string" ? found.email : LOCAL_ADMIN_EMAIL;
      const name = typeof found?.name === "string" ? found.name : "Administrator Lokal";
      const plan = firstAdminPlan({ email, name, regencyCode: vars.regencyCode, now: new Date(ctx.now) });
      return {
        ok: true,
        statements: plan.statements,
        summary:
          `first administrator: ${email}${found ? "" : " (created)"}\n` +
          `  sign in (one use, ${FIRST_ADMIN_LINK_MINUTES} minutes): ${vars.publicBaseUrl}${plan.linkPath}`,
      };
    },
  };
}
