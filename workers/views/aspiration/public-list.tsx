import type { PublicAnswerPage } from "../../services/aspiration/public-list";
import { Layout } from "../layout";

/**
 * `/aspirasi/publik`: what citizens reported and what the regency answered. No reporter, no
 * tracking code: only the report, where it was, which agency answered and when.
 */
export function PublicAnswersPage({
  page,
  next,
  first,
}: {
  page: PublicAnswerPage;
  next: string | undefined;
  first: boolean;
}) {
  return (
    <Layout title="Aspirasi yang sudah dijawab">
      <h1>Aspirasi yang sudah dijawab</h1>
      <p>
        Laporan warga yang sudah dijawab perangkat daerah, yang terbaru lebih dulu. Identitas pelapor tidak pernah
        ditampilkan, dan laporan rahasia tidak dimuat di sini.
      </p>
      <p>
        <a href="/aspirasi" class="button">
          Sampaikan aspirasi
        </a>{" "}
        <a href="/lacak">Lacak laporan Anda</a>
      </p>
      {page.items.length === 0 ? (
        <p>{first ? "Belum ada aspirasi yang dijawab." : "Tidak ada lagi aspirasi yang dijawab."}</p>
      ) : (
        <ol class="public-answers">
          {page.items.map((item) => (
            <li>
              <article>
                <h2>{item.title}</h2>
                <p class="hint">
                  {item.kindLabel} · {item.category}
                  {item.village ? ` · ${item.village}` : ""}
                </p>
                <p class="prose">{item.description}</p>
                <h3>
                  Jawaban {item.agency ?? "perangkat daerah"},{" "}
                  <time datetime={item.answeredAt}>{item.answeredAtLabel}</time>
                </h3>
                <p class="prose">{item.answer}</p>
              </article>
            </li>
          ))}
        </ol>
      )}
      {next ? (
        <p>
          <a href={next}>Aspirasi sebelumnya</a>
        </p>
      ) : null}
    </Layout>
  );
}
