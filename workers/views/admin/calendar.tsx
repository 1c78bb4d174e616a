import type { Holiday } from "../../../schema/calendar";
import { HOLIDAY_KINDS, missingDecreeMessage } from "../../domain/calendar";
import { formatDateHuman, formatWitaHuman } from "../../domain/time";
import type { ErrorDetail } from "../../errors";
import type { CalendarOverview } from "../../services/holidays";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField } from "../official-layout";
import { AdminPage } from "./layout";

const KIND_LABELS: Record<(typeof HOLIDAY_KINDS)[number], string> = {
  libur_nasional: "Libur nasional",
  cuti_bersama: "Cuti bersama",
};

function KindSelect({ selected }: { selected?: string }) {
  return (
    <select name="kind" aria-label="Jenis">
      {HOLIDAY_KINDS.map((k) => (
        <option value={k} selected={k === selected}>
          {KIND_LABELS[k]}
        </option>
      ))}
    </select>
  );
}

/** Which years are loaded (with the warnings), a form to add one date, and the CSV import. */
export function CalendarPage({
  session,
  overview,
  flash,
  errors,
}: {
  session: CurrentSession;
  overview: CalendarOverview;
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
}) {
  const shown = new Set((session.missingDecreeYears ?? []).map(missingDecreeMessage));
  return (
    <AdminPage title="Kalender hari libur" session={session} flash={flash} errors={errors}>
      {/* The layout already warns about the years in the session; say each warning once. */}
      {overview.warnings
        .filter((w) => !shown.has(w))
        .map((w) => (
          <p class="notice" role="alert">
            {w}
          </p>
        ))}
      <table>
        <thead>
          <tr>
            <th>Tahun</th>
            <th>Tanggal libur</th>
            <th>Keputusan dimuat</th>
          </tr>
        </thead>
        <tbody>
          {overview.years.map((y) => (
            <tr>
              <td data-label="Tahun">
                <a href={`/admin/kalender/${y.year}`}>{y.year}</a>
              </td>
              <td data-label="Tanggal libur">{y.holidays}</td>
              <td data-label="Keputusan dimuat">
                {y.loaded
                  ? `ya (${y.source ?? "-"}${y.loadedAt ? `, ${formatWitaHuman(new Date(y.loadedAt))}` : ""})`
                  : "belum"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Tambah satu tanggal</h2>
      <form method="post" action="/admin/kalender">
        <CsrfField session={session} />
        <label for="date">Tanggal</label>
        <input id="date" name="date" type="date" required />
        <label for="kind">Jenis</label>
        <KindSelect />
        <label for="name">Nama</label>
        <input id="name" name="name" required />
        <label for="basis">Dasar hukum (nomor SKB/Keppres)</label>
        <input id="basis" name="basis" required />
        <button type="submit" class="button">
          Tambah
        </button>
      </form>
      <h2>Impor satu tahun dari CSV</h2>
      <p>
        Kolom: <code>date,kind,name,basis</code>. Semua tanggal pada tahun yang ada di berkas diganti isi berkas, dan
        tahun itu ditandai sudah dimuat. Bila satu baris salah, tidak ada yang diimpor.
      </p>
      <form method="post" action="/admin/kalender/impor" enctype="multipart/form-data">
        <CsrfField session={session} />
        <label for="file">Berkas CSV</label>
        <input id="file" name="file" type="file" accept=".csv,text/csv" />
        <label for="csv">atau tempel isinya</label>
        <textarea id="csv" name="csv" rows={6} />
        <button type="submit" class="button">
          Impor
        </button>
      </form>
    </AdminPage>
  );
}

/** One year's dates, each editable and removable. */
export function CalendarYearPage({
  session,
  year,
  holidays,
  flash,
  errors,
}: {
  session: CurrentSession;
  year: number;
  holidays: Holiday[];
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
}) {
  return (
    <AdminPage title={`Hari libur ${year}`} session={session} flash={flash} errors={errors}>
      <p>
        <a href="/admin/kalender">Kembali ke kalender</a>
      </p>
      {holidays.length === 0 ? <p>Belum ada tanggal untuk tahun ini.</p> : null}
      {holidays.map((h) => (
        <div class="row-form">
          <form method="post" action={`/admin/kalender/tanggal/${h.date}`} class="row-form">
            <CsrfField session={session} />
            <strong>
              <time datetime={h.date}>{formatDateHuman(h.date)}</time>
            </strong>
            <KindSelect selected={h.kind} />
            <input name="name" value={h.name} aria-label="Nama" required />
            <input name="basis" value={h.basis} aria-label="Dasar hukum" required />
            <button type="submit" class="button">
              Simpan
            </button>
          </form>
          <form method="post" action={`/admin/kalender/tanggal/${h.date}/hapus`} class="inline">
            <CsrfField session={session} />
            <button type="submit" class="link-button">
              Hapus
            </button>
          </form>
        </div>
      ))}
    </AdminPage>
  );
}
