import { DECREE_SCAN_MAX_BYTES } from "../../domain/registration/decree-scan";
import type { ErrorDetail } from "../../errors";
import type { DistrictView } from "../../services/areas";
import { Field, type FieldErrors, FieldMessages, fieldId, formFieldPath, groupErrors } from "../form-fields";
import { Layout } from "../layout";
import type { MemberFormValues, RegistrationFormValues } from "./form-values";
import { KimFields } from "./kim-fields";
import { MemberFields } from "./member-fields";

const FIELD_LABELS: Record<string, string> = {
  kimName: "Nama KIM",
  villageCode: "Kampung/kelurahan",
  secretariatAddress: "Alamat sekretariat",
  contactEmail: "E-mail kontak",
  contactPhone: "Nomor ponsel kontak",
  foundedOn: "Tanggal pembentukan",
  "decree.number": "Nomor SK pembentukan",
  "decree.date": "Tanggal SK pembentukan",
  "decree.issuer": "Pejabat penerbit SK",
  decreeScan: "Pindaian SK",
  website: "Situs web",
  communityGroups: "Kelompok masyarakat mitra",
  members: "Daftar anggota",
  declaration: "Pernyataan",
};

const MEMBER_FIELD_LABELS: Record<string, string> = {
  fullName: "nama lengkap",
  nik: "NIK",
  gender: "jenis kelamin",
  birthDate: "tanggal lahir",
  phone: "nomor ponsel",
  role: "jabatan",
  sectionName: "nama seksi",
  occupation: "pekerjaan",
};

/** How the error summary names a field: "Anggota 4, pekerjaan". */
function problemLabel(path: string): string {
  const member = /^members\[(\d+)\]\.(\w+)$/.exec(path);
  if (member) return `Anggota ${Number(member[1]) + 1}, ${MEMBER_FIELD_LABELS[member[2] ?? ""] ?? member[2]}`;
  const social = /^socials\[(\d+)\]/.exec(path);
  if (social) return `Media sosial ${Number(social[1]) + 1}`;
  return FIELD_LABELS[path] ?? path;
}

function AddedRowsNotice({ index }: { index: number }) {
  return (
    <p class="notice success" role="status" id={ADDED_ROWS_ANCHOR} tabindex={-1}>
      Baris anggota kosong sudah ditambahkan. Lanjutkan mengisi mulai Anggota {index + 1}.
    </p>
  );
}

function MemberRow({ index, member, errors }: { index: number; member: MemberFormValues; errors: FieldErrors }) {
  return (
    <fieldset class="member" id={fieldId(`members[${index}]`)}>
      <legend>Anggota {index + 1}</legend>
      <MemberFields index={index} member={member} errors={errors} />
    </fieldset>
  );
}

