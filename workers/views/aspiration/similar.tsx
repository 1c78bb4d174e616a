import type { SimilarCase } from "../../services/aspiration/similar";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField } from "../official-layout";

/** The reason a one-click duplicate rejection gives the reporter: public, so it names only the original's code. */
const duplicateReason = (original: string) =>
  `Laporan yang sama sudah tercatat dengan kode ${original}. Perkembangannya dapat diikuti pada laporan tersebut.`;

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
            <a href={`/aspirasi/kelola/${s.code}`}>{s.title}</a>
            <br />
            <span class="hint">
              {s.code} · {s.statusLabel} · masuk {s.receivedLabel}
            </span>
            {p.canReject ? (
              <form method="post" action={`/aspirasi/kelola/${p.code}/tolak`}>
                <CsrfField session={p.session} />
                <input type="hidden" name="duplicateOf" value={s.code} />
                <input type="hidden" name="reason" value={duplicateReason(s.code)} />
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
