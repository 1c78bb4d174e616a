import { describe, expect, it } from "vitest";
import * as z from "zod";
import { renderTemplate, type TemplateName, templates } from "../../workers/mail/templates";

/**
 * Every user-supplied string in every e-mail is escaped (issue 13). For each template, params are
 * built from its own schema: every free-text field carries a hostile string (markup, a script, a
 * header injection), every constrained field a valid value. The HTML must show the text, never the
 * markup, and the subject must stay on one line.
 */

const ctx = {
  publicBaseUrl: "https://simpul.beraukab.test",
  officeName: "Dinas Komunikasi dan Informatika Kabupaten Berau",
  regencyName: "Kabupaten Berau",
};

const HOSTILE = [
  '<script>alert("x")</script>',
  '"><img src=x onerror=alert(1)>',
  "Nama\r\nBcc: penyusup@evil.test",
  '<a href="javascript:alert(1)">klik</a>',
];

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  minItems?: number;
  maxLength?: number;
};

/** Values a constrained string field of some template accepts; the first its pattern matches is used. */
const CANDIDATES = [
  "2026-03-20T08:00:00.000Z",
  "2026-03-20",
  "2026-03",
  "/petugas/kasus",
  "ASP-7K3Q-H9TM",
  "KIM-6403042001-001",
  "REG-01ABCDEFGH",
  "64.03.04.2001",
  "+6281234567890",
];

/** Free-text strings get `text`; everything else a valid value. */
function build(s: Schema, text: string): unknown {
  if (s.enum && s.enum.length > 0) return s.enum[0];
  if (s.anyOf) return build(s.anyOf.find((a) => a.type !== "null") ?? {}, text);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  switch (type) {
    case "object":
      return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, build(v, text)]));
    case "array":
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => build(s.items ?? {}, text));
    case "integer":
    case "number":
      return Math.max(1, s.minimum ?? 1);
    case "boolean":
      return true;
    case "string": {
      if (s.format === "email") return "warga@contoh.id";
      if (s.format === "date-time") return "2026-03-20T08:00:00.000Z";
      if (s.format === "date") return "2026-03-20";
      if (s.pattern) {
        const pattern = new RegExp(s.pattern);
        return CANDIDATES.find((c) => pattern.test(c)) ?? text;
      }
      // Short fields (a tracking code) get the hostile string cut to fit: still markup.
      return text.slice(0, s.maxLength ?? text.length);
    }
    default:
      return text;
  }
}

/** Whether the schema has a string field free to carry text (no format, pattern or list of values). */
function hasFreeText(s: Schema): boolean {
  if (s.anyOf) return s.anyOf.some(hasFreeText);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  if (type === "object") return Object.values(s.properties ?? {}).some(hasFreeText);
  if (type === "array") return hasFreeText(s.items ?? {});
  return type === "string" && !s.enum && !s.format && !s.pattern;
}

const names = Object.keys(templates) as TemplateName[];

describe("every e-mail escapes what people typed", () => {
  it.each(names)("%s", (name) => {
    const schema = z.toJSONSchema(templates[name].params, { io: "input", unrepresentable: "any" }) as Schema;
    let rendered = 0;
    for (const text of HOSTILE) {
      const result = renderTemplate(name, build(schema, text), ctx);
      if (!result.ok) continue;
      rendered++;
      const { html, subject } = result.mail;
      expect(html).not.toContain("<script");
      expect(html).not.toContain("<img");
      expect(html).not.toMatch(/<a href="javascript:/i);
      expect(subject).not.toMatch(/[\r\n]/);
      // The text itself reaches the reader, escaped: the check above is not passing on an empty mail.
      if (text === HOSTILE[0] && hasFreeText(schema)) expect(html).toContain("&lt;script");
    }
    // A template that accepted none of the hostile strings proves nothing: its free text must be reachable.
    expect(rendered, `${name}: no params built from its schema were accepted`).toBeGreaterThan(0);
  });
});
