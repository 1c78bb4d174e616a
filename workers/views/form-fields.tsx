import type { Child } from "hono/jsx";
import type { ErrorDetail } from "../errors";

/**
 * The inputs of the public forms (registration, revision, member editor): each with its label,
 * hint and messages, tied together for screen readers. They work without JavaScript.
 */

/** Problems grouped by the form field that shows them. */
export type FieldErrors = ReadonlyMap<string, readonly string[]>;

/**
 * Where a problem is shown on a form: each member's declaration is the form's one checkbox,
 * and the community groups are lines of one text area.
 *
 * @example
 * formFieldPath("members[2].declaration") // "declaration"
 * formFieldPath("communityGroups[1]") // "communityGroups"
 */
export function formFieldPath(path: string): string {
  if (/^members\[\d+\]\.declaration$/.test(path)) return "declaration";
  if (/^communityGroups\[\d+\]$/.test(path)) return "communityGroups";
  return path;
}

/** The HTML id of a field: `members[2].nik` → `f-members-2-nik`. */
export function fieldId(path: string): string {
  return `f-${path.replace(/\]/g, "").replace(/[[.]/g, "-")}`;
}

/** Groups problems by form field (`formFieldPath`), one copy of each message per field. */
export function groupErrors(details: readonly ErrorDetail[] = []): FieldErrors {
  const grouped = new Map<string, string[]>();
  for (const d of details) {
    const path = formFieldPath(d.path);
    const list = grouped.get(path) ?? [];
    if (!list.includes(d.message)) list.push(d.message);
    grouped.set(path, list);
  }
  return grouped;
}

/** The messages of one field (or of a group of fields, such as `members`), or nothing. */
export function FieldMessages({ path, errors }: { path: string; errors: FieldErrors }) {
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
  hint?: string | undefined;
  required?: boolean | undefined;
  /**
   * Marks the label `*` without the browser's `required`: for member rows, whose every field is
   * needed once the row is used, while a row left blank is simply not sent.
   */
  marked?: boolean | undefined;
  children: (attrs: ReturnType<typeof described>) => Child;
}

/** Label, hint, messages and the control, in the order a screen reader and a small screen want them. */
export function Field({ path, label, errors, hint, required, marked, children }: FieldProps) {
  const attrs = described(path, errors, hint !== undefined);
  return (
    <div class={errors.has(path) ? "field invalid" : "field"}>
      <label for={attrs.id}>
        {label}
        {required || marked ? " *" : ""}
      </label>
      {hint ? (
        <p class="hint" id={`${attrs.id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldMessages path={path} errors={errors} />
      {children(attrs)}
    </div>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  hint?: string | undefined;
  required?: boolean;
  marked?: boolean;
  type?: "text" | "email" | "tel" | "date" | "url";
  autocomplete?: string;
  inputmode?: "numeric" | "tel" | "email" | "url";
  maxlength?: number;
}

/** A one-line input. */
export function TextField(p: TextFieldProps) {
  return (
    <Field path={p.name} label={p.label} errors={p.errors} hint={p.hint} required={p.required} marked={p.marked}>
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

interface TextAreaFieldProps {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  rows: number;
  hint?: string;
  required?: boolean;
  maxlength?: number;
}

/** A text area, for an address or one entry per line. */
export function TextAreaField(p: TextAreaFieldProps) {
  return (
    <Field path={p.name} label={p.label} errors={p.errors} hint={p.hint} required={p.required}>
      {(attrs) => (
        <textarea {...attrs} name={p.name} rows={p.rows} maxlength={p.maxlength} required={p.required}>
          {p.value}
        </textarea>
      )}
    </Field>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  name: string;
  label: string;
  value: string;
  errors: FieldErrors;
  placeholder: string;
  options: readonly SelectOption[];
  /** Options under headings (`<optgroup>`), after `options`: the villages by kecamatan. */
  groups?: readonly { label: string; options: readonly SelectOption[] }[];
  hint?: string;
  required?: boolean;
  marked?: boolean;
}

/** A choice from a list, with an empty first option that asks to choose. */
export function SelectField(p: SelectFieldProps) {
  const option = (o: SelectOption) => (
    <option value={o.value} selected={o.value === p.value}>
      {o.label}
    </option>
  );
  return (
    <Field path={p.name} label={p.label} errors={p.errors} hint={p.hint} required={p.required} marked={p.marked}>
      {(attrs) => (
        <select {...attrs} name={p.name} required={p.required}>
          <option value="">{p.placeholder}</option>
          {p.options.map(option)}
          {(p.groups ?? []).map((g) => (
            <optgroup label={g.label}>{g.options.map(option)}</optgroup>
          ))}
        </select>
      )}
    </Field>
  );
}
