import type { AspirationTracking } from "../../services/aspiration/tracking";
import { Layout } from "../layout";
import { type ReporterFormState, ReporterForms } from "./reporter-forms";

/** The form that finds a case by its code, on `/lacak` and above an unknown code's message. */
export function TrackingLookupForm({ code }: { code?: string | undefined }) {
  return (
    <form method="get" action="/lacak" class="lookup">
      <label for="f-kode">Kode pelacakan</label>
      <input id="f-kode" name="kode" value={code ?? ""} placeholder="ASP-XXXX-XXXX" autocomplete="off" maxlength={40} />
      <button type="submit" class="button">
        Lacak
      </button>
    </form>
  );
}

export function TrackingLookupPage({ code, notFound }: { code?: string | undefined; notFound?: boolean }) {
  return (
    <Layout title="Lacak laporan">
      <h1>Lacak laporan</h1>
      {notFound ? (
        <div class="notice error" role="alert">
          <p>Laporan dengan kode itu tidak ditemukan. Periksa kembali kodenya, atau buka tautan dari e-mail Anda.</p>
        </div>
      ) : null}
      <p>Masukkan kode pelacakan yang Anda terima saat mengirim laporan.</p>
      <TrackingLookupForm code={code} />
    </Layout>
  );
}

/**
 * The public tracking page of a case: status, agency, deadline, timeline and the public answer.
 * Shows no identity of the reporter except a `publik` reporter's name.
 */
export function AspirationTrackingPage({
  tracking,
  trackingUrl,
  justSubmitted,
  trackingKey,
  recorded,
  notice,
  form,
}: {
  tracking: AspirationTracking;
  trackingUrl: string;
  justSubmitted: boolean;
  trackingKey?: string | undefined;
  /** The reporter's reply, rating or reopening was just recorded. */
  recorded?: boolean;
  notice?: string | undefined;
  form?: ReporterFormState;
}) {
  const t = tracking;
  return (
    <Layout title={`Laporan ${t.code}`}>
      {recorded ? (
        <p class="notice success" role="status">
          Terima kasih, tanggapan Anda sudah dicatat.
        </p>
      ) : null}
      {notice ? (
        <p class="notice" role="alert">
          {notice}
        </p>
      ) : null}
      {justSubmitted ? (
        <div class="notice success" role="status">
          <p>
            <strong>Laporan terkirim.</strong> Kode pelacakan Anda: <strong class="code">{t.code}</strong>. Catat kode
            ini atau simpan alamat halaman ini:
          </p>
          <p class="tracking-url">
            <a href={trackingUrl}>{trackingUrl}</a>
          </p>
        </div>
      ) : null}
      <h1>{t.title}</h1>
      <dl class="facts">
        <dt>Kode pelacakan</dt>
        <dd>{t.code}</dd>
        <dt>Jenis</dt>
        <dd>{t.kindLabel}</dd>
        <dt>Kategori</dt>
        <dd>{t.category}</dd>
        {t.village ? (
          <>
            <dt>Lokasi</dt>
            <dd>{t.village}</dd>
          </>
        ) : null}
        {t.reporterName ? (
          <>
            <dt>Pelapor</dt>
            <dd>{t.reporterName}</dd>
          </>
        ) : null}
        <dt>Status</dt>
        <dd>
          <strong>{t.statusLabel}</strong>
        </dd>
        {t.agency ? (
          <>
            <dt>Ditangani oleh</dt>
            <dd>{t.agency}</dd>
          </>
        ) : null}
        {t.dueAtLabel ? (
          <>
            <dt>Tenggat tahap ini</dt>
            <dd>{t.dueAtLabel}</dd>
          </>
        ) : null}
      </dl>
      <h2>Uraian</h2>
      <p class="prose">{t.description}</p>
      {t.publicAnswer ? (
        <>
          <h2>Jawaban</h2>
          <p class="prose">{t.publicAnswer}</p>
          {t.rating ? <p>Penilaian pelapor: {t.rating} dari 5.</p> : null}
        </>
      ) : null}
      <h2>Riwayat</h2>
      <ol class="timeline">
        {t.timeline.map((e) => (
          <li>
            <time datetime={e.at}>{e.atLabel}</time> · {e.label}
            {e.note ? <p>{e.note}</p> : null}
          </li>
        ))}
      </ol>
      <ReporterForms
        tracking={t}
        trackingKey={trackingKey}
        state={form ?? { form: undefined, values: {}, errors: [] }}
      />
    </Layout>
  );
}
