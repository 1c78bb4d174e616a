import { ESCALATION_STEP_LABELS, type EscalationStep } from "../../domain/aspiration/ladder";
import type { Attention } from "../../services/aspiration/attention";
import type { AspirationCase, QueueItem, QueuePage } from "../../services/aspiration/queues";
import type { CurrentSession } from "../../services/sessions";
import { type NavLink, OfficialLayout } from "../official-layout";
import { VerifierAttention } from "./attention";
import { CaseActions, type CaseMay, type FormState } from "./case-forms";
import { CaseSearch, type SearchState } from "./search";
import { SimilarCases } from "./similar";

export type { CaseForm } from "./case-forms";

const STAGE_LABELS: Record<string, string> = {
  verification: "Verifikasi Diskominfo",
  needs_info: "Keterangan tambahan pelapor",
  agency: "Tindak lanjut OPD",
  feedback: "Tanggapan pelapor",
};

const EXTENSION_LABELS = {
  requested: "Diminta, menunggu keputusan kepala OPD",
  granted: "Disetujui",
  refused: "Tidak disetujui",
} as const;

function QueueTable({ page, empty, next }: { page: QueuePage; empty: string; next: string | undefined }) {
  if (page.items.length === 0) return <p>{empty}</p>;
  return (
    <>
      <table>
        <thead>
          <tr>
            <th scope="col">Tenggat</th>
            <th scope="col">Laporan</th>
            <th scope="col">Kategori</th>
            <th scope="col">OPD</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((item: QueueItem) => (
            <tr class={item.overdue ? "overdue" : undefined}>
              <td data-label="Tenggat">
                {item.overdue ? <span class="badge">Terlambat</span> : null}{" "}
                {item.escalationLevel > 0 ? (
                  <span class="badge">{ESCALATION_STEP_LABELS[item.escalationLevel as EscalationStep]}</span>
                ) : null}{" "}
                {item.dueAtLabel ?? "-"}
              </td>
              <td data-label="Laporan">
                <a href={`/aspirasi/kelola/${item.code}`}>{item.title}</a>
                <br />
                <span class="hint">
                  {item.kindLabel} · {item.statusLabel}
                </span>
              </td>
              <td data-label="Kategori">{item.category}</td>
              <td data-label="OPD">{item.agency ?? "-"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next ? (
        <p>
          <a href={next}>Halaman berikutnya</a>
        </p>
      ) : null}
    </>
  );
}

/** The aspiration work queues an official may see: verification, and the agency's cases. */
export function AspirationQueuesPage(p: {
  session: CurrentSession;
  nav: NavLink[];
  verification: QueuePage | undefined;
  agency: QueuePage | undefined;
  nextVerification: string | undefined;
  nextAgency: string | undefined;
  attention?: Attention | undefined;
  search?: SearchState | undefined;
  /** Cases past the last escalation level that this official can see. */
  critical?: number | undefined;
}) {
  return (
    <OfficialLayout title="Aspirasi" session={p.session} nav={p.nav}>
      <h1>Aspirasi</h1>
      {p.critical ? (
        <p class="notice error" role="status">
          <strong>{p.critical} laporan kritis</strong>: sudah melewati semua tingkat eskalasi dan belum dijawab. Laporan
          ini dikirim setiap pagi kepada pimpinan sampai dijawab.
        </p>
      ) : null}
      {p.search ? <CaseSearch search={p.search} /> : null}
      {p.attention ? <VerifierAttention attention={p.attention} /> : null}
      {p.verification ? (
        <section>
          <h2>Menunggu verifikasi</h2>
          <QueueTable
            page={p.verification}
            next={p.nextVerification}
            empty="Tidak ada aspirasi yang menunggu verifikasi."
          />
        </section>
      ) : null}
      {p.agency ? (
        <section>
          <h2>Ditangani OPD</h2>
          <QueueTable page={p.agency} next={p.nextAgency} empty="Tidak ada aspirasi yang sedang ditangani." />
        </section>
      ) : null}
    </OfficialLayout>
  );
}

/**
 * One case for an official: the report, the reporter only when this official may see them, the
 * timeline with internal notes, the deadlines, and the decisions this official may take now.
 */
export function AspirationCasePage(p: {
  session: CurrentSession;
  nav: NavLink[];
  item: AspirationCase;
  agencies: { id: string; name: string }[];
  may: CaseMay;
  flash?: string | undefined;
  notice?: string | undefined;
  state?: FormState;
}) {
  const c = p.item;
  const state: FormState = p.state ?? { form: undefined, values: {}, errors: undefined };
  const agencyName = (id: string | null) => p.agencies.find((a) => a.id === id)?.name ?? "-";
  return (
    <OfficialLayout title={c.title} session={p.session} nav={p.nav}>
      {p.flash ? (
        <p class="notice success" role="status">
          Keputusan sudah dicatat.
        </p>
      ) : null}
      {p.notice ? (
        <p class="notice" role="alert">
          {p.notice}
        </p>
      ) : null}
      <h1>{c.title}</h1>
      <dl class="facts">
        <dt>Kode</dt>
        <dd>{c.code}</dd>
        <dt>Jenis</dt>
        <dd>{c.kindLabel}</dd>
        <dt>Kategori</dt>
        <dd>{c.category}</dd>
        <dt>Lokasi</dt>
        <dd>{c.village ?? "-"}</dd>
        <dt>Status</dt>
        <dd>{c.statusLabel}</dd>
        <dt>OPD</dt>
        <dd>{c.agency ?? "-"}</dd>
        <dt>Tenggat tahap ini</dt>
        <dd>
          {c.dueAtLabel ?? "-"}
          {c.deadlineClass === "investigation" ? " (pemeriksaan lapangan)" : ""}
        </dd>
        {c.extension ? (
          <>
            <dt>Perpanjangan waktu</dt>
            <dd>{EXTENSION_LABELS[c.extension]}</dd>
          </>
        ) : null}
        {c.reopenCount > 0 ? (
          <>
            <dt>Dibuka kembali</dt>
            <dd>{c.reopenCount} kali</dd>
          </>
        ) : null}
        <dt>Pelapor</dt>
        <dd>
          {c.reporter.name || c.reporter.email || c.reporter.phone
            ? [c.reporter.name, c.reporter.email, c.reporter.phone].filter(Boolean).join(" · ")
            : "Tidak ditampilkan (identitas pelapor dilindungi)"}
        </dd>
      </dl>
      <h2>Uraian</h2>
      <p class="prose">{c.description}</p>
      {c.publicAnswer ? (
        <>
          <h2>Jawaban</h2>
          <p class="prose">{c.publicAnswer}</p>
        </>
      ) : null}
      <h2>Tenggat</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Tahap</th>
            <th scope="col">OPD</th>
            <th scope="col">Tenggat</th>
            <th scope="col">Dipenuhi</th>
            <th scope="col">Eskalasi</th>
          </tr>
        </thead>
        <tbody>
          {c.deadlines.map((d) => (
            <tr class={d.breached ? "overdue" : undefined}>
              <td data-label="Tahap">{STAGE_LABELS[d.stage] ?? d.stage}</td>
              <td data-label="OPD">{d.agencyId ? agencyName(d.agencyId) : "Diskominfo"}</td>
              <td data-label="Tenggat">{d.dueAtLabel}</td>
              <td data-label="Dipenuhi">{d.metAtLabel ?? (d.breached ? "Terlambat" : "Belum")}</td>
              <td data-label="Eskalasi">
                {d.escalationLevel > 0 ? ESCALATION_STEP_LABELS[d.escalationLevel as EscalationStep] : "-"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Riwayat</h2>
      <ol class="timeline">
        {c.timeline.map((e) => (
          <li>
            <span>{e.atLabel}</span> · <strong>{e.label}</strong>
            {e.publicNote ? <p class="prose">{e.publicNote}</p> : null}
            {e.internalNote ? <p class="prose hint">Catatan internal: {e.internalNote}</p> : null}
          </li>
        ))}
      </ol>
      <SimilarCases
        code={c.code}
        similar={c.similar}
        canReject={p.may.verify && c.status === "received"}
        session={p.session}
      />
      <CaseActions c={c} session={p.session} may={p.may} agencies={p.agencies} state={state} />
    </OfficialLayout>
  );
}
