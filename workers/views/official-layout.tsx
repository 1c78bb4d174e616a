import type { Child } from "hono/jsx";
import { missingDecreeMessage } from "../domain/calendar";
import type { CurrentSession } from "../services/sessions";
import { CSRF_FIELD } from "../services/sessions";
import { Layout } from "./layout";

/** The hidden field every state-changing form of a signed-in official carries. */
export function CsrfField({ session }: { session: CurrentSession }) {
  return <input type="hidden" name={CSRF_FIELD} value={session.csrfToken} />;
}

export interface NavLink {
  href: string;
  label: string;
}

/**
 * The shell of every page for signed-in officials: who is signed in, their sections, sign out, and
 * a warning while a holiday decree that deadlines depend on is missing.
 */
export function OfficialLayout({
  title,
  session,
  nav,
  children,
}: {
  title: string;
  session: CurrentSession;
  nav?: NavLink[];
  children: Child;
}) {
  return (
    <Layout title={title} wide>
      <nav class="official-nav" aria-label="Menu pejabat">
        <span>
          Masuk sebagai <strong>{session.official.name}</strong>
        </span>
        <a href="/akun">Akun</a>
        {(nav ?? []).map((link) => (
          <a href={link.href}>{link.label}</a>
        ))}
        <form method="post" action="/keluar" class="inline">
          <CsrfField session={session} />
          <button type="submit" class="link-button">
            Keluar
          </button>
        </form>
      </nav>
      {(session.missingDecreeYears ?? []).map((year) => (
        <p class="notice" role="alert">
          {missingDecreeMessage(year)}
        </p>
      ))}
      {children}
    </Layout>
  );
}

/** A field's error message under its input, tied to it for screen readers. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;
}
