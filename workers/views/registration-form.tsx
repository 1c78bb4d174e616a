import type { Child } from "hono/jsx";
import { DECREE_SCAN_MAX_BYTES } from "../domain/decree-scan";
import { OCCUPATION_CODES, OCCUPATIONS } from "../domain/occupations";
import { MEMBER_ROLE_LABELS, MEMBER_ROLES, SOCIAL_PLATFORMS, type SocialPlatform } from "../domain/registration-input";
import type { MemberFormValues } from "../http/application-form";
import type { ErrorDetail } from "../http/errors";
import { fieldId, formFieldPath, type RegistrationFormValues } from "../http/registration-form-data";
import type { DistrictView } from "../services/areas";
import { Layout } from "./layout";

const SOCIAL_LABELS: Record<SocialPlatform, string> = {
  facebook: "Facebook",
  instagram: "Instagram",
  youtube: "YouTube",
  tiktok: "TikTok",
  x: "X (Twitter)",
  lainnya: "Lainnya",
};

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

/** Problems grouped by the form field that shows them. */
export type FieldErrors = ReadonlyMap<string, readonly string[]>;

/** Groups problems by form field (`formFieldPath`), one copy of each message per field. */
export function groupErrors(details: readonly ErrorDetail[]): FieldErrors {
  const grouped = new Map<string, string[]>();
  for (const d of details) {
    const path = formFieldPath(d.path);
    const list = grouped.get(path) ?? [];
    if (!list.includes(d.message)) list.push(d.message);
    grouped.set(path, list);
  }
  return grouped;
}

function Messages({ path, errors }: { path: string; errors: FieldErrors }) {
  const messages = errors.get(path);
  if (!messages?.length) return null;
  return (
    <div class="field-error" id={`${fieldId(path)}-error`}>
      {messages.map((m) => (
        <p>{m}</p>
      ))}
    </div>
  );
}

/** The accessibility attributes tying an input to its hint and its messages. */
function described(path: string, errors: FieldErrors, hint: boolean) {
  const id = fieldId(path);
  const invalid = errors.has(path);
  const describedBy = [hint ? `${id}-hint` : "", invalid ? `${id}-error` : ""].filter(Boolean).join(" ");
  return { id, "aria-invalid": invalid ? "true" : undefined, "aria-describedby": describedBy || undefined };
}

interface FieldProps {
  path: string;
  label: string;
  errors: FieldErrors;
  hint?: string;
  required?: boolean;
  children: (attrs: ReturnType<typeof described>) => Child;
}

