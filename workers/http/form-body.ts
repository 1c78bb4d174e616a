/**
 * Reading a posted HTML form (`c.req.parseBody({ all: true })`) as text fields and as indexed
 * rows (`members[3].occupation`, `socials[0].url`), the way the registration, revision and
 * member-editor forms name their fields.
 */

export type FormBody = Record<string, string | File | (string | File)[]>;

/**
 * A text field's value; a repeated field keeps its last value, a file or a missing field counts as blank.
 *
 * @example
 * formText({ kimName: ["KIM A", "KIM B"] }, "kimName") // "KIM B"
 */
export function formText(body: FormBody, name: string): string {
  const value = body[name];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === "string" ? last : "";
}

/**
 * Rows of an indexed group (`group[i].field`) as sent, in index order, each with every field of
 * `fields` (blank when not sent). Indices of one to four digits below `limit` count.
 *
 * @example
 * indexedRows({ "socials[2].url": "https://x.id" }, "socials", ["platform", "url"], 10)
 * // [{ platform: "", url: "https://x.id" }]
 */
export function indexedRows<F extends string>(
  body: FormBody,
  group: string,
  fields: readonly F[],
  limit: number,
): Record<F, string>[] {
  const pattern = new RegExp(`^${group}\\[(\\d{1,4})\\]\\.(\\w+)$`);
  const indices = new Set<number>();
  for (const name of Object.keys(body)) {
    const match = pattern.exec(name);
    if (match && Number(match[1]) < limit) indices.add(Number(match[1]));
  }
  return [...indices]
    .sort((a, b) => a - b)
    .map((i) => Object.fromEntries(fields.map((f) => [f, formText(body, `${group}[${i}].${f}`)])) as Record<F, string>);
}
