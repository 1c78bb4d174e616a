import type { SimilarCase } from "../../services/aspiration/similar";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField } from "../official-layout";

/**
 * The reason a one-click duplicate rejection gives the reporter. Public, so it names the original by
 * its title, never by its code: a tracking code is its own reporter's key to rate or reopen.
 */
const duplicateReason = (title: string) =>
  `Laporan yang sama sudah tercatat sebelumnya ("${title}") dan sedang ditangani. Terima kasih atas laporan Anda.`;

/** One case in a verifier's list: its title as the link, then code, status and when it came in. */
export function CaseLine({ item }: { item: SimilarCase }) {
  return (
    <>
      <a href={`/aspirasi/kelola/${item.code}`}>{item.title}</a>
      <br />
      <span class="hint">
        {item.code} · {item.statusLabel} · masuk {item.receivedLabel}
      </span>
    </>
  );
}

/**
 * For verifiers: cases that look like this one. While the case waits for verification, each has a
 * one-click "duplicate of this one" rejection.
 */
export function SimilarCases(p: { code: string; similar: SimilarCase[]; canReject: boolean; session: CurrentSession }) {
  if (p.similar.length === 0) return null;
  return (
    <section>
      <h2>Laporan yang mirip</h2>
      <ul class="similar">
        {p.similar.map((s) => (
          <li>
            <CaseLine item={s} />
            {p.canReject ? (
              <form method="post" action={`/aspirasi/kelola/${p.code}/tolak`}>
                <CsrfField session={p.session} />
                <input type="hidden" name="duplicateOf" value={s.code} />
                <input type="hidden" name="reason" value={duplicateReason(s.title)} />
                <button type="submit" class="link-button">
                  Tolak sebagai duplikat laporan ini
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
