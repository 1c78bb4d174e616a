import { ASPIRATION_KIND_LABELS, ASPIRATION_KINDS } from "../../domain/aspiration/kinds";
import { MAX_PHOTOS } from "../../domain/aspiration/photos";
import { PRIVACY_LABELS, PRIVACY_MODES } from "../../domain/aspiration/privacy";
import type { ErrorDetail } from "../../errors";
import type { DistrictView } from "../../services/areas";
import type { CategoryChoice } from "../../services/aspiration/form-data";
import { FieldMessages, fieldId, groupErrors, SelectField, TextAreaField, TextField } from "../form-fields";
import { Layout } from "../layout";

/** What the form shows again after a refused post: every field as typed. */
export type AspirationFormValues = Record<
  | "kind"
  | "categoryId"
  | "villageCode"
  | "title"
  | "description"
  | "privacy"
  | "reporterName"
  | "reporterEmail"
  | "reporterPhone"
  | "kimNumber",
  string
>;

export const emptyAspirationValues = (): AspirationFormValues => ({
  kind: "",
  categoryId: "",
  villageCode: "",
  title: "",
  description: "",
  privacy: "anonim",
  reporterName: "",
  reporterEmail: "",
  reporterPhone: "",
  kimNumber: "",
});

/** The field people never see, which bots fill in (`HONEYPOT_FIELD` in the route). */
const HONEYPOT = "situs";

