import { maskEmail } from "../../domain/mask";
import { ROLE_LABELS, ROLE_SCOPE, ROLES } from "../../domain/roles";
import type { ErrorDetail } from "../../errors";
import type { OfficialView, ScopeChoices } from "../../services/officials";
import type { ScopeName } from "../../services/scope-names";
import type { CurrentSession } from "../../services/sessions";
import { type FieldErrors, groupErrors, SelectField, TextField } from "../form-fields";
import { CsrfField } from "../official-layout";
import { grantLabel } from "../sign-in";
import { AdminPage } from "./layout";

/** The values a refused invite or grant form is shown again with: nothing typed or picked is lost. */
export type OfficialFormValues = Partial<Record<"name" | "email" | "role" | "scopeId", string>>;

const ROLE_HINTS: Record<string, string> = {
  village: " (pilih kampung/kelurahan)",
  agency: " (pilih OPD)",
  regency: "",
};

/** The role and the village or agency it applies to, each picked from a list, with its own message. */
function RoleFields({
  choices,
  values,
  errors,
}: {
  choices: ScopeChoices;
  values: OfficialFormValues;
  errors: FieldErrors;
}) {
  return (
    <>
      <SelectField
        name="role"
        label="Peran"
        value={values.role ?? ""}
        errors={errors}
        placeholder="(belum ada)"
        options={ROLES.map((r) => ({ value: r, label: `${ROLE_LABELS[r]}${ROLE_HINTS[ROLE_SCOPE[r]]}` }))}
      />
      <SelectField
        name="scopeId"
        label="Cakupan peran"
        hint="Untuk Kepala kampung/lurah pilih kampung/kelurahannya; untuk peran OPD pilih OPD-nya. Peran se-kabupaten tidak perlu cakupan."
        value={values.scopeId ?? ""}
        errors={errors}
        placeholder="Se-kabupaten (tidak perlu dipilih)"
        options={[]}
        groups={[
          { label: "OPD", options: choices.agencies.map((a) => ({ value: a.id, label: a.name })) },
          ...choices.districts.map((d) => ({
            label: `Kecamatan ${d.name}`,
            options: d.villages.map((v) => ({ value: v.code, label: choices.names[v.code] ?? v.name })),
          })),
        ]}
      />
    </>
  );
}

/** The labels the error summary of the officials' forms names fields by, never the raw field name. */
const FIELD_LABELS: Record<string, string> = {
  name: "Nama lengkap",
  email: "E-mail dinas",
  role: "Peran",
  scopeId: "Cakupan peran",
};

/** The list of officials, addresses masked, with the invite form. */
export function OfficialsPage({
  session,
  officials,
  choices,
  flash,
  errors,
  values = {},
  scopeNames,
}: {
  session: CurrentSession;
  officials: OfficialView[];
  choices: ScopeChoices;
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
  values?: OfficialFormValues | undefined;
  /** Names of the villages and agencies the grants are scoped to, so roles read "Kepala Kampung Long La'ai". */
  scopeNames?: Record<string, ScopeName> | undefined;
}) {
  const fieldErrors = groupErrors(errors);
  return (
    <AdminPage title="Pejabat" session={session} flash={flash} errors={errors} fieldLabels={FIELD_LABELS}>
      <table>
        <thead>
          <tr>
            <th>Nama</th>
            <th>E-mail</th>
            <th>Peran</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {officials.map((o) => (
            <tr>
              <td data-label="Nama">
                <a href={`/admin/pejabat/${o.id}`}>{o.name}</a>
              </td>
              <td data-label="E-mail">{maskEmail(o.email)}</td>
              <td data-label="Peran">{o.grants.map((g) => grantLabel(g, scopeNames)).join("; ") || "-"}</td>
              <td data-label="Status">{o.active ? "Aktif" : "Nonaktif"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Undang pejabat</h2>
      <form method="post" action="/admin/pejabat">
        <CsrfField session={session} />
        <TextField name="name" label="Nama lengkap" value={values.name ?? ""} errors={fieldErrors} required />
        <TextField
          name="email"
          label="E-mail dinas"
          type="email"
          value={values.email ?? ""}
          errors={fieldErrors}
          required
        />
        <RoleFields choices={choices} values={values} errors={fieldErrors} />
        <button type="submit" class="button">
          Undang
        </button>
      </form>
    </AdminPage>
  );
}

/** One official: whole address (this view is audited), roles with remove buttons, add a role, deactivate. */
export function OfficialDetailPage({
  session,
  official,
  choices,
  flash,
  errors,
  values = {},
  scopeNames,
}: {
  session: CurrentSession;
  official: OfficialView;
  choices: ScopeChoices;
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
  values?: OfficialFormValues | undefined;
  /** Names of the villages and agencies the grants are scoped to, so roles read "Kepala Kampung Long La'ai". */
  scopeNames?: Record<string, ScopeName> | undefined;
}) {
  const base = `/admin/pejabat/${official.id}`;
  return (
    <AdminPage title={official.name} session={session} flash={flash} errors={errors} fieldLabels={FIELD_LABELS}>
      <dl>
        <dt>E-mail</dt>
        <dd>{official.email}</dd>
        <dt>Status</dt>
        <dd>{official.active ? "Aktif" : "Nonaktif"}</dd>
      </dl>
      <h2>Peran</h2>
      <ul>
        {official.grants.map((g) => (
          <li>
            {grantLabel(g, scopeNames)}{" "}
            <form method="post" action={`${base}/peran/${g.id}/hapus`} class="inline">
              <CsrfField session={session} />
              <button type="submit" class="link-button">
                Cabut
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action={`${base}/peran`}>
        <CsrfField session={session} />
        <RoleFields choices={choices} values={values} errors={groupErrors(errors)} />
        <button type="submit" class="button">
          Tambah peran
        </button>
      </form>
      <h2>Status akun</h2>
      <form method="post" action={`${base}/${official.active ? "nonaktifkan" : "aktifkan"}`}>
        <CsrfField session={session} />
        <p>
          {official.active
            ? "Menonaktifkan akun langsung mengakhiri semua sesi pejabat ini."
            : "Mengaktifkan kembali memungkinkan pejabat ini meminta tautan masuk lagi."}
        </p>
        <button type="submit" class="button secondary">
          {official.active ? "Nonaktifkan" : "Aktifkan kembali"}
        </button>
      </form>
    </AdminPage>
  );
}
