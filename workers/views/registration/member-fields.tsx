import { MEMBER_ROLE_LABELS, MEMBER_ROLES, type MemberField } from "../../domain/registration/input";
import { OCCUPATION_CODES, OCCUPATIONS } from "../../domain/registration/occupations";
import { type FieldErrors, SelectField, TextField } from "../form-fields";
import type { MemberFormValues } from "./form-values";

const ROLE_OPTIONS = MEMBER_ROLES.map((r) => ({ value: r, label: MEMBER_ROLE_LABELS[r] }));
const OCCUPATION_OPTIONS = OCCUPATION_CODES.map((o) => ({ value: o, label: OCCUPATIONS[o] }));
const GENDER_OPTIONS = [
  { value: "L", label: "Laki-laki" },
  { value: "P", label: "Perempuan" },
];

/** The form name of a member's field: `members[2].nik`. */
export const memberFieldName = (index: number, field: MemberField | "keep" | "remove") => `members[${index}].${field}`;

/**
 * One member's inputs, from full name to occupation, as the registration form, the revision form
 * and the member editor show them inside the member's fieldset. `nik` replaces the NIK's label
 * and hint, and `birthDateHint` the birth date's hint, for a stored member whose NIK is shown only
 * by its last digits and whose birth date only by its year.
 */
export function MemberFields({
  index,
  member,
  errors,
  nik = { label: "NIK", hint: "16 angka, sesuai KTP.", needed: true },
  birthDateHint,
}: {
  index: number;
  member: MemberFormValues;
  errors: FieldErrors;
  /** `needed: false` for a stored member, whose NIK is typed again only when it changes. */
  nik?: { label: string; hint: string; needed?: boolean } | undefined;
  birthDateHint?: string | undefined;
}) {
  const name = (field: MemberField) => memberFieldName(index, field);
  return (
    <>
      <TextField
        name={name("fullName")}
        label="Nama lengkap"
        value={member.fullName}
        errors={errors}
        maxlength={100}
        marked
      />
      <TextField
        name={name("nik")}
        label={nik.label}
        hint={nik.hint}
        value={member.nik}
        errors={errors}
        marked={nik.needed === true}
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
        marked
      />
      <TextField
        name={name("birthDate")}
        label="Tanggal lahir"
        hint={birthDateHint}
        type="date"
        value={member.birthDate}
        errors={errors}
        marked={birthDateHint === undefined}
      />
      <TextField
        name={name("phone")}
        label="Nomor ponsel"
        type="tel"
        inputmode="tel"
        value={member.phone}
        errors={errors}
        maxlength={20}
        marked
      />
      <SelectField
        name={name("role")}
        label="Jabatan"
        value={member.role}
        errors={errors}
        placeholder="Pilih jabatan"
        options={ROLE_OPTIONS}
        marked
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
        marked
      />
    </>
  );
}
