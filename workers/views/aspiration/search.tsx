import type { SimilarCase } from "../../services/aspiration/similar";
import { FieldError } from "../official-layout";
import { CaseLine } from "./similar";

export interface SearchState {
  query: string;
  results?: SimilarCase[] | undefined;
  error?: string | undefined;
}

/** The verifiers' search box over every case's title and description, and what it found. */
export function CaseSearch({ search }: { search: SearchState }) {
  return (
    <section>
      <form method="get" action="/aspirasi/kelola" class="lookup">
        <label for="cari">Cari laporan (judul atau uraian)</label>
        <FieldError id="cari" message={search.error} />
        <input
          id="cari"
          name="cari"
          value={search.query}
          maxlength={100}
          placeholder="misalnya: lampu jalan Tanjung Redeb"
          aria-invalid={search.error ? "true" : undefined}
          aria-describedby={search.error ? "cari-error" : undefined}
        />
        <button type="submit" class="button">
          Cari
        </button>
      </form>
      {search.results ? (
        search.results.length === 0 ? (
          <p>Tidak ada laporan yang cocok dengan "{search.query}".</p>
        ) : (
          <>
            <h2>Hasil pencarian "{search.query}"</h2>
            <ul class="similar">
              {search.results.map((s) => (
                <li>
                  <CaseLine item={s} />
                </li>
              ))}
            </ul>
          </>
        )
      ) : null}
    </section>
  );
}
