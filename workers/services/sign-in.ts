import { and, eq, gt, isNull } from "drizzle-orm";
import { officials, signInTokens } from "../../schema";
import { enqueueMail, type MailQueueMessage } from "../mail/outbox";
import { hashToken, randomToken } from "../tokens";
import type { ServiceDeps } from "./deps";
import { normalizeEmail } from "./officials";

/** A sign-in link works for 15 minutes (issue 4): long enough to reach a phone, short if a mailbox leaks. */
export const SIGN_IN_LINK_TTL_MS = 15 * 60 * 1000;

/**
 * The path of a sign-in link; its GET shows a "Masuk" button and only the POST uses the token.
 * `next` (a path inside Simpul, already checked by the caller) rides along as `lanjut`, so the
 * official lands where they were going when they were asked to sign in.
 */
export const signInLinkPath = (token: string, next?: string) =>
  `/masuk/tautan/${token}${next ? `?lanjut=${encodeURIComponent(next)}` : ""}`;

export interface SignInDeps extends ServiceDeps {
  queue: Queue<MailQueueMessage>;
}

/**
 * Issues a one-time sign-in link to an active official's address and mails it; does nothing
 * for an unknown or deactivated address. Callers answer the same either way, and run this after
 * the response (`waitUntil`), so neither the answer nor its timing tells whether an address is
 * registered. `next` is the checked path the link brings the official back to.
 *
 * @example
 * await requestSignInLink(deps, "sari@example.go.id", "/pendaftaran/REG-7K3M9QXT2B")
 */
export async function requestSignInLink(deps: SignInDeps, rawEmail: string, next?: string): Promise<void> {
  const email = normalizeEmail(rawEmail);
  const official = await deps.db
    .select()
    .from(officials)
    .where(and(eq(officials.email, email), eq(officials.active, true)))
    .get();
  if (!official) return;
  const { token, expiresAt } = await issueSignInToken(deps, official.id);
  await enqueueMail(
    { db: deps.db, queue: deps.queue, config: deps.config, now: deps.now() },
    {
      template: "sign_in_link",
      to: [official.email],
      params: { link: signInLinkPath(token, next), expiresAt: expiresAt.toISOString() },
      dedupeKey: `sign-in:${hashToken(token)}`,
    },
  );
}

/**
 * Stores a new one-time token for an official (only its hash) and returns the token. Used by
 * `requestSignInLink` and by the first-administrator script, which prints the link instead of mailing it.
 */
export async function issueSignInToken(
  deps: Pick<ServiceDeps, "db" | "now">,
  officialId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_TTL_MS);
  await deps.db.insert(signInTokens).values({
    tokenHash: hashToken(token),
    officialId,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return { token, expiresAt };
}

/** Whether a sign-in token is still usable, without using it (the GET page asks this). */
export async function isSignInTokenUsable(deps: Pick<ServiceDeps, "db" | "now">, token: string): Promise<boolean> {
  const row = await deps.db
    .select({ officialId: signInTokens.officialId })
    .from(signInTokens)
    .innerJoin(officials, eq(officials.id, signInTokens.officialId))
    .where(
      and(
        eq(signInTokens.tokenHash, hashToken(token)),
        isNull(signInTokens.usedAt),
        gt(signInTokens.expiresAt, deps.now().toISOString()),
        eq(officials.active, true),
      ),
    )
    .get();
  return row !== undefined;
}

/**
 * Uses a sign-in token: marks it used in the same statement that checks it is unused and
 * unexpired, so two simultaneous POSTs cannot both succeed. Returns the official, or
 * undefined for an unknown, used or expired token or a deactivated official. A failure writes
 * nothing: anyone may post made-up tokens, so the route counts them in a log line and its rate
 * limit stops a flood, rather than each one adding a row to the append-only audit log.
 */
export async function consumeSignInToken(
  deps: ServiceDeps,
  token: string,
): Promise<{ id: string; name: string; email: string } | undefined> {
  const now = deps.now().toISOString();
  const tokenHash = hashToken(token);
  const [used] = await deps.db
    .update(signInTokens)
    .set({ usedAt: now })
    .where(and(eq(signInTokens.tokenHash, tokenHash), isNull(signInTokens.usedAt), gt(signInTokens.expiresAt, now)))
    .returning({ officialId: signInTokens.officialId });
  const official = used
    ? await deps.db
        .select()
        .from(officials)
        .where(and(eq(officials.id, used.officialId), eq(officials.active, true)))
        .get()
    : undefined;
  if (!official) return undefined;
  return { id: official.id, name: official.name, email: official.email };
}
