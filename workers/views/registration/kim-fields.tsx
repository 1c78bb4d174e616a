import type { Child } from "hono/jsx";
import { DECREE_SCAN_MAX_BYTES } from "../../domain/registration/decree-scan";
import { SOCIAL_PLATFORMS, type SocialPlatform } from "../../domain/registration/input";
import type { DistrictView, VillageView } from "../../services/areas";
import { Field, type FieldErrors, FieldMessages, fieldId, SelectField, TextAreaField, TextField } from "../form-fields";
import type { ApplicationFormValues } from "./form-values";

const SOCIAL_LABELS: Record<SocialPlatform, string> = {
  facebook: "Facebook",
  instagram: "Instagram",
  youtube: "YouTube",
  tiktok: "TikTok",
  x: "X (Twitter)",
  lainnya: "Lainnya",
};

const SOCIAL_OPTIONS = SOCIAL_PLATFORMS.map((p) => ({ value: p, label: SOCIAL_LABELS[p] }));

/** A village in the select: a kelurahan is named as such, a kampung by its name under its kecamatan. */
const villageOption = (village: VillageView) => ({
  value: village.code,
  label: village.kind === "kelurahan" ? `Kelurahan ${village.name}` : village.name,
});

const VILLAGE_HINT = "Dikelompokkan per kecamatan.";

/**
 * The KIM's own fields, from its name to its community groups, with their headings, labels,
 * hints and required marks, as the registration form and the applicant's revision form show
 * them: one component, so the two forms cannot drift apart.
 *
 * `villageHint` is added to the village select's hint (the revision form says a new village
 * needs a new endorsement); `decreeScan` follows the decree's fields (the registration form's
 * file input; the revision form's `DecreeScanField` when the decree is to be revised, else its
 * note that the sent scan is kept).
 */
export function KimFields({
  values: v,
  errors,
  districts,
  villageHint,
  decreeScan,
}: {
  values: ApplicationFormValues;
  errors: FieldErrors;
  districts: readonly DistrictView[];
  villageHint?: string | undefined;
  decreeScan: Child;
}) {
  return (
    <>
      <h2>Data KIM</h2>
      <TextField name="kimName" label="Nama KIM" value={v.kimName} errors={errors} required maxlength={100} />
      <SelectField
        name="villageCode"
        label="Kampung/kelurahan"
        value={v.villageCode}
        errors={errors}
        hint={villageHint ? `${VILLAGE_HINT} ${villageHint}` : VILLAGE_HINT}
        required
        placeholder="Pilih kampung/kelurahan"
        options={[]}
        groups={districts.map((d) => ({ label: `Kecamatan ${d.name}`, options: d.villages.map(villageOption) }))}
      />
      <TextAreaField
        name="secretariatAddress"
        label="Alamat sekretariat"
        value={v.secretariatAddress}
        errors={errors}
        rows={2}
        maxlength={300}
        required
      />
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
      {decreeScan}

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
          <FieldMessages path={`socials[${i}]`} errors={errors} />
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
      <TextAreaField
        name="communityGroups"
        label="Kelompok yang bekerja sama dengan KIM"
        value={v.communityGroups}
        errors={errors}
        hint="Satu kelompok per baris, misalnya Karang Taruna atau PKK."
        rows={3}
      />
    </>
  );
}

/**
 * The decree scan's file input (field `decreeScan`), for a form sent as multipart: `label` says
 * whether it may be skipped; the hint names the accepted types and size, and with `dropped` asks
 * for the file again, because a re-rendered form cannot keep a chosen file.
 */
export function DecreeScanField({
  label,
  errors,
  dropped,
}: {
  label: string;
  errors: FieldErrors;
  dropped?: boolean | undefined;
}) {
  return (
    <Field
      path="decreeScan"
      label={label}
      errors={errors}
      hint={`PDF, JPEG atau PNG, paling besar ${DECREE_SCAN_MAX_BYTES / (1024 * 1024)} MB.${dropped ? " Pilih berkasnya lagi: berkas tidak ikut tersimpan saat formulir perlu diperbaiki." : ""}`}
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
  );
}
