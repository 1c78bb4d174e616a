import type { Child } from "hono/jsx";
import { ASPIRATION_KIND_LABELS } from "../../domain/aspiration/kinds";
import { PRIVACY_LABELS } from "../../domain/aspiration/privacy";
import { ASPIRATION_STATUS_LABELS } from "../../domain/aspiration/status";
import { MEMBER_ROLE_LABELS } from "../../domain/registration/input";
import { OCCUPATIONS } from "../../domain/registration/occupations";
import { REGISTRATION_STATUS_LABELS } from "../../domain/registration/status";
import { ROLE_LABELS } from "../../domain/roles";
import { formatWitaHuman } from "../../domain/time";
import type { ErrorDetail } from "../../errors";
import type { DataSubjectExport } from "../../services/data-subject";
import type { CurrentSession } from "../../services/sessions";
import { groupErrors, TextField } from "../form-fields";
import { CsrfField } from "../official-layout";
import { AdminPage } from "./layout";

export type DataSubjectFormValues = Partial<Record<"email" | "nik", string>>;

const FIELD_LABELS = { email: "E-mail", nik: "NIK" };
const GENDER_LABELS: Record<string, string> = { L: "Laki-laki", P: "Perempuan" };

const when = (iso: string | null) => (iso ? formatWitaHuman(new Date(iso)) : "-");
const label = (labels: Record<string, string>, value: string) => labels[value] ?? value;

/** One record as a list of terms: reads on a phone without a table's sideways scroll. */
function Facts({ items }: { items: [string, Child][] }) {
  return (
    <dl class="facts">
      {items.map(([term, value]) => (
        <>
          <dt>{term}</dt>
          <dd>{value ?? "-"}</dd>
        </>
      ))}
    </dl>
  );
}

function Section({ title, count, children }: { title: string; count: number; children: Child }) {
  return (
    <section>
      <h2>
        {title} ({count})
      </h2>
      {count === 0 ? <p>Tidak ada.</p> : children}
    </section>
  );
}

function Results({ found }: { found: DataSubjectExport }) {
  return (
    <>
      <Section title="Akun pejabat" count={found.officials.length}>
        {found.officials.map((o) => (
          <Facts
            items={[
              ["Nama", o.name],
              ["E-mail", o.email],
              ["Status", o.active ? "Aktif" : "Nonaktif"],
              ["Peran", o.roles.map((r) => label(ROLE_LABELS, r.role)).join(", ") || "-"],
              ["Dibuat", when(o.createdAt)],
            ]}
          />
        ))}
      </Section>
      <Section title="Kontak eskalasi" count={found.escalationContacts.length}>
        {found.escalationContacts.map((e) => (
          <Facts
            items={[
              ["Jabatan/kantor", e.label],
              ["E-mail", e.email],
              ["Status", e.active ? "Aktif" : "Nonaktif"],
            ]}
          />
        ))}
      </Section>
      <Section title="Pendaftaran KIM sebagai narahubung" count={found.registrations.length}>
        {found.registrations.map((r) => (
          <Facts
            items={[
              ["KIM", r.kimName],
              ["Kampung/kelurahan", r.village],
              ["Status", label(REGISTRATION_STATUS_LABELS, r.status)],
              ["Nomor registrasi", r.registrationNumber ?? "-"],
              ["Alamat sekretariat", r.secretariatAddress],
              ["E-mail", r.contactEmail],
              ["Telepon", r.contactPhone],
              ["Didaftarkan", when(r.createdAt)],
            ]}
          />
        ))}
      </Section>
      <Section title="Keanggotaan KIM" count={found.memberships.length}>
        {found.memberships.map((m) => (
          <Facts
            items={[
              ["Nama", m.fullName],
              ["KIM", `${m.kimName} (${label(REGISTRATION_STATUS_LABELS, m.registrationStatus)})`],
              ["Kampung/kelurahan", m.village],
              ["Jabatan", label(MEMBER_ROLE_LABELS, m.role) + (m.sectionName ? `: ${m.sectionName}` : "")],
              ["NIK", m.nikLast4 ? `************${m.nikLast4}` : "-"],
              ["Jenis kelamin", label(GENDER_LABELS, m.gender)],
              ["Tahun lahir", m.birthYear ?? "-"],
              ["Pekerjaan", label(OCCUPATIONS, m.occupation)],
              ["Telepon", m.phone],
              ["Persetujuan data", when(m.declarationAcceptedAt)],
            ]}
          />
        ))}
      </Section>
      <Section title="Aspirasi sebagai pelapor" count={found.aspirations.length}>
        {found.aspirations.map((a) => (
          <Facts
            items={[
              ["Kode lacak", a.code],
              ["Judul", a.title],
              ["Jenis", label(ASPIRATION_KIND_LABELS, a.kind)],
              ["Identitas", label(PRIVACY_LABELS, a.privacy)],
              ["Status", label(ASPIRATION_STATUS_LABELS, a.status)],
              ["Perangkat daerah", a.agency ?? "-"],
              ["Nama pelapor", a.reporterName ?? "-"],
              ["E-mail", a.reporterEmail ?? "-"],
              ["Telepon", a.reporterPhone ?? "-"],
              ["Foto", String(a.photos)],
              ["Dikirim", when(a.createdAt)],
              ["Selesai", when(a.closedAt)],
            ]}
          />
        ))}
      </Section>
      <Section title="E-mail yang dikirim kepadanya" count={found.mail.length}>
        <ul>
          {found.mail.map((m) => (
            <li>
              {when(m.createdAt)}: {m.status === "sent" ? "terkirim" : m.status === "failed" ? "gagal" : "antre"}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

/**
 * `/admin/data-pribadi`: an administrator finds everything held about one person by e-mail or NIK,
 * to answer their request (UU 27/2022), and downloads it as JSON to hand over.
 */
export function DataSubjectPage({
  session,
  values = {},
  errors,
  found,
}: {
  session: CurrentSession;
  values?: DataSubjectFormValues;
  errors?: ErrorDetail[] | undefined;
  found?: DataSubjectExport | undefined;
}) {
  const fieldErrors = groupErrors(errors);
  return (
    <AdminPage title="Data pribadi seseorang" session={session} errors={errors} fieldLabels={FIELD_LABELS}>
      <p>
        Untuk menjawab permintaan seseorang atas datanya: cari dengan e-mail atau NIK-nya (salah satu). Setiap pencarian
        dicatat di log audit.
      </p>
      <form method="post" action="/admin/data-pribadi">
        <CsrfField session={session} />
        <TextField
          name="email"
          label="E-mail"
          type="email"
          value={values.email ?? ""}
          errors={fieldErrors}
          autocomplete="off"
        />
        <TextField
          name="nik"
          label="NIK"
          value={values.nik ?? ""}
          errors={fieldErrors}
          inputmode="numeric"
          autocomplete="off"
          maxlength={40}
          hint="16 angka. NIK tidak disimpan; yang dicocokkan hanya sidiknya."
        />
        <button type="submit" class="button">
          Cari
        </button>
      </form>
      {found ? (
        <>
          <h2>Hasil untuk {found.subject.masked}</h2>
          <form method="post" action="/admin/data-pribadi/unduh">
            <CsrfField session={session} />
            <input type="hidden" name="email" value={values.email ?? ""} />
            <input type="hidden" name="nik" value={values.nik ?? ""} />
            <button type="submit" class="button">
              Unduh semua (JSON)
            </button>
          </form>
          <Results found={found} />
        </>
      ) : null}
    </AdminPage>
  );
}
