import { isPending } from "../../domain/registration/status";
import type { RegistrationTracking } from "../../services/registration/tracking";
import { Layout } from "../layout";

/**
 * The public tracking page of a registration: status, current deadline and timeline. Shows no
 * personal data, so anyone with the link (the applicant, the village head) may see it.
 */
export function RegistrationTrackingPage({
  tracking,
  trackingUrl,
  justSubmitted,
}: {
  tracking: RegistrationTracking;
  trackingUrl: string;
  justSubmitted: boolean;
}) {
  const t = tracking;
  return (
    <Layout title={`Pendaftaran ${t.id}`}>
      {justSubmitted ? (
        <div class="notice success" role="status">
          <p>
            <strong>Pendaftaran terkirim.</strong> Bukti pendaftaran dikirim ke e-mail kontak. Simpan alamat halaman ini
            untuk memantau perkembangannya:
          </p>
          <p class="tracking-url">
            <a href={trackingUrl}>{trackingUrl}</a>
          </p>
        </div>
      ) : null}
      <h1>Pendaftaran {t.kimName}</h1>
      <dl class="facts">
        <dt>Nomor pendaftaran</dt>
        <dd>{t.id}</dd>
        <dt>Kampung/kelurahan</dt>
        <dd>{t.village.name}</dd>
        <dt>Status</dt>
        <dd>
          <strong>{t.statusLabel}</strong>
        </dd>
        {t.registrationNumber ? (
          <>
            <dt>Nomor registrasi KIM</dt>
            <dd>
              <a href={`/kim/${t.registrationNumber}/sertifikat`}>{t.registrationNumber}</a>
            </dd>
          </>
        ) : null}
        {t.dueAtLabel ? (
          <>
            <dt>Tenggat tahap ini</dt>
            <dd>
              {t.dueAtLabel}
              {t.workingDaysLate > 0 ? (
                <>
                  {" "}
                  <span class="late">· terlambat {t.workingDaysLate} hari kerja</span>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>
      {t.dueAtLabel && !t.calendarComplete ? (
        <p class="notice">
          Tenggat ini dihitung tanpa daftar hari libur tahun berikutnya yang belum ditetapkan, jadi dapat bergeser.
        </p>
      ) : null}
      {isPending(t.status) ? (
        <p>
          Ingin membatalkan pendaftaran ini? <a href={`/daftar-kim/${t.id}/batalkan`}>Minta tautan pembatalan</a>{" "}
          (dikirim ke e-mail kontak).
        </p>
      ) : null}
      <h2>Riwayat</h2>
      <ol class="timeline">
        {t.timeline.map((e) => (
          <li>
            <time datetime={e.at}>{e.atLabel}</time> · {e.label}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
