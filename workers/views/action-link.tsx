import type { ErrorDetail } from "../errors";
import { Layout } from "./layout";
import { FieldError } from "./official-layout";

/** What the confirmation page of an action link shows. */
export interface ActionConfirmation {
  title: string;
  /** Paragraphs explaining what pressing the button does. */
  paragraphs: string[];
  confirmLabel: string;
  /** Extra inputs, e.g. a mandatory reason for a rejection. */
  fields?: { name: string; label: string; required: boolean; multiline?: boolean }[];
}

/** The page shown after the action was performed. */
export interface ActionOutcome {
  title: string;
  paragraphs: string[];
}

/** The page a signed action link opens: what will happen and one button. Opening it changes nothing. */
export function ActionConfirmPage({
  token,
  confirmation,
  values,
  errors,
}: {
  token: string;
  confirmation: ActionConfirmation;
  values?: Record<string, string>;
  errors?: ErrorDetail[];
}) {
  const errorFor = (name: string) => errors?.find((e) => e.path === name)?.message;
  const fieldNames = new Set((confirmation.fields ?? []).map((f) => f.name));
  const otherErrors = (errors ?? []).filter((e) => !fieldNames.has(e.path));
  return (
    <Layout title={confirmation.title}>
      <h1>{confirmation.title}</h1>
      {errors?.length ? (
        <div class="error-summary" role="alert">
          <p>Tindakan belum dilakukan. Perbaiki isian di bawah lalu kirim lagi; tautan ini masih dapat dipakai.</p>
          {otherErrors.length ? (
            <ul>
              {otherErrors.map((e) => (
                <li>{e.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {confirmation.paragraphs.map((p) => (
        <p>{p}</p>
      ))}
      <form method="post" action={`/aksi/${token}`}>
        {(confirmation.fields ?? []).map((f) => (
          <>
            <label for={f.name}>
              {f.label}
              {f.required ? " (wajib)" : ""}
            </label>
            {f.multiline ? (
              <textarea id={f.name} name={f.name} rows={4} required={f.required}>
                {values?.[f.name] ?? ""}
              </textarea>
            ) : (
              <input id={f.name} name={f.name} required={f.required} value={values?.[f.name] ?? ""} />
            )}
            <FieldError id={f.name} message={errorFor(f.name)} />
          </>
        ))}
        <button type="submit" class="button">
          {confirmation.confirmLabel}
        </button>
      </form>
    </Layout>
  );
}

/** After the action: what was done. */
export function ActionDonePage({ outcome }: { outcome: ActionOutcome }) {
  return (
    <Layout title={outcome.title}>
      <h1>{outcome.title}</h1>
      {outcome.paragraphs.map((p) => (
        <p>{p}</p>
      ))}
    </Layout>
  );
}

/** The record no longer allows what the link was made for. */
export function ActionNotApplicablePage() {
  return (
    <Layout title="Tautan tidak berlaku lagi">
      <h1>Tautan ini tidak berlaku lagi</h1>
      <p>Tindakan yang dimaksud tautan ini sudah tidak dapat dilakukan, misalnya karena sudah diputuskan.</p>
    </Layout>
  );
}
