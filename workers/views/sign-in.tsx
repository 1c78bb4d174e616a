import { ROLE_LABELS, type RoleGrant } from "../domain/roles";
import { formatWitaHuman } from "../domain/time";
import { villageLabel } from "../domain/villages";
import type { ScopeName } from "../services/scope-names";
import type { CurrentSession } from "../services/sessions";
import { Layout } from "./layout";
import { CsrfField, FieldError, type NavLink, OfficialLayout } from "./official-layout";

/** The sign-in form: one address field. */
export function SignInPage({
  email,
  error,
  next,
  signedOut,
}: {
  email?: string;
  error?: string;
  next?: string;
  signedOut?: boolean;
}) {
  return (
    <Layout title="Masuk">
      <h1>Masuk untuk pejabat</h1>
      {signedOut ? <p class="notice">Anda sudah keluar.</p> : null}
      <p>Masukkan alamat e-mail dinas Anda. Kami akan mengirim tautan masuk yang berlaku 15 menit.</p>
      <form method="post" action="/masuk">
        {next ? <input type="hidden" name="lanjut" value={next} /> : null}
        <label for="email">Alamat e-mail</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          required
          value={email ?? ""}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "email-error" : undefined}
        />
        <FieldError id="email" message={error} />
        <button type="submit" class="button">
          Kirim tautan masuk
        </button>
      </form>
    </Layout>
  );
}

/** Shown after every request for a link, whether or not the address is registered. */
export function SignInSentPage() {
  return (
    <Layout title="Periksa e-mail Anda">
      <h1>Periksa e-mail Anda</h1>
      <p>
        Jika alamat itu terdaftar sebagai pejabat, tautan masuk sudah kami kirim. Tautan berlaku 15 menit dan hanya
        dapat dipakai satu kali.
      </p>
      <p>
        Tidak menerima e-mail? Periksa folder spam, atau <a href="/masuk">minta tautan baru</a>.
      </p>
    </Layout>
  );
}

/**
 * The page a sign-in link opens: only a button. Mail scanners that open the link change
 * nothing; the token is used when the person presses "Masuk".
 */
export function SignInLinkPage({ token, usable, next }: { token: string; usable: boolean; next?: string }) {
  if (!usable) {
    return (
      <Layout title="Tautan tidak berlaku">
        <h1>Tautan masuk tidak berlaku</h1>
        <p>Tautan ini sudah dipakai, sudah kedaluwarsa, atau tidak lengkap.</p>
        <p>
          <a href="/masuk" class="button">
            Minta tautan baru
          </a>
        </p>
      </Layout>
    );
  }
  return (
    <Layout title="Masuk">
      <h1>Masuk ke Simpul</h1>
      <p>Tekan tombol di bawah untuk masuk. Tautan ini hanya dapat dipakai satu kali.</p>
      <form method="post" action={`/masuk/tautan/${token}`}>
        {next ? <input type="hidden" name="lanjut" value={next} /> : null}
        <button type="submit" class="button">
          Masuk
        </button>
      </form>
    </Layout>
  );
}

/**
 * Describes one grant for people, as its holder is addressed: "Administrator", "Kepala Kampung
 * Long La'ai", "Lurah Gunung Panjang", "Kepala Dinas Kesehatan". Without the scope's name (not
 * loaded, or no longer in the reference data) it falls back to the role and the scope's code.
 */
export function grantLabel(grant: RoleGrant, scopeNames?: Record<string, ScopeName>): string {
  const label = ROLE_LABELS[grant.role];
  if (grant.scope.type === "regency") return label;
  const scope = scopeNames?.[grant.scope.id];
  if (scope?.kind === "village") {
    return scope.level === "kelurahan" ? `Lurah ${scope.name}` : `Kepala ${villageLabel(scope)}`;
  }
  if (scope?.kind === "agency") {
    return grant.role === "agency_head" ? `Kepala ${scope.name}` : `Petugas penghubung ${scope.name}`;
  }
  return `${label} · ${grant.scope.id}`;
}

/** The official's own page: who they are, their roles, and signing out here or everywhere. */
export function AccountPage({
  session,
  grants,
  scopeNames,
  expiresAt,
  nav,
}: {
  session: CurrentSession;
  grants: readonly RoleGrant[];
  scopeNames?: Record<string, ScopeName>;
  expiresAt: Date;
  nav: (NavLink & { description?: string })[];
}) {
  return (
    <OfficialLayout title="Akun" session={session} nav={nav}>
      <h1>Akun Anda</h1>
      <dl>
        <dt>Nama</dt>
        <dd>{session.official.name}</dd>
        <dt>E-mail</dt>
        <dd>{session.official.email}</dd>
        <dt>Sesi berakhir paling lambat</dt>
        <dd>{formatWitaHuman(expiresAt)}</dd>
      </dl>
      <h2>Pekerjaan Anda</h2>
      {nav.length ? (
        <ul>
          {nav.map((link) => (
            <li>
              <a href={link.href}>{link.label}</a>
              {link.description ? ` — ${link.description}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>Belum ada halaman kerja untuk peran Anda. Tugas yang ditujukan kepada Anda dikirim lewat e-mail.</p>
      )}
      <h2>Peran</h2>
      {grants.length ? (
        <ul>
          {grants.map((g) => (
            <li>{grantLabel(g, scopeNames)}</li>
          ))}
        </ul>
      ) : (
        <p>Anda belum memegang peran apa pun. Hubungi administrator.</p>
      )}
      <h2>Keluar</h2>
      <form method="post" action="/keluar/semua">
        <CsrfField session={session} />
        <p>Keluar dari semua perangkat, misalnya bila ponsel atau laptop Anda hilang.</p>
        <button type="submit" class="button secondary">
          Keluar dari semua perangkat
        </button>
      </form>
    </OfficialLayout>
  );
}
