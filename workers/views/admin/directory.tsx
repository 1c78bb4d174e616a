import type { Agency, Category, EscalationContact } from "../../../schema";
import { ESCALATION_LEVELS, type EscalationLevel } from "../../../schema/escalation";
import { maskEmail } from "../../domain/mask";
import type { ErrorDetail } from "../../errors";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField } from "../official-layout";
import { AdminPage } from "./layout";

const LEVEL_LABELS: Record<EscalationLevel, string> = {
  verifier_head: "Kepala Bidang IKP (atasan verifikator)",
  sekda: "Sekretariat Daerah",
  leadership: "Pimpinan (Bupati/Kepala Diskominfo)",
};

interface Common {
  session: CurrentSession;
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
}

function AgencyFields({ agency }: { agency?: Agency | undefined }) {
  return (
    <>
      <label for="name">Nama OPD</label>
      <input id="name" name="name" required value={agency?.name ?? ""} />
      <label for="shortName">Singkatan</label>
      <input id="shortName" name="shortName" required value={agency?.shortName ?? ""} />
      <label for="contactEmails">E-mail petugas penghubung (satu per baris)</label>
      <textarea id="contactEmails" name="contactEmails" rows={3} required>
        {(agency?.contactEmails ?? []).join("\n")}
      </textarea>
      <label for="headEmail">E-mail kepala OPD (menerima eskalasi)</label>
      <input id="headEmail" name="headEmail" type="email" required value={agency?.headEmail ?? ""} />
      <label class="checkbox">
        <input type="checkbox" name="active" value="1" checked={agency ? agency.active : true} /> Aktif
      </label>
    </>
  );
}

/** Agencies (OPD) with their addresses masked (whole on each agency's page), and a form to add one. */
export function AgenciesPage({ session, flash, errors, agencies }: Common & { agencies: Agency[] }) {
  return (
    <AdminPage title="OPD" session={session} flash={flash} errors={errors}>
      <table>
        <thead>
          <tr>
            <th>OPD</th>
            <th>Penghubung</th>
            <th>Kepala</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {agencies.map((a) => (
            <tr>
              <td data-label="OPD">
                <a href={`/admin/opd/${a.id}`}>{a.name}</a> ({a.shortName})
              </td>
              <td data-label="Penghubung">{a.contactEmails.map(maskEmail).join(", ")}</td>
              <td data-label="Kepala">{maskEmail(a.headEmail)}</td>
              <td data-label="Status">{a.active ? "Aktif" : "Nonaktif"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Tambah OPD</h2>
      <form method="post" action="/admin/opd">
        <CsrfField session={session} />
        <label for="id">Id (huruf kecil dan tanda hubung, contoh dinas-pupr)</label>
        <input id="id" name="id" required />
        <AgencyFields />
        <button type="submit" class="button">
          Tambah
        </button>
      </form>
    </AdminPage>
  );
}

/** One agency's edit form. */
export function AgencyPage({ session, flash, errors, agency }: Common & { agency: Agency }) {
  return (
    <AdminPage title={agency.name} session={session} flash={flash} errors={errors}>
      <form method="post" action={`/admin/opd/${agency.id}`}>
        <CsrfField session={session} />
        <AgencyFields agency={agency} />
        <button type="submit" class="button">
          Simpan
        </button>
      </form>
    </AdminPage>
  );
}

/**
 * The width of a category's name input in characters: the whole name shows (a row input is
 * otherwise the browser's 20 characters wide); the stylesheet caps it at the screen's width.
 */
const nameInputSize = (name: string) => Math.min(Math.max(name.length + 2, 20), 80);

function AgencySelect({ agencies, selected }: { agencies: Agency[]; selected?: string }) {
  return (
    <select name="agencyId" aria-label="OPD tujuan">
      {agencies.map((a) => (
        <option value={a.id} selected={a.id === selected}>
          {a.shortName}
        </option>
      ))}
    </select>
  );
}

/** The routing table: each category and the agency its aspirations go to, each row its own form. */
export function CategoriesPage({
  session,
  flash,
  errors,
  categories,
  agencies,
}: Common & { categories: Category[]; agencies: Agency[] }) {
  return (
    <AdminPage title="Kategori & rute" session={session} flash={flash} errors={errors}>
      <table>
        <thead>
          <tr>
            <th>Kategori</th>
            <th>Diteruskan ke</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {categories.map((c) => (
            <tr>
              <td colspan={3}>
                <form method="post" action={`/admin/kategori/${c.id}`} class="row-form">
                  <CsrfField session={session} />
                  <input
                    name="name"
                    value={c.name}
                    aria-label="Nama kategori"
                    required
                    size={nameInputSize(c.name)}
                    class="grow"
                  />
                  <input type="hidden" name="description" value={c.description} />
                  <AgencySelect agencies={agencies} selected={c.agencyId} />
                  <input
                    name="responseDays"
                    value={c.responseDays ?? ""}
                    inputmode="numeric"
                    size={4}
                    aria-label="Tenggat OPD (hari kerja), kosong: menurut jenis laporan"
                    placeholder="hari"
                  />
                  <label class="checkbox">
                    <input type="checkbox" name="active" value="1" checked={c.active} /> Aktif
                  </label>
                  <button type="submit" class="button">
                    Simpan
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Tambah kategori</h2>
      <form method="post" action="/admin/kategori">
        <CsrfField session={session} />
        <label for="id">Id (contoh jalan-jembatan)</label>
        <input id="id" name="id" required />
        <label for="name">Nama</label>
        <input id="name" name="name" required />
        <label for="description">Keterangan</label>
        <input id="description" name="description" />
        <label for="agencyId">Diteruskan ke</label>
        <AgencySelect agencies={agencies} />
        <label for="responseDays">Tenggat OPD (hari kerja; kosongkan untuk memakai pengaturan per jenis laporan)</label>
        <input id="responseDays" name="responseDays" inputmode="numeric" size={4} />
        <input type="hidden" name="active" value="1" />
        <button type="submit" class="button">
          Tambah
        </button>
      </form>
    </AdminPage>
  );
}

/** Escalation contacts beyond the agency heads. */
export function EscalationPage({ session, flash, errors, contacts }: Common & { contacts: EscalationContact[] }) {
  return (
    <AdminPage title="Kontak eskalasi" session={session} flash={flash} errors={errors}>
      <p>
        Kepala OPD menerima eskalasi lewat alamat di halaman <a href="/admin/opd">OPD</a>. Di sini tingkat berikutnya.
      </p>
      <table>
        <thead>
          <tr>
            <th>Tingkat</th>
            <th>Kantor/jabatan</th>
            <th>E-mail</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => (
            <tr>
              <td data-label="Tingkat">{LEVEL_LABELS[c.level]}</td>
              <td data-label="Kantor/jabatan">{c.label}</td>
              <td data-label="E-mail">{c.email}</td>
              <td>
                <form method="post" action={`/admin/eskalasi/${c.id}/hapus`} class="inline">
                  <CsrfField session={session} />
                  <button type="submit" class="link-button">
                    Hapus
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Tambah kontak</h2>
      <form method="post" action="/admin/eskalasi">
        <CsrfField session={session} />
        <label for="level">Tingkat</label>
        <select id="level" name="level">
          {ESCALATION_LEVELS.map((l) => (
            <option value={l}>{LEVEL_LABELS[l]}</option>
          ))}
        </select>
        <label for="label">Kantor/jabatan</label>
        <input id="label" name="label" required />
        <label for="email">E-mail</label>
        <input id="email" name="email" type="email" required />
        <button type="submit" class="button">
          Tambah
        </button>
      </form>
    </AdminPage>
  );
}
