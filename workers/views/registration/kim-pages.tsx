import type { StoredMember } from "../../domain/registration/member-list";
import type { ErrorDetail } from "../../errors";
import type { DistrictView } from "../../services/areas";
import type { Certificate, KimVerification } from "../../services/registration/kim-public";
import { groupErrors } from "../form-fields";
import { Layout } from "../layout";
import { QrCode } from "../qr-code";
import type { MemberRowValues, RevisionFormValues } from "./form-values";
import { DecreeScanField, KimFields } from "./kim-fields";
import { MemberRows, ProblemList } from "./member-editor";

/** The printable certificate of an active KIM: who, where, since when, and its officers' names and roles only. */
export function CertificatePage({
  certificate: c,
  regencyName,
  officeName,
  verificationUrl,
}: {
  certificate: Certificate;
  regencyName: string;
  officeName: string;
  /** Where anyone checks this certificate against the register; also drawn as a QR code. */
  verificationUrl: string;
}) {
  return (
    <Layout title={`Sertifikat ${c.registrationNumber}`}>
      <article class="certificate">
        <p>{officeName}</p>
        <h1>Sertifikat Pendaftaran Kelompok Informasi Masyarakat</h1>
        <p class="lead">
          <strong>{c.kimName}</strong>
        </p>
        <p>
          {c.villageName}, Kecamatan {c.districtName}, {regencyName}
        </p>
        <p>
          Nomor registrasi: <strong>{c.registrationNumber}</strong>
        </p>
        <p>
          Tanggal persetujuan: <strong>{c.approvedAt}</strong>
        </p>
        <h2>Pengurus</h2>
        <table>
          <tbody>
            {c.officers.map((o) => (
              <tr>
                <th scope="row">{o.role}</th>
                <td>{o.fullName}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>Jumlah anggota: {c.memberCount} orang</p>
        <div class="verify">
          <QrCode text={verificationUrl} label="Kode QR menuju halaman verifikasi sertifikat ini" />
          <p>
            Periksa keaslian dan status sertifikat ini dengan memindai kode QR atau membuka:
            <br />
            <a href={verificationUrl} class="tracking-url">
              {verificationUrl}
            </a>
          </p>
        </div>
      </article>
      <div class="no-print hint">
        <h2>Menyimpan atau mencetak sertifikat</h2>
        <ul>
          <li>
            Di ponsel Android (Chrome): ketuk menu ⋮, pilih <strong>Bagikan</strong> lalu <strong>Cetak</strong>, dan
            pilih printer <strong>Simpan sebagai PDF</strong>.
          </li>
          <li>
            Di iPhone (Safari): ketuk tombol <strong>Bagikan</strong>, pilih <strong>Cetak</strong>, lalu ketuk
            <strong> Bagikan</strong> lagi dan <strong>Simpan ke File</strong>.
          </li>
          <li>
            Di komputer: buka menu cetak peramban (Ctrl+P, atau ⌘P di Mac) dan pilih <strong>Simpan sebagai PDF</strong>
            .
          </li>
        </ul>
      </div>
    </Layout>
  );
}

/**
 * The public check of a certificate against the register: the KIM and whether it is still
 * active, or that no KIM has this number. Names no person.
 */
export function VerificationPage({
  number,
  kim,
  officeName,
  checkedAt,
}: {
  number: string;
  kim: KimVerification | undefined;
  officeName: string;
  checkedAt: string;
}) {
  return (
    <Layout title={`Verifikasi ${number}`}>
      <h1>Verifikasi sertifikat KIM</h1>
      {!kim ? (
        <p class="notice error" role="status">
          Nomor registrasi <strong>{number}</strong> tidak tercatat di {officeName}. Sertifikat dengan nomor ini tidak
          sah.
        </p>
      ) : kim.active ? (
        <p class="notice success" role="status">
          Sertifikat ini sah: <strong>{kim.kimName}</strong> tercatat di {officeName} dan saat ini{" "}
          <strong>masih aktif</strong>.
        </p>
      ) : (
        <p class="notice error" role="status">
          Nomor ini pernah tercatat untuk <strong>{kim.kimName}</strong>, tetapi KIM ini{" "}
          <strong>sudah tidak aktif</strong>.
        </p>
      )}
      {kim ? (
        <dl class="facts">
          <dt>Nomor registrasi</dt>
          <dd>{kim.registrationNumber}</dd>
          <dt>Nama KIM</dt>
          <dd>{kim.kimName}</dd>
          <dt>Wilayah</dt>
          <dd>
            {kim.villageName}, Kecamatan {kim.districtName}
          </dd>
          <dt>Tanggal persetujuan</dt>
          <dd>{kim.approvedAt}</dd>
          <dt>Status</dt>
          <dd>{kim.active ? "Aktif" : "Tidak aktif"}</dd>
        </dl>
      ) : null}
      <p class="hint">Diperiksa pada {checkedAt} dari data pendaftaran KIM yang tersimpan.</p>
    </Layout>
  );
}

/** A page that asks for a signed link to be mailed: what it is for and one button. */
export function LinkRequestPage(p: { title: string; paragraphs: string[]; action: string; button: string }) {
  return (
    <Layout title={p.title}>
      <h1>{p.title}</h1>
      {p.paragraphs.map((text) => (
        <p>{text}</p>
      ))}
      <form method="post" action={p.action}>
        <button type="submit" class="button">
          {p.button}
        </button>
      </form>
    </Layout>
  );
}

/** A short page after something was done or sent. */
export function MessagePage(p: { title: string; paragraphs: string[]; link?: { href: string; label: string } }) {
  return (
    <Layout title={p.title}>
      <h1>{p.title}</h1>
      {p.paragraphs.map((text) => (
        <p>{text}</p>
      ))}
      {p.link ? (
        <p>
          <a href={p.link.href}>{p.link.label}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The member editor of an active KIM, opened by its signed link. */
export function MemberEditorPage(p: {
  action: string;
  kimName: string;
  registrationNumber: string;
  rows: readonly MemberRowValues[];
  stored: readonly StoredMember[];
  details?: readonly ErrorDetail[] | undefined;
}) {
  const errors = groupErrors(p.details);
  return (
    <Layout title={`Ubah anggota ${p.kimName}`}>
      <h1>Ubah daftar anggota {p.kimName}</h1>
      <p>
        Nomor registrasi {p.registrationNumber}. Ubah data anggota, hapus yang keluar, atau tambahkan anggota baru di
        baris kosong. Aturan keanggotaan KIM diperiksa lagi saat menyimpan, dan setiap perubahan dicatat.
      </p>
      <ProblemList details={p.details ?? []} />
      <form method="post" action={p.action}>
        <MemberRows rows={p.rows} stored={p.stored} errors={errors} />
        <button type="submit" class="button">
          Simpan daftar anggota
        </button>
      </form>
    </Layout>
  );
}

/**
 * The pre-filled revision form, opened by the applicant's signed link. With `newScan` (the
 * verifier asked to revise the decree) it is sent as multipart and offers a new decree scan;
 * `scanDropped` says a file chosen before the form was refused must be chosen again.
 */
export function RevisionFormPage(p: {
  action: string;
  kimName: string;
  dueAt: string | null;
  revision: { fields: { label: string; reason: string }[]; summary: string | null };
  newScan: boolean;
  scanDropped?: boolean | undefined;
  districts: readonly DistrictView[];
  values: RevisionFormValues;
  rows: readonly MemberRowValues[];
  stored: readonly StoredMember[];
  details?: readonly ErrorDetail[] | undefined;
}) {
  const errors = groupErrors(p.details);
  const v = p.values;
  return (
    <Layout title={`Perbaikan pendaftaran ${p.kimName}`}>
      <h1>Perbaikan pendaftaran {p.kimName}</h1>
      <div class="notice">
        <p>Verifikator meminta perbaikan berikut{p.dueAt ? `, paling lambat ${p.dueAt}` : ""}:</p>
        {p.revision.summary ? <p>{p.revision.summary}</p> : null}
        <ul>
          {p.revision.fields.map((f) => (
            <li>
              <strong>{f.label}</strong>: {f.reason}
            </li>
          ))}
        </ul>
      </div>
      <p>Kolom bertanda * wajib diisi.</p>
      <ProblemList details={p.details ?? []} />
      <form method="post" action={p.action} enctype={p.newScan ? "multipart/form-data" : undefined}>
        <KimFields
          values={v}
          errors={errors}
          districts={p.districts}
          villageHint="Bila kampung/kelurahan diganti, kepala kampung/lurah yang baru perlu mengesahkan lagi."
          decreeScan={
            p.newScan ? (
              <DecreeScanField
                label="Pindaian SK baru (kosongkan bila pindaian yang sudah dikirim tetap dipakai)"
                errors={errors}
                dropped={p.scanDropped}
              />
            ) : (
              <p class="hint">Pindaian SK yang sudah dikirim tetap dipakai.</p>
            )
          }
        />
        <h2>Anggota</h2>
        <MemberRows rows={p.rows} stored={p.stored} errors={errors} />
        <button type="submit" class="button">
          Kirim perbaikan
        </button>
      </form>
    </Layout>
  );
}
