import { type Context, Hono } from "hono";
import { describeRoute, resolver } from "hono-openapi";
import * as z from "zod";
import { AppError } from "../errors";
import { normalizeEmail } from "../services/officials";
import { scopeNames } from "../services/scope-names";
import { createSession, revokeAllSessions, revokeSession, validateSession } from "../services/sessions";
import { consumeSignInToken, isSignInTokenUsable, requestSignInLink } from "../services/sign-in";
import { AccountPage, SignInLinkPage, SignInPage, SignInSentPage } from "../views/sign-in";
import { afterResponse } from "./after-response";
import {
  clearSessionCookie,
  csrfProtection,
  currentActor,
  currentSession,
  requireOfficial,
  sameOriginForms,
  sessionToken,
  setSessionCookie,
} from "./auth";
import type { AppEnv } from "./context";
import { mailingDeps, serviceDeps } from "./deps";
import { landingPath, officialNav } from "./official-nav";
import { errorResponses } from "./openapi";
import { limitSignInAttempt, limitSignInRequest } from "./rate-limit";
import { validate } from "./validation";

const emailSchema = z.email({ error: "Tulis alamat e-mail yang benar, misalnya nama@beraukab.go.id." }).max(254);
const signInRequestSchema = z.object({ email: emailSchema });
const sessionRequestSchema = z.object({
  token: z.string({ error: "Token wajib diisi." }).min(10, "Token tidak lengkap.").max(200),
});

/** Only paths inside Simpul, never "//host" or "/\host": a sign-in must not redirect elsewhere. */
export function safeNextPath(value: unknown): string | undefined {
  if (typeof value !== "string" || !/^\/(?![/\\])[^\s]*$/.test(value) || value.length > 500) return undefined;
  return value;
}

const linkRefused = () =>
  new AppError(
    401,
    "unauthorized",
    "Tautan masuk tidak berlaku: sudah dipakai, kedaluwarsa, atau tidak lengkap. Silakan minta tautan baru.",
  );

/**
 * Counts the request against the limits, then looks the address up, stores the token and writes
 * the outbox row after the response: known and unknown addresses get the same answer in the
 * same time. The outbox row, once written, is the commitment that the mail goes out.
 */
async function sendLink(c: Context<AppEnv>, email: string, next?: string): Promise<void> {
  const normalized = normalizeEmail(email);
  await limitSignInRequest(c, normalized);
  const deps = mailingDeps(c);
  await afterResponse(c, "sign_in_link_failed", () => requestSignInLink(deps, normalized, next));
}

/**
 * Uses a sign-in token and starts a session, ending the browser's previous one (the id rotates).
 * A refused token is counted in a log line, never in the audit log (anyone may post one).
 */
async function signIn(c: Context<AppEnv>, token: string) {
  const deps = serviceDeps(c);
  const official = await consumeSignInToken(deps, token);
  if (!official) {
    c.var.logger.log("warn", "sign_in_refused", { path: c.req.routePath });
    return undefined;
  }
  const session = await createSession(deps, official.id, sessionToken(c));
  setSessionCookie(c, session.token);
  const started = await validateSession(deps, session.token);
  return { official, expiresAt: session.expiresAt, actor: started?.actor };
}

const meSchema = z.object({
  data: z.object({
    official: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    grants: z.array(
      z.object({
        role: z.string(),
        scope: z.object({ type: z.enum(["regency", "village", "agency"]), id: z.string() }),
      }),
    ),
    expiresAt: z.string(),
  }),
});

