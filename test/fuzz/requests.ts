import fc from "fast-check";

/**
 * Hostile requests for the fuzz suite: strings that break things, bodies derived from a route's
 * JSON Schema (from the OpenAPI document) and then broken, and the encodings a careless or
 * malicious client sends. Everything here is data; `endpoints.test.ts` sends it.
 */

/** What a reflected string must never come back as, unescaped, in a page or an e-mail. */
export const SCRIPT_MARKER = '<script>alert("fz")</script>';

/** Strings that broke, or could break, parsers, queries, renderers and loops. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 6 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 6 },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      SCRIPT_MARKER,
      '"><img src=x onerror=alert(1)>',
      "' OR 1=1 --",
      "'); DROP TABLE aspirations; --",
      "\u202Eevil\u202C",
      "مرحبا بالعالم",
      "😀".repeat(300),
      "\uD800",
      "\u0000",
      "../../etc/passwd",
      "%00%ff",
      "9999-12-31",
      "0000-00-00",
      "-1",
      "1e309",
      "NaN",
      " ",
      "",
    ),
  },
  // Huge values are rarer: each costs the server (and the test) far more than the rest.
  { arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => "A".repeat(n)), weight: 1 },
);

/** Path parameter values: nasty, or shaped like the real thing so handlers go deeper. */
export const pathValue: fc.Arbitrary<string> = fc.oneof(
  nastyString,
  fc.constantFrom(
    "ASP-2345-6789",
    "ASP-ZZZZ-ZZZZ",
    "64.03.04.2001",
    "64.03.04",
    "2026-11",
    "2026-13",
    "KIM-6403042001-001",
  ),
  fc.uuid(),
);

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
};

export type Components = Record<string, JsonSchema>;

const resolve = (schema: JsonSchema, components: Components): JsonSchema =>
  schema.$ref ? (components[schema.$ref.split("/").at(-1) ?? ""] ?? {}) : schema;

/** Values that satisfy a JSON Schema most of the time (enough to reach the handler's own checks). */
export function fromSchema(schema: JsonSchema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  if (depth > 5) return fc.constant(null);
  if (s.enum && s.enum.length > 0) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives && alternatives.length > 0)
    return fc.oneof(...alternatives.map((a) => fromSchema(a, components, depth + 1)));
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object": {
      const props = Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v, components, depth + 1)]),
      );
      return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
    }
    case "array":
      return fc.array(s.items ? fromSchema(s.items, components, depth + 1) : fc.anything(), { maxLength: 4 });
    case "string":
      if (s.format === "email") return fc.emailAddress();
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 60, 200) });
    case "integer":
      return fc.integer({ min: s.minimum ?? -10, max: s.maximum ?? 1000 });
    case "number":
      return fc.double({ min: s.minimum ?? -10, max: s.maximum ?? 1000, noNaN: true });
    case "boolean":
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value nested `depth` levels deep: the 20,000-level object that once overflowed a stack. */
export const deeplyNested = (depth: number): string => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

/** A valid-looking body, broken one way: a key dropped, a value of the wrong type, extra keys, or not an object. */
export function brokenBody(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const asRecord = valid.filter(
    (v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v),
  );
  return fc.oneof(
    valid,
    asRecord.chain((v) =>
      Object.keys(v).length === 0
        ? fc.constant(v)
        : fc.constantFrom(...Object.keys(v)).map((k) => {
            const { [k]: _dropped, ...rest } = v;
            return rest;
          }),
    ),
    fc.tuple(asRecord, fc.anything(), nastyString).map(([v, junk, s]) => {
      const keys = Object.keys(v);
      const key = keys[s.length % Math.max(1, keys.length)] ?? "x";
      return { ...v, [key]: s.length % 2 ? junk : s };
    }),
    fc.tuple(asRecord, fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })).map(([v, extra]) => ({
      ...v,
      ...extra,
    })),
    fc.jsonValue({ maxDepth: 3 }),
  );
}

export interface FuzzBody {
  contentType: string | null;
  body: string | Uint8Array | FormData | null;
  label: string;
}

/** How a body reaches the server: JSON, wrong types, broken encodings, multipart with a lying file, or huge. */
export function encodedBody(value: fc.Arbitrary<unknown>, form: boolean): fc.Arbitrary<FuzzBody> {
  const json = value.map((v) => ({
    contentType: "application/json",
    body: JSON.stringify(v) ?? "null",
    label: "json",
  }));
  const urlencoded = fc
    .dictionary(
      fc.oneof(nastyString, fc.constantFrom("kind", "title", "description", "email", "reason", "_csrf", "note")),
      nastyString,
      {
        maxKeys: 6,
      },
    )
    .map((d) => ({
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams(d).toString(),
      label: "form",
    }));
  const odd = fc.oneof(
    fc.constant({ contentType: "application/json", body: deeplyNested(20_000), label: "deep json" }),
    fc.constant({ contentType: "application/json", body: '{"title": "tidak selesai', label: "truncated json" }),
    fc.constant({
      contentType: "application/json",
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      label: "invalid utf-8",
    }),
    fc.constant({
      contentType: "multipart/form-data",
      body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1',
      label: "multipart, no boundary",
    }),
    fc.constant({
      contentType: "multipart/form-data; boundary=zz",
      body: '--zz\r\nContent-Disposition: form-data; name="photos"; filename="a\u0000.png"\r\nContent-Type: image/png\r\n\r\nMZ\x90\x00',
      label: "multipart, NUL filename, truncated",
    }),
    fc.constant({ contentType: "text/plain", body: "halo", label: "text/plain" }),
    fc.constant({ contentType: "application/xml", body: "<a>1</a>", label: "xml" }),
    fc.constant({ contentType: null, body: null, label: "no body" }),
    fc.constant({ contentType: "application/json", body: `"${"x".repeat(3_000_000)}"`, label: "3 MB json" }),
    value.map((v) => {
      const data = new FormData();
      data.set("aspiration", JSON.stringify(v) ?? "");
      data.set("photos", new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00])], "foto.png", { type: "image/png" }));
      return { contentType: null, body: data, label: "multipart, lying photo" };
    }),
  );
  return form
    ? fc.oneof({ arbitrary: urlencoded, weight: 3 }, { arbitrary: json, weight: 1 }, { arbitrary: odd, weight: 1 })
    : fc.oneof({ arbitrary: json, weight: 3 }, { arbitrary: urlencoded, weight: 1 }, { arbitrary: odd, weight: 1 });
}

/** A query string of known and unknown keys with nasty values. */
export const queryString: fc.Arbitrary<string> = fc
  .dictionary(
    fc.oneof(
      fc.constantFrom("bulan", "from", "to", "days", "sebelum", "q", "kunci", "cursor", "page", "status", "next"),
      nastyString,
    ),
    nastyString,
    { maxKeys: 3 },
  )
  .map((d) => {
    const s = new URLSearchParams(d).toString();
    return s ? `?${s}` : "";
  });