/** Each problem once, under the field that shows it (every member's declaration is one checkbox). */
function summaryItems(details: readonly ErrorDetail[]): { path: string; message: string }[] {
  const seen = new Set<string>();
  return details.flatMap((d) => {
    const path = formFieldPath(d.path);
    const key = `${path}\u0000${d.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ path, message: d.message }];
  });
}

function ErrorSummary({ details }: { details: readonly ErrorDetail[] }) {
  const items = summaryItems(details);
  if (items.length === 0) return null;
  return (
    <div class="error-summary" id="ringkasan-kesalahan" role="alert" tabindex={-1}>
      <h2>Ada {items.length} hal yang perlu diperbaiki</h2>
      <ul>
        {items.map((item) => (
          <li>
            <a href={`#${fieldId(item.path)}`}>
              {problemLabel(item.path)}: {item.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface RegistrationFormPageProps {
  districts: readonly DistrictView[];
  values: RegistrationFormValues;
  /** Every problem of the last submission, in form order. */
  details: readonly ErrorDetail[];
  token: string;
  memberBounds: { min: number; max: number };
  /** True when a scan had been attached: a file input cannot be refilled, so ask for it again. */
  scanDropped?: boolean;
  /** A message above the form (an expired form token, a refused village). */
  notice?: string | undefined;
  /** After "add rows": the index of the first blank row, marked `#baris-baru` with a message. */
  addedRowsAt?: number | undefined;
}

/** Where "Tambah baris anggota" lands: the action URL's fragment names this id. */
export const ADDED_ROWS_ANCHOR = "baris-baru";

/**
 * The public KIM registration form. Works without JavaScript: the village is a grouped select,
 * more member rows come from a submit button that shows the form again, and every problem is
 * listed at the top with a link to its field and repeated beside the field.
 */
export function RegistrationFormPage(p: RegistrationFormPageProps) {
  const errors = groupErrors(p.details);
  const v = p.values;
  return (
    <Layout title="Pendaftaran KIM">
      <h1>Pendaftaran Kelompok Informasi Masyarakat (KIM)</h1>
      <p class="lead">
        Daftarkan KIM kampung/kelurahan Anda ke Diskominfo. Siapkan SK pembentukan dan data anggota. Kolom bertanda *
        wajib diisi.
      </p>
      {p.notice ? <p class="notice error">{p.notice}</p> : null}
      <ErrorSummary details={p.details} />
      <form method="post" action="/daftar-kim" enctype="multipart/form-data">
        {/* Enter in a field presses the form's first submit button: this one sends the form (no `_action`
            means submit), so Enter never adds rows. Off screen and out of the tab order. */}
        <button type="submit" class="default-submit" tabindex={-1}>
          Kirim pendaftaran
        </button>
        <input type="hidden" name="_token" value={p.token} />
        <input type="hidden" name="memberRows" value={String(v.members.length)} />

        <KimFields
          values={v}
          errors={errors}
          districts={p.districts}
          decreeScan={
            <Field
              path="decreeScan"
              label="Pindaian SK (boleh dilewati)"
              errors={errors}
              hint={`PDF, JPEG atau PNG, paling besar ${DECREE_SCAN_MAX_BYTES / (1024 * 1024)} MB.${p.scanDropped ? " Pilih berkasnya lagi: berkas tidak ikut tersimpan saat formulir perlu diperbaiki." : ""}`}
            >
              {(attrs) => (
                <input
                  {...attrs}
                  name="decreeScan"
                  type="file"
                  accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                />
              )}
            </Field>
          }
        />

        <h2 id={fieldId("members")}>Anggota</h2>
        <p>
          Isi {p.memberBounds.min} sampai {p.memberBounds.max} orang. Wajib ada tepat satu Ketua, satu Sekretaris dan
          satu Bendahara; pengurus paling sedikit berusia 18 tahun. Baris yang dikosongkan tidak dikirim.
        </p>
        <FieldMessages path="members" errors={errors} />
        {v.members.map((m, i) => (
          <>
            {i === p.addedRowsAt ? <AddedRowsNotice index={i} /> : null}
            <MemberRow index={i} member={m} errors={errors} />
          </>
        ))}
        {p.addedRowsAt !== undefined && p.addedRowsAt >= v.members.length ? (
          <p class="notice" role="status" id={ADDED_ROWS_ANCHOR} tabindex={-1}>
            Daftar anggota sudah mencapai jumlah baris terbanyak.
          </p>
        ) : null}
        <p>
          <button
            type="submit"
            name="_action"
            value="add_rows"
            class="button secondary"
            formaction={`/daftar-kim#${ADDED_ROWS_ANCHOR}`}
            formnovalidate
          >
            Tambah baris anggota
          </button>
        </p>

        <h2>Pernyataan</h2>
        <FieldMessages path="declaration" errors={errors} />
        <label class="checkbox" for={fieldId("declaration")}>
          <input
            type="checkbox"
            id={fieldId("declaration")}
            name="declaration"
            checked={v.declaration}
            required
            aria-invalid={errors.has("declaration") ? "true" : undefined}
            aria-describedby={errors.has("declaration") ? `${fieldId("declaration")}-error` : undefined}
          />{" "}
          Saya menyatakan bahwa seluruh data dalam formulir ini benar, dan setiap anggota yang tercantum telah setuju
          datanya didaftarkan.
        </label>
        <p class="hint">
          NIK disimpan dalam bentuk tersandi; setelah terkirim hanya empat angka terakhirnya yang ditampilkan kepada
          petugas.
        </p>
        <button type="submit" name="_action" value="submit" class="button">
          Kirim pendaftaran
        </button>
      </form>
    </Layout>
  );
}

/** Shown when a form that was already sent is sent again with other data: nothing new is saved. */
export function FormAlreadySentPage({ trackingPath }: { trackingPath: string }) {
  return (
    <Layout title="Formulir sudah terkirim">
      <h1>Formulir ini sudah terkirim</h1>
      <p>
        Pendaftaran dari formulir ini sudah kami terima sebelumnya, jadi perubahan yang baru Anda kirim tidak disimpan.
        Bila ada data yang perlu diubah, tunggu petugas memeriksa pendaftaran: petugas dapat meminta perbaikan.
      </p>
      <p>
        <a href={trackingPath} class="button">
          Lihat status pendaftaran
        </a>
      </p>
    </Layout>
  );
}