/** Radio buttons under one legend, one of which must be chosen. */
export function Choices({
  name,
  legend,
  value,
  options,
  errors,
}: {
  name: string;
  legend: string;
  value: string;
  options: readonly { value: string; label: string }[];
  errors: ReturnType<typeof groupErrors>;
}) {
  return (
    <fieldset class="choices" id={fieldId(name)}>
      <legend>
        {legend} <span class="req">*</span>
      </legend>
      <FieldMessages path={name} errors={errors} />
      {options.map((o) => (
        <label class="choice">
          <input type="radio" name={name} value={o.value} checked={o.value === value} required /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The public aspiration form `/aspirasi`: one page, no JavaScript needed, light on a slow phone.
 * Privacy defaults to anonim, and each mode says what it means before the person sends anything.
 */
export function AspirationFormPage({
  values,
  details,
  token,
  categories,
  districts,
  turnstileSiteKey,
  notice,
}: {
  values: AspirationFormValues;
  details: readonly ErrorDetail[];
  token: string;
  categories: readonly CategoryChoice[];
  districts: readonly DistrictView[];
  turnstileSiteKey?: string | undefined;
  notice?: string | undefined;
}) {
  const errors = groupErrors(details);
  return (
    <Layout title="Sampaikan aspirasi atau pengaduan">
      <h1>Sampaikan aspirasi atau pengaduan</h1>
      <p>
        Laporan Anda diperiksa Diskominfo lalu diteruskan kepada perangkat daerah yang berwenang. Anda akan menerima
        kode untuk memantau perkembangannya. Laporan serupa mungkin sudah dijawab:{" "}
        <a href="/aspirasi/publik">lihat aspirasi yang sudah dijawab</a>.
      </p>
      {details.length > 0 ? (
        <div class="notice error" role="alert">
          <p>Ada isian yang perlu diperbaiki:</p>
          <ul>
            {details.map((d) => (
              <li>
                <a href={`#${fieldId(d.path.replace(/\[\d+\]$/, ""))}`}>{d.message}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {notice ? (
        <div class="notice error" role="alert">
          <p>{notice}</p>
        </div>
      ) : null}
      <form method="post" action="/aspirasi" enctype="multipart/form-data">
        <input type="hidden" name="_token" value={token} />
        <div class="hp" aria-hidden="true">
          <label for="f-situs">Jangan diisi</label>
          <input id="f-situs" name={HONEYPOT} tabindex={-1} autocomplete="off" />
        </div>
        <Choices
          name="kind"
          legend="Jenis laporan"
          value={values.kind}
          errors={errors}
          options={ASPIRATION_KINDS.map((k) => ({ value: k, label: ASPIRATION_KIND_LABELS[k] }))}
        />
        <SelectField
          name="categoryId"
          label="Kategori"
          value={values.categoryId}
          errors={errors}
          required
          placeholder="Pilih kategori"
          options={categories.map((c) => ({ value: c.id, label: c.name }))}
        />
        <SelectField
          name="villageCode"
          label="Kampung/kelurahan (bila ada)"
          value={values.villageCode}
          errors={errors}
          placeholder="Tidak terkait satu kampung/kelurahan"
          options={[]}
          groups={districts.map((d) => ({
            label: `Kecamatan ${d.name}`,
            options: d.villages.map((v) => ({
              value: v.code,
              label: `${v.kind === "kelurahan" ? "Kelurahan" : v.kind === "desa" ? "Desa" : "Kampung"} ${v.name}`,
            })),
          }))}
        />
        <TextField name="title" label="Judul" value={values.title} errors={errors} required maxlength={150} />
        <TextAreaField
          name="description"
          label="Uraian"
          hint="Ceritakan apa, di mana dan sejak kapan. Jangan menulis NIK atau data pribadi orang lain."
          value={values.description}
          errors={errors}
          rows={6}
          maxlength={5000}
          required
        />
        <div class="field">
          <label for="f-photos">Foto (bila ada)</label>
          <p class="hint" id="f-photos-hint">
            Paling banyak {MAX_PHOTOS} foto JPEG, PNG atau WebP, masing-masing paling besar 2 MB. Foto perlu dipilih
            lagi bila formulir dikembalikan.
          </p>
          <FieldMessages path="photos" errors={errors} />
          {[0, 1, 2].map((i) => (
            <FieldMessages path={`photos[${i}]`} errors={errors} />
          ))}
          <input
            id="f-photos"
            type="file"
            name="photos"
            accept="image/jpeg,image/png,image/webp"
            multiple
            aria-describedby="f-photos-hint"
          />
        </div>
        <h2>Identitas dan kerahasiaan</h2>
        <Choices
          name="privacy"
          legend="Siapa yang boleh mengetahui laporan ini"
          value={values.privacy}
          errors={errors}
          options={PRIVACY_MODES.map((m) => ({ value: m, label: PRIVACY_LABELS[m] }))}
        />
        <p class="hint">
          Identitas dan kontak Anda hanya dilihat petugas Diskominfo, tidak pernah oleh perangkat daerah yang menjawab,
          kecuali nama pada laporan publik. Nama dan kontak boleh dikosongkan.
        </p>
        <TextField
          name="reporterName"
          label="Nama"
          value={values.reporterName}
          errors={errors}
          autocomplete="name"
          maxlength={120}
        />
        <TextField
          name="reporterEmail"
          label="E-mail"
          type="email"
          hint="Untuk menerima kode pelacakan dan jawaban."
          value={values.reporterEmail}
          errors={errors}
          autocomplete="email"
          maxlength={254}
        />
        <TextField
          name="reporterPhone"
          label="Nomor ponsel"
          type="tel"
          value={values.reporterPhone}
          errors={errors}
          autocomplete="tel"
          inputmode="tel"
          maxlength={40}
        />
        <TextField
          name="kimNumber"
          label="Nomor registrasi KIM (bila KIM melaporkan atas nama warga)"
          hint="Contoh: KIM-6403042001-001"
          value={values.kimNumber}
          errors={errors}
          maxlength={30}
        />
        {turnstileSiteKey ? (
          <>
            <div class="cf-turnstile" data-sitekey={turnstileSiteKey} />
            <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer />
          </>
        ) : null}
        <button type="submit" class="button">
          Kirim laporan
        </button>
      </form>
    </Layout>
  );
}
