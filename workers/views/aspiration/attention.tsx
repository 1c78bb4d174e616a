import type { Attention, AttentionItem } from "../../services/aspiration/attention";

function AttentionList({ items, what }: { items: AttentionItem[]; what: (item: AttentionItem) => string }) {
  return (
    <ul class="attention">
      {items.map((item) => (
        <li>
          <a href={`/aspirasi/kelola/${item.code}`}>{item.title}</a>
          <br />
          <span class="hint">
            {what(item)}
            {item.dueAtLabel ? ` · tenggat ${item.dueAtLabel}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** For verifiers: transfer requests to decide, and cases no one at their agency can act on yet. */
export function VerifierAttention({ attention }: { attention: Attention }) {
  if (attention.transfers.length === 0 && attention.unstaffed.length === 0) return null;
  return (
    <section>
      <h2>Perlu perhatian verifikator</h2>
      {attention.transfers.length > 0 ? (
        <>
          <h3>Permintaan pengalihan</h3>
          <AttentionList
            items={attention.transfers}
            what={(i) => `${i.agency ?? "OPD"} meminta dialihkan ke ${i.transferTo ?? "OPD lain"}`}
          />
        </>
      ) : null}
      {attention.unstaffed.length > 0 ? (
        <>
          <h3>OPD belum memiliki petugas</h3>
          <p class="hint">Undang petugas penghubung OPD ini agar laporannya ditangani.</p>
          <AttentionList items={attention.unstaffed} what={(i) => i.agency ?? "OPD"} />
        </>
      ) : null}
    </section>
  );
}