/** Label, hint, messages and the control, in the order a screen reader and a small screen want them. */
function Field({ path, label, errors, hint, required, children }: FieldProps) {
  const attrs = described(path, errors, hint !== undefined);
  return (
    <div class={errors.has(path) ? "field invalid" : "field"}>
      <label for={attrs.id}>
        {label}
        {required ? " *" : ""}
      </label>
      {hint ? (
        <p class="hint" id={`${attrs.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <Messages path={path} errors={errors} />
      {children(attrs)}
    </div>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string;
  required?: boolean;
  type?: "text" | "email" | "tel" | "date" | "url";
  autocomplete?: string;
  inputmode?: "numeric" | "tel" | "email" | "url";
  maxlength?: number;
}

function TextField(p: TextFieldProps) {
  return (
    <Field path={p.name} label={p.label} errors={p.errors} hint={p.hint} required={p.required}>
      {(attrs) => (
        <input
          {...attrs}
          name={p.name}
          type={p.type ?? "text"}
          value={p.value}
          autocomplete={p.autocomplete}
          inputmode={p.inputmode}
          maxlength={p.maxlength}
          required={p.required}
        />
      )}
    </Field>
  );
}

interface SelectFieldProps {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  placeholder: string;
  options: readonly { value: string; label: string }[];
  hint?: string;
  required?: boolean;
}

function SelectField(p: SelectFieldProps) {
  return (
    <Field path={p.name} label={p.label} errors={p.errors} hint={p.hint} required={p.required}>
      {(attrs) => (
        <select {...attrs} name={p.name} required={p.required}>
          <option value="">{p.placeholder}</option>
          {p.options.map((o) => (
            <option value={o.value} selected={o.value === p.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const ROLE_OPTIONS = MEMBER_ROLES.map((r) => ({ value: r, label: MEMBER_ROLE_LABELS[r] }));
const OCCUPATION_OPTIONS = OCCUPATION_CODES.map((o) => ({ value: o, label: OCCUPATIONS[o] }));
const GENDER_OPTIONS = [
  { value: "L", label: "Laki-laki" },
  { value: "P", label: "Perempuan" },
];
const SOCIAL_OPTIONS = SOCIAL_PLATFORMS.map((p) => ({ value: p, label: SOCIAL_LABELS[p] }));

function MemberRow({ index, member, errors }: { index: number; member: MemberFormValues; errors: FieldErrors }) {
  const name = (field: string) => `members[${index}].${field}`;
  return (
    <fieldset class="member" id={fieldId(`members[${index}]`)}>
      <legend>Anggota {index + 1}</legend>
      <TextField name={name("fullName")} label="Nama lengkap" value={member.fullName} errors={errors} maxlength={100} />
      <TextField
        name={name("nik")}
        label="NIK"
        hint="16 angka, sesuai KTP."
        value={member.nik}
        errors={errors}
        inputmode="numeric"
        autocomplete="off"
        maxlength={24}
      />
      <SelectField
        name={name("gender")}
        label="Jenis kelamin"
        value={member.gender}
        errors={errors}
        placeholder="Pilih"
        options={GENDER_OPTIONS}
      />
      <TextField name={name("birthDate")} label="Tanggal lahir" type="date" value={member.birthDate} errors={errors} />
      <TextField
        name={name("phone")}
        label="Nomor ponsel"
        type="tel"
        inputmode="tel"
        value={member.phone}
        errors={errors}
        maxlength={20}
      />
      <SelectField
        name={name("role")}
        label="Jabatan"
        value={member.role}
        errors={errors}
        placeholder="Pilih jabatan"
        options={ROLE_OPTIONS}
      />
      <TextField
        name={name("sectionName")}
        label="Nama seksi"
        hint="Hanya untuk Kepala Seksi, misalnya Seksi Humas."
        value={member.sectionName}
        errors={errors}
        maxlength={100}
      />
      <SelectField
        name={name("occupation")}
        label="Pekerjaan"
        value={member.occupation}
        errors={errors}
        placeholder="Pilih pekerjaan"
        options={OCCUPATION_OPTIONS}
      />
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
  notice?: string;
}

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
        <input type="hidden" name="_token" value={p.token} />
        <input type="hidden" name="memberRows" value={String(v.members.length)} />

        <h2>Data KIM</h2>
        <TextField name="kimName" label="Nama KIM" value={v.kimName} errors={errors} required maxlength={100} />
        <Field
          path="villageCode"
          label="Kampung/kelurahan"
          errors={errors}
          hint="Dikelompokkan per kecamatan."
          required
        >
          {(attrs) => (
            <select {...attrs} name="villageCode" required>
              <option value="">Pilih kampung/kelurahan</option>
              {p.districts.map((d) => (
                <optgroup label={`Kecamatan ${d.name}`}>
                  {d.villages.map((village) => (
                    <option value={village.code} selected={village.code === v.villageCode}>
                      {village.kind === "kelurahan" ? `Kelurahan ${village.name}` : village.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field path="secretariatAddress" label="Alamat sekretariat" errors={errors} required>
          {(attrs) => (
            <textarea {...attrs} name="secretariatAddress" rows={2} maxlength={300} required>
              {v.secretariatAddress}
            </textarea>
          )}
        </Field>
        <TextField
          name="contactEmail"
          label="E-mail kontak"
          type="email"
          inputmode="email"
          autocomplete="email"
          hint="Bukti pendaftaran dan kabar selanjutnya dikirim ke alamat ini."
          value={v.contactEmail}
          errors={errors}
          required
        />
        <TextField
          name="contactPhone"
          label="Nomor ponsel kontak"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          hint="Misalnya 0812 3456 7890."
          value={v.contactPhone}
          errors={errors}
          required
        />
        <TextField
          name="foundedOn"
          label="Tanggal pembentukan"
          type="date"
          value={v.foundedOn}
          errors={errors}
          required
        />

        <h2>SK pembentukan</h2>
        <TextField
          name="decree.number"
          label="Nomor SK"
          value={v.decree.number}
          errors={errors}
          required
          maxlength={100}
        />
        <TextField name="decree.date" label="Tanggal SK" type="date" value={v.decree.date} errors={errors} required />
        <TextField
          name="decree.issuer"
          label="Pejabat penerbit SK"
          hint="Misalnya Kepala Kampung Long La'ai."
          value={v.decree.issuer}
          errors={errors}
          required
          maxlength={150}
        />
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

        <h2>Media (boleh dilewati)</h2>
        <TextField
          name="website"
          label="Situs web"
          type="url"
          inputmode="url"
          hint="Alamat lengkap, misalnya https://kim-contoh.id."
          value={v.website}
          errors={errors}
        />
        {v.socials.map((s, i) => (
          <fieldset class="social" id={fieldId(`socials[${i}]`)}>
            <legend>Akun media sosial {i + 1}</legend>
            <Messages path={`socials[${i}]`} errors={errors} />
            <SelectField
              name={`socials[${i}].platform`}
              label="Jenis"
              value={s.platform}
              errors={errors}
              placeholder="Pilih jenis"
              options={SOCIAL_OPTIONS}
            />
            <TextField
              name={`socials[${i}].url`}
              label="Alamat akun"
              type="url"
              inputmode="url"
              value={s.url}
              errors={errors}
            />
          </fieldset>
        ))}

        <h2>Kelompok masyarakat mitra (boleh dilewati)</h2>
        <Field
          path="communityGroups"
          label="Kelompok yang bekerja sama dengan KIM"
          errors={errors}
          hint="Satu kelompok per baris, misalnya Karang Taruna atau PKK."
        >
          {(attrs) => (
            <textarea {...attrs} name="communityGroups" rows={3}>
              {v.communityGroups}
            </textarea>
          )}
        </Field>

        <h2 id={fieldId("members")}>Anggota</h2>
        <p>
          Isi {p.memberBounds.min} sampai {p.memberBounds.max} orang. Wajib ada tepat satu Ketua, satu Sekretaris dan
          satu Bendahara; pengurus paling sedikit berusia 18 tahun. Baris yang dikosongkan tidak dikirim.
        </p>
        <Messages path="members" errors={errors} />
        {v.members.map((m, i) => (
          <MemberRow index={i} member={m} errors={errors} />
        ))}
        <p>
          <button type="submit" name="_action" value="add_rows" class="button secondary" formnovalidate>
            Tambah baris anggota
          </button>
        </p>

        <h2>Pernyataan</h2>
        <Messages path="declaration" errors={errors} />
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
