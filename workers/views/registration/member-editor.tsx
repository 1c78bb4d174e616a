import { displayNikLast4 } from "../../domain/mask";
import type { StoredMember } from "../../domain/registration/member-list";
import type { ErrorDetail } from "../../errors";
import { type FieldErrors, FieldMessages, fieldId, formFieldPath } from "../form-fields";
import type { MemberRowValues } from "./form-values";
import { MemberFields, memberFieldName } from "./member-fields";

/**
 * The member rows of the revision form and the member editor, and the list of problems at the
 * top of those forms. Work without JavaScript.
 */

/**
 * The member rows: stored members first (NIK shown as its last digits and birth date as its year,
 * both left blank unless they change), then empty rows.
 */
export function MemberRows({
  rows,
  stored,
  errors,
}: {
  rows: readonly MemberRowValues[];
  stored: readonly StoredMember[];
  errors: FieldErrors;
}) {
  const byKeep = new Map(stored.map((m) => [String(m.position), m]));
  return (
    <>
      <FieldMessages path="members" errors={errors} />
      {rows.map((row, i) => {
        const known = row.keep !== "" ? byKeep.get(row.keep) : undefined;
        return (
          <fieldset class="member" id={fieldId(`members[${i}]`)}>
            <legend>{known ? `Anggota ${i + 1}` : `Anggota baru (baris ${i + 1})`}</legend>
            {row.keep !== "" ? <input type="hidden" name={memberFieldName(i, "keep")} value={row.keep} /> : null}
            <FieldMessages path={memberFieldName(i, "keep")} errors={errors} />
            <MemberFields
              index={i}
              member={row}
              errors={errors}
              nik={
                known
                  ? {
                      label: "NIK",
                      hint: `NIK tersimpan: ${displayNikLast4(known.nikLast4)}. Kosongkan bila tidak berubah; isi bila nama, tanggal lahir atau jenis kelamin diubah.`,
                    }
                  : undefined
              }
              birthDateHint={
                known
                  ? `Tersimpan hanya tahunnya: ${known.birthYear ?? "-"}. Kosongkan bila tidak berubah; bila diisi, isi juga NIK.`
                  : undefined
              }
            />
            {known ? (
              <label class="checkbox">
                <input type="checkbox" name={memberFieldName(i, "remove")} /> Hapus anggota ini dari daftar
              </label>
            ) : null}
          </fieldset>
        );
      })}
      <div class={errors.has("declaration") ? "field invalid" : "field"}>
        <FieldMessages path="declaration" errors={errors} />
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
            <a href={`#${fieldId(formFieldPath(d.path))}`}>{d.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
