import { and, eq, lte, ne, or } from "drizzle-orm";
import { officials, roleGrants, sessions } from "../../schema";
import type { Db } from "../db";
import type { OfficialActor } from "../domain/actor";
import type { RoleGrant } from "../domain/roles";
import { hashToken, hmacSign, hmacVerify, randomToken } from "../tokens";
import { auditEntry } from "./audit";

/**
 * Session lifetimes. Officials work through a day in the office with breaks; two idle hours end a
 * session left open on a shared desk computer, and twelve hours at most mean a lost laptop's
 * session is gone by the next morning. Signing in again costs one e-mailed link.
 */
export const SESSION_IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often, so browsing a page is not a D1 write per request. */
export const SESSION_TOUCH_INTERVAL_MS = 5 * 60 * 1000;

/** The hidden form field that carries the session's CSRF token. */
export const CSRF_FIELD = "_csrf";

/** The signed-in official as routes and views see them. */
export interface CurrentSession {
  id: string;
  official: { id: string; name: string; email: string };
  /** For the hidden `_csrf` field of every form that changes state. */
  csrfToken: string;
  /** The absolute end of the session. */
  expiresAt: Date;
  /** Years whose holiday decree is missing, warned about on every official page (set for pages only). */
  missingDecreeYears?: number[];
}

export interface ValidSession {
  /** The stored id (hash of the cookie token). */
  id: string;
  official: { id: string; name: string; email: string };
  actor: OfficialActor;
  expiresAt: Date;
  idleExpiresAt: Date;
}

export interface SessionDeps {
  db: Db;
  now: () => Date;
  requestId: string;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * Starts a session for an official, ending the session the browser had before (the id rotates
 * at sign-in) and any of theirs that already expired. Returns the token for the cookie; only
 * its hash is stored.
 *
 * @example
 * const { token, expiresAt } = await createSession(deps, officialId, previousToken);
 */
export async function createSession(
  deps: SessionDeps,
  officialId: string,
  previousToken?: string,
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const { db } = deps;
  const now = deps.now().getTime();
  const token = randomToken();
  const id = hashToken(token);
  const expiresAt = now + SESSION_ABSOLUTE_LIFETIME_MS;
  const statements = [
    db.insert(sessions).values({
      id,
      officialId,
      createdAt: iso(now),
      lastSeenAt: iso(now),
      expiresAt: iso(expiresAt),
      idleExpiresAt: iso(Math.min(now + SESSION_IDLE_TIMEOUT_MS, expiresAt)),
    }),
    db
      .delete(sessions)
      .where(
        and(
          eq(sessions.officialId, officialId),
          ne(sessions.id, id),
          or(lte(sessions.expiresAt, iso(now)), lte(sessions.idleExpiresAt, iso(now))),
        ),
      ),
    auditEntry(db, {
      actor: { type: "official", id: officialId },
      action: "session.sign_in",
      subject: { type: "official", id: officialId },
      requestId: deps.requestId,
      at: new Date(now),
    }),
  ] as const;
  if (previousToken) {
    await db.batch([...statements, db.delete(sessions).where(eq(sessions.id, hashToken(previousToken)))]);
  } else {
    await db.batch(statements);
  }
  return { token, id, expiresAt: new Date(expiresAt) };
}

/**
 * The session a cookie token names, with its official and role grants, in one round trip; or
 * undefined when it is unknown, expired (idle or absolute), or its official is deactivated.
 * Pushes the idle expiry forward at most every `SESSION_TOUCH_INTERVAL_MS`.
 */
export async function validateSession(deps: SessionDeps, token: string): Promise<ValidSession | undefined> {
  const { db } = deps;
  const id = hashToken(token);
  const [found, grants] = await db.batch([
    db
      // Flat, distinct column names: D1 batch results are keyed by column name, so a joined
      // `select({ session, official })` would let officials.id overwrite sessions.id.
      .select({
        lastSeenAt: sessions.lastSeenAt,
        expiresAt: sessions.expiresAt,
        idleExpiresAt: sessions.idleExpiresAt,
        officialId: officials.id,
        name: officials.name,
        email: officials.email,
        active: officials.active,
      })
      .from(sessions)
      .innerJoin(officials, eq(officials.id, sessions.officialId))
      .where(eq(sessions.id, id)),
    db
      .select({ role: roleGrants.role, scopeType: roleGrants.scopeType, scopeId: roleGrants.scopeId })
      .from(roleGrants)
      .innerJoin(sessions, eq(sessions.officialId, roleGrants.officialId))
      .where(eq(sessions.id, id)),
  ]);
  const row = found[0];
  if (!row) return undefined;
  const now = deps.now().getTime();
  const expiresAt = Date.parse(row.expiresAt);
  let idleExpiresAt = Date.parse(row.idleExpiresAt);
  if (now >= expiresAt || now >= idleExpiresAt || !row.active) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return undefined;
  }
  if (now - Date.parse(row.lastSeenAt) >= SESSION_TOUCH_INTERVAL_MS) {
    idleExpiresAt = Math.min(now + SESSION_IDLE_TIMEOUT_MS, expiresAt);
    await db
      .update(sessions)
      .set({ lastSeenAt: iso(now), idleExpiresAt: iso(idleExpiresAt) })
      .where(eq(sessions.id, id));
  }
  const roleList: RoleGrant[] = grants.map((g) => ({ role: g.role, scope: { type: g.scopeType, id: g.scopeId } }));
  return {
    id,
    official: { id: row.officialId, name: row.name, email: row.email },
    actor: { type: "official", id: row.officialId, grants: roleList },
    expiresAt: new Date(expiresAt),
    idleExpiresAt: new Date(idleExpiresAt),
  };
}

/** Ends one session (sign out) and records it. */
export async function revokeSession(deps: SessionDeps, session: { id: string; officialId: string }): Promise<void> {
  await deps.db.batch([
    deps.db.delete(sessions).where(eq(sessions.id, session.id)),
    auditEntry(deps.db, {
      actor: { type: "official", id: session.officialId },
      action: "session.sign_out",
      subject: { type: "official", id: session.officialId },
      requestId: deps.requestId,
      at: deps.now(),
    }),
  ]);
}

/** Ends every session of an official ("sign out everywhere") and records it. */
export async function revokeAllSessions(deps: SessionDeps, officialId: string): Promise<void> {
  await deps.db.batch([
    deps.db.delete(sessions).where(eq(sessions.officialId, officialId)),
    auditEntry(deps.db, {
      actor: { type: "official", id: officialId },
      action: "session.sign_out_everywhere",
      subject: { type: "official", id: officialId },
      requestId: deps.requestId,
      at: deps.now(),
    }),
  ]);
}

/**
 * The CSRF token for forms of one session: an HMAC of the session id, so it needs no storage,
 * dies with the session, and cannot be computed by another site.
 */
export function csrfTokenFor(signingKey: string, sessionId: string): Promise<string> {
  return hmacSign(signingKey, `csrf|${sessionId}`);
}

/** Checks a form's CSRF token against the session it was posted with. */
export function verifyCsrfToken(signingKey: string, sessionId: string, token: string): Promise<boolean> {
  return hmacVerify(signingKey, `csrf|${sessionId}`, token);
}
