import { displayNikLast4 } from "../domain/mask";
import type { StoredMember } from "../domain/member-list";
import { OCCUPATION_CODES, OCCUPATIONS } from "../domain/occupations";
import { MEMBER_ROLE_LABELS, MEMBER_ROLES } from "../domain/registration-input";
import type { ErrorDetail } from "../http/errors";
import type { MemberRowValues } from "../http/member-edit-form";

/**
 * Form pieces of the revision form and the member editor: inputs with their label, hint and
 * messages, the member rows, and the list of problems at the top. Work without JavaScript.
 */

export type FieldErrors = ReadonlyMap<string, readonly string[]>;

/** Where a problem is shown: one declaration checkbox, community groups as lines of one text area. */
const shownAt = (path: string) =>
  /^members\[\d+\]\.declaration$/.test(path)
    ? "declaration"
    : /^communityGroups\[\d+\]$/.test(path)
      ? "communityGroups"
      : path;

/** Groups problems by the field that shows them. */
export function fieldErrors(details: readonly ErrorDetail[] = []): FieldErrors {
  const grouped = new Map<string, string[]>();
  for (const d of details) {
    const path = shownAt(d.path);
    const list = grouped.get(path) ?? [];
    if (!list.includes(d.message)) list.push(d.message);
    grouped.set(path, list);
  }
  return grouped;
}

/** The HTML id of a field: `members[2].nik` → `f-members-2-nik`. */
export const fieldId = (path: string) => `f-${path.replace(/\]/g, "").replace(/[[.]/g, "-")}`;

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

const describedBy = (path: string, errors: FieldErrors, hint?: string) =>
  [hint ? `${fieldId(path)}-hint` : "", errors.has(path) ? `${fieldId(path)}-error` : ""].filter(Boolean).join(" ") ||
  undefined;

function Hint({ path, hint }: { path: string; hint?: string | undefined }) {
  return hint ? (
    <p class="hint" id={`${fieldId(path)}-hint`}>
      {hint}
    </p>
  ) : null;
}

export function TextInput(p: {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string;
  type?: "text" | "email" | "tel" | "date" | "url";
  maxlength?: number;
  inputmode?: "numeric" | "tel";
}) {
  return (
    <div class={p.errors.has(p.name) ? "field invalid" : "field"}>
      <label for={fieldId(p.name)}>{p.label}</label>
      <Hint path={p.name} hint={p.hint} />
      <Messages path={p.name} errors={p.errors} />
      <input
        id={fieldId(p.name)}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value}
        maxlength={p.maxlength}
        inputmode={p.inputmode}
        aria-invalid={p.errors.has(p.name) ? "true" : undefined}
        aria-describedby={describedBy(p.name, p.errors, p.hint)}
      />
    </div>
  );
}

export function SelectInput(p: {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  placeholder: string;
  options: readonly { value: string; label: string }[];
  groups?: readonly { label: string; options: readonly { value: string; label: string }[] }[];
}) {
  const option = (o: { value: string; label: string }) => (
    <option value={o.value} selected={o.value === p.value}>
      {o.label}
    </option>
  );
  return (
    <div class={p.errors.has(p.name) ? "field invalid" : "field"}>
      <label for={fieldId(p.name)}>{p.label}</label>
      <Messages path={p.name} errors={p.errors} />
      <select
        id={fieldId(p.name)}
        name={p.name}
        aria-invalid={p.errors.has(p.name) ? "true" : undefined}
        aria-describedby={describedBy(p.name, p.errors)}
      >
        <option value="">{p.placeholder}</option>
        {p.options.map(option)}
        {(p.groups ?? []).map((g) => (
          <optgroup label={g.label}>{g.options.map(option)}</optgroup>
        ))}
      </select>
    </div>
  );
}

export function TextAreaInput(p: { name: string; label: string; value: string; errors: FieldErrors; hint?: string }) {
  return (
    <div class={p.errors.has(p.name) ? "field invalid" : "field"}>
      <label for={fieldId(p.name)}>{p.label}</label>
      <Hint path={p.name} hint={p.hint} />
      <Messages path={p.name} errors={p.errors} />
      <textarea
        id={fieldId(p.name)}
        name={p.name}
        rows={4}
        aria-invalid={p.errors.has(p.name) ? "true" : undefined}
        aria-describedby={describedBy(p.name, p.errors, p.hint)}
      >
        {p.value}
      </textarea>
    </div>
  );
}

