import { maskEmail } from "../../domain/mask";
import { ROLE_LABELS, ROLE_SCOPE, ROLES } from "../../domain/roles";
import type { ErrorDetail } from "../../errors";
import type { OfficialView } from "../../services/officials";
import type { ScopeName } from "../../services/scope-names";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField } from "../official-layout";
import { grantLabel } from "../sign-in";
import { AdminPage } from "./layout";

function RoleFields() {
  return (
    <>
      <label for="role">Peran</label>
      <select id="role" name="role">
        <option value="">(belum ada)</option>
        {ROLES.map((r) => (
          <option value={r}>
            {ROLE_LABELS[r]}
            {ROLE_SCOPE[r] === "village" ? " (isi kode kampung/kelurahan)" : ""}
            {ROLE_SCOPE[r] === "agency" ? " (isi id OPD)" : ""}
          </option>
        ))}
      </select>
      <label for="scopeId">Cakupan: kode kampung/kelurahan atau id OPD (kosongkan untuk peran se-kabupaten)</label>
      <input id="scopeId" name="scopeId" placeholder="64.03.04.2001 atau dinas-pupr" />
    </>
  );
}

/** The list of officials, addresses masked, with the invite form. */
export function OfficialsPage({
  session,
  officials,
  flash,
  errors,
  values,
  scopeNames,
}: {
  session: CurrentSession;
  officials: OfficialView[];
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
  values?: Record<string, string> | undefined;
  /** Names of the villages and agencies the grants are scoped to, so roles read "Kepala Kampung Long La'ai". */
  scopeNames?: Record<string, ScopeName>;
}) {
  return (
    <AdminPage title="Pejabat" session={session} flash={flash} errors={errors}>
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
              <td>
                <a href={`/admin/pejabat/${o.id}`}>{o.name}</a>
              </td>
              <td>{maskEmail(o.email)}</td>
              <td>{o.grants.map((g) => grantLabel(g, scopeNames)).join("; ") || "-"}</td>
              <td>{o.active ? "Aktif" : "Nonaktif"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Undang pejabat</h2>
      <form method="post" action="/admin/pejabat">
        <CsrfField session={session} />
        <label for="name">Nama lengkap</label>
        <input id="name" name="name" required value={values?.name ?? ""} />
        <label for="email">E-mail dinas</label>
        <input id="email" name="email" type="email" required value={values?.email ?? ""} />
        <RoleFields />
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
  flash,
  errors,
  scopeNames,
}: {
  session: CurrentSession;
  official: OfficialView;
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
  scopeNames?: Record<string, ScopeName>;
}) {
  const base = `/admin/pejabat/${official.id}`;
  return (
    <AdminPage title={official.name} session={session} flash={flash} errors={errors}>
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
        <RoleFields />
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
