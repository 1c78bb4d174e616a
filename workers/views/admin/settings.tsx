import { OCCUPATIONS, type Occupation } from "../../domain/registration/occupations";
import type { ErrorDetail } from "../../errors";
import type { SettingView } from "../../services/admin-settings";
import type { CurrentSession } from "../../services/sessions";
import { CsrfField } from "../official-layout";
import { AdminPage } from "./layout";

/** A value for people: "ya"/"tidak", numbers as they are, occupations by name. */
export function describeValue(value: unknown): string {
  if (typeof value === "boolean") return value ? "ya" : "tidak";
  if (Array.isArray(value)) {
    return value.length ? value.map((v) => OCCUPATIONS[v as Occupation] ?? String(v)).join(", ") : "(tidak ada)";
  }
  return String(value);
}

function ValueInput({ setting }: { setting: SettingView }) {
  const id = `v-${setting.key}`;
  const value = setting.effectiveValue;
  if (typeof setting.defaultValue === "boolean") {
    return (
      <select id={id} name="value" aria-label={setting.label}>
        <option value="true" selected={value === true}>
          ya
        </option>
        <option value="false" selected={value === false}>
          tidak
        </option>
      </select>
    );
  }
  if (Array.isArray(setting.defaultValue)) {
    const chosen = new Set(Array.isArray(value) ? value : []);
    return (
      <fieldset>
        <legend>{setting.label}</legend>
        {Object.entries(OCCUPATIONS).map(([code, name]) => (
          <label class="checkbox">
            <input type="checkbox" name="value" value={code} checked={chosen.has(code)} /> {name}
          </label>
        ))}
      </fieldset>
    );
  }
  if (typeof setting.defaultValue === "string") {
    return <input id={id} name="value" value={String(value)} maxlength={60} aria-label={setting.label} required />;
  }
  return <input id={id} name="value" type="number" value={String(value)} aria-label={setting.label} required />;
}

/** Every rule: what applies, the default beside it, and a form to change or reset it. */
export function SettingsPage({
  session,
  settings,
  flash,
  errors,
}: {
  session: CurrentSession;
  settings: SettingView[];
  flash?: string | undefined;
  errors?: ErrorDetail[] | undefined;
}) {
  return (
    <AdminPage title="Pengaturan" session={session} flash={flash} errors={errors}>
      {settings.map((s) => (
        <section class="setting" id={s.key}>
          <h2>{s.label}</h2>
          <p>
            Berlaku: <strong>{describeValue(s.effectiveValue)}</strong> · Bawaan: {describeValue(s.defaultValue)}
            {s.storedValue === null ? " (memakai bawaan)" : ""}
          </p>
          {s.invalid ? (
            <p class="notice error">Nilai tersimpan tidak lagi sah; nilai bawaan yang berlaku. Simpan nilai baru.</p>
          ) : null}
          <form method="post" action={`/admin/pengaturan/${s.key}`}>
            <CsrfField session={session} />
            <ValueInput setting={s} />
            <button type="submit" class="button">
              Simpan
            </button>
          </form>
          {s.storedValue !== null ? (
            <form method="post" action={`/admin/pengaturan/${s.key}/bawaan`}>
              <CsrfField session={session} />
              <button type="submit" class="link-button">
                Kembalikan ke bawaan
              </button>
            </form>
          ) : null}
        </section>
      ))}
    </AdminPage>
  );
}