const ROLE_OPTIONS = MEMBER_ROLES.map((r) => ({ value: r, label: MEMBER_ROLE_LABELS[r] }));
const OCCUPATION_OPTIONS = OCCUPATION_CODES.map((o) => ({ value: o, label: OCCUPATIONS[o] }));
const GENDER_OPTIONS = [
  { value: "L", label: "Laki-laki" },
  { value: "P", label: "Perempuan" },
];

/** The member rows: stored members first (NIK shown as its last digits, left blank unless it changes), then empty rows. */
export function MemberRows({
  rows,
  stored,
  errors,
}: {
  rows: readonly MemberRowValues[];
  stored: readonly StoredMember[];
  errors: FieldErrors;
}) {
  const last4 = new Map(stored.map((m) => [String(m.position), m.nikLast4]));
  return (
    <>
      <Messages path="members" errors={errors} />
      {rows.map((row, i) => {
        const name = (field: string) => `members[${i}].${field}`;
        const known = row.keep !== "" ? last4.get(row.keep) : undefined;
        return (
          <fieldset class="member" id={fieldId(`members[${i}]`)}>
            <legend>{known ? `Anggota ${i + 1}` : `Anggota baru (baris ${i + 1})`}</legend>
            {row.keep !== "" ? <input type="hidden" name={name("keep")} value={row.keep} /> : null}
            <Messages path={name("keep")} errors={errors} />
            <TextInput
              name={name("fullName")}
              label="Nama lengkap"
              value={row.fullName}
              errors={errors}
              maxlength={100}
            />
            <TextInput
              name={name("nik")}
              label={known ? "NIK baru" : "NIK"}
              hint={
                known
                  ? `NIK tersimpan: ${displayNikLast4(known)}. Kosongkan bila tidak berubah; isi bila tanggal lahir atau jenis kelamin diubah.`
                  : "16 angka, sesuai KTP."
              }
              value={row.nik}
              errors={errors}
              inputmode="numeric"
              maxlength={24}
            />
            <SelectInput
              name={name("gender")}
              label="Jenis kelamin"
              value={row.gender}
              errors={errors}
              placeholder="Pilih"
              options={GENDER_OPTIONS}
            />
            <TextInput
              name={name("birthDate")}
              label="Tanggal lahir"
              type="date"
              value={row.birthDate}
              errors={errors}
            />
            <TextInput
              name={name("phone")}
              label="Nomor ponsel"
              type="tel"
              inputmode="tel"
              value={row.phone}
              errors={errors}
              maxlength={20}
            />
            <SelectInput
              name={name("role")}
              label="Jabatan"
              value={row.role}
              errors={errors}
              placeholder="Pilih jabatan"
              options={ROLE_OPTIONS}
            />
            <TextInput
              name={name("sectionName")}
              label="Nama seksi"
              hint="Hanya untuk Kepala Seksi."
              value={row.sectionName}
              errors={errors}
              maxlength={100}
            />
            <SelectInput
              name={name("occupation")}
              label="Pekerjaan"
              value={row.occupation}
              errors={errors}
              placeholder="Pilih pekerjaan"
              options={OCCUPATION_OPTIONS}
            />
            {known ? (
              <label class="checkbox">
                <input type="checkbox" name={name("remove")} /> Hapus anggota ini dari daftar
              </label>
            ) : null}
          </fieldset>
        );
      })}
      <div class={errors.has("declaration") ? "field invalid" : "field"}>
        <Messages path="declaration" errors={errors} />
        <label class="checkbox">
          <input type="checkbox" name="declaration" /> Saya menyatakan data anggota baru dan data yang diubah di atas
          benar, dan setiap orang yang dicantumkan sudah setuju menjadi anggota.
        </label>
      </div>
    </>
  );
}

/** The problems of the last submission, at the top of the form. */
export function ProblemList({ details }: { details: readonly ErrorDetail[] }) {
  if (details.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <h2>Ada {details.length} hal yang perlu diperbaiki</h2>
      <ul>
        {details.map((d) => (
          <li>
            <a href={`#${fieldId(shownAt(d.path))}`}>{d.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