/** Sign-in pages (`/masuk`, `/keluar`, `/akun`). */
export const signInPages = new Hono<AppEnv>()
  .get("/masuk", (c) => {
    const next = safeNextPath(c.req.query("lanjut"));
    if (c.var.actor) return c.redirect(next ?? landingPath(c.var.actor), 303);
    return c.html(<SignInPage next={next} signedOut={c.req.query("keluar") === "1"} />);
  })
  .post("/masuk", sameOriginForms(), async (c) => {
    const form = await c.req.parseBody();
    const next = safeNextPath(form.lanjut);
    const parsed = signInRequestSchema.safeParse({ email: typeof form.email === "string" ? form.email.trim() : "" });
    if (!parsed.success) {
      const email = typeof form.email === "string" ? form.email : "";
      return c.html(<SignInPage email={email} next={next} error={parsed.error.issues[0]?.message} />, 422);
    }
    await sendLink(c, parsed.data.email, next);
    return c.html(<SignInSentPage />);
  })
  .get("/masuk/tautan/:token", async (c) => {
    await limitSignInAttempt(c);
    const token = c.req.param("token");
    const usable = await isSignInTokenUsable(serviceDeps(c), token);
    return c.html(
      <SignInLinkPage token={token} usable={usable} next={safeNextPath(c.req.query("lanjut"))} />,
      usable ? 200 : 410,
    );
  })
  .post("/masuk/tautan/:token", sameOriginForms(), async (c) => {
    await limitSignInAttempt(c);
    const form = await c.req.parseBody();
    const signedIn = await signIn(c, c.req.param("token"));
    if (!signedIn) return c.html(<SignInLinkPage token="" usable={false} />, 410);
    return c.redirect(safeNextPath(form.lanjut) ?? landingPath(signedIn.actor), 303);
  })
  .post("/keluar", csrfProtection(), requireOfficial, async (c) => {
    const session = currentSession(c);
    await revokeSession(serviceDeps(c), { id: session.id, officialId: session.official.id });
    clearSessionCookie(c);
    return c.redirect("/masuk?keluar=1", 303);
  })
  .post("/keluar/semua", csrfProtection(), requireOfficial, async (c) => {
    await revokeAllSessions(serviceDeps(c), currentSession(c).official.id);
    clearSessionCookie(c);
    return c.redirect("/masuk?keluar=1", 303);
  })
  .get("/akun", requireOfficial, async (c) => {
    const actor = currentActor(c);
    const session = currentSession(c);
    return c.html(
      <AccountPage
        session={session}
        grants={actor.grants ?? []}
        scopeNames={await scopeNames(c.var.db, actor.grants ?? [])}
        expiresAt={session.expiresAt}
        nav={officialNav(actor)}
      />,
    );
  });

/** The JSON side of signing in: request a link, exchange its token for a session, see and end sessions. */
export const authApi = new Hono<AppEnv>()
  // Same rule as the admin API: JSON, or from this site.
  .use(sameOriginForms())
  .post(
    "/sign-in-links",
    describeRoute({
      tags: ["Auth"],
      summary: "Mail a one-time sign-in link",
      description:
        "Answers 202 the same way whether or not the address belongs to an official. Rate-limited per address " +
        "and per client IP (429).",
      responses: {
        202: {
          description: "Accepted",
          content: { "application/json": { schema: resolver(z.object({ data: z.object({ message: z.string() }) })) } },
        },
        ...errorResponses(422, 429),
      },
    }),
    validate("json", signInRequestSchema),
    async (c) => {
      await sendLink(c, c.req.valid("json").email);
      return c.json(
        { data: { message: "Jika alamat itu terdaftar sebagai pejabat, tautan masuk sudah dikirim." } },
        202,
      );
    },
  )
  .post(
    "/sessions",
    describeRoute({
      tags: ["Auth"],
      summary: "Use a sign-in token and start a session",
      description:
        "Sets the `__Host-simpul_session` cookie. A used, expired or unknown token answers 401. Rate-limited " +
        "per client IP (429).",
      responses: {
        201: { description: "Signed in", content: { "application/json": { schema: resolver(meSchema) } } },
        ...errorResponses(401, 422, 429),
      },
    }),
    validate("json", sessionRequestSchema),
    async (c) => {
      await limitSignInAttempt(c);
      const signedIn = await signIn(c, c.req.valid("json").token);
      if (!signedIn) throw linkRefused();
      return c.json(
        {
          data: {
            official: signedIn.official,
            expiresAt: signedIn.expiresAt.toISOString(),
          },
        },
        201,
      );
    },
  )
  .get(
    "/session",
    describeRoute({
      tags: ["Auth"],
      summary: "The signed-in official and their roles",
      responses: {
        200: { description: "Signed in", content: { "application/json": { schema: resolver(meSchema) } } },
        ...errorResponses(401),
      },
    }),
    requireOfficial,
    (c) => {
      const session = currentSession(c);
      return c.json({
        data: {
          official: session.official,
          grants: currentActor(c).grants ?? [],
          expiresAt: session.expiresAt.toISOString(),
        },
      });
    },
  )
  .delete(
    "/session",
    describeRoute({ tags: ["Auth"], summary: "Sign out", responses: { 204: { description: "Signed out" } } }),
    requireOfficial,
    async (c) => {
      const session = currentSession(c);
      await revokeSession(serviceDeps(c), { id: session.id, officialId: session.official.id });
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  )
  .delete(
    "/sessions",
    describeRoute({
      tags: ["Auth"],
      summary: "Sign out everywhere",
      responses: { 204: { description: "Every session of this official ended" } },
    }),
    requireOfficial,
    async (c) => {
      await revokeAllSessions(serviceDeps(c), currentSession(c).official.id);
      clearSessionCookie(c);
      return c.body(null, 204);
    },
  );
