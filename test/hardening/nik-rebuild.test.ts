import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox, registrations } from "../../schema";
import type { Gender } from "../../workers/domain/nik";
import { isTemplateName, renderTemplate } from "../../workers/mail/templates";
import { revisionFormLink } from "../../workers/services/registration/links";
import { get, grants, ORIGIN, sendJson, signedInOfficial, type TestSession } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { db } from "../fixtures/registration-flow";
import { postRegistration, takeVillage } from "../fixtures/registration-intake";
import { makeNik, rawApplication, rawMember } from "../fixtures/registrations";

/**
 * The privacy part of issue 9: a NIK is region (digits 1–6, the KIM's kecamatan is a good guess),
 * birth date DDMMYY with 40 added to the day for women (7–12) and a serial (13–16). A view that
 * holds a member's whole birth date beside the last four digits gives the whole NIK back. This
 * test plays the attacker on everything stored and everything shown to each role, and finds no
 * NIK; the same attack on the old shape of the data finds it, so the test can fail.
 */

const MONTHS = [
  "januari",
  "februari",
  "maret",
  "april",
  "mei",
  "juni",
  "juli",
  "agustus",
  "september",
  "oktober",
  "november",
  "desember",
];
const pad2 = (n: number | string) => String(n).padStart(2, "0");

/** Every whole date written in `text`: ISO, DD-MM-YYYY or DD/MM/YYYY, and "12 Maret 1990". */
function datesIn(text: string): Set<string> {
  const dates = new Set<string>();
  for (const [, y, m, d] of text.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)) dates.add(`${y}-${m}-${d}`);
  for (const [, d, m, y] of text.matchAll(/\b(\d{2})[-/.](\d{2})[-/.](\d{4})\b/g)) dates.add(`${y}-${m}-${d}`);
  const longDate = new RegExp(`\\b(\\d{1,2}) (${MONTHS.join("|")}) (\\d{4})\\b`, "gi");
  for (const [, d, month, y] of text.matchAll(longDate)) {
    dates.add(`${y}-${pad2(MONTHS.indexOf((month ?? "").toLowerCase()) + 1)}-${pad2(d ?? "")}`);
  }
  return dates;
}

/** Every NIK tail written in `text`: a masked NIK's visible digits, or a stored `nik_last4`/`nikLast4`. */
function serialsIn(text: string): Set<string> {
  const serials = new Set<string>();
  for (const [, s] of text.matchAll(/•{4,}(\d{4})\b/g)) serials.add(s ?? "");
  for (const [, s] of text.matchAll(/"nik_?[lL]ast4":"(\d{4})"/g)) serials.add(s ?? "");
  return serials;
}

/**
 * The NIKs an attacker can write down from `text`: every 16-digit run, and every combination of
 * the KIM's region, a date found in the text (as a man's and as a woman's) and a NIK tail found in
 * the text. A member's NIK among them counts as rebuilt.
 */
function rebuildNiks(text: string, regionPrefix: string): Set<string> {
  const candidates = new Set(text.match(/(?<!\d)\d{16}(?!\d)/g) ?? []);
  for (const birthDate of datesIn(text)) {
    for (const gender of ["L", "P"] as Gender[]) {
      for (const serial of serialsIn(text)) candidates.add(makeNik({ regionPrefix, birthDate, gender, serial }));
    }
  }
  return candidates;
}

/** Every row of every table of D1, as JSON: all that is stored. */
async function dumpD1(): Promise<string> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
  ).all<{ name: string }>();
  const dump: Record<string, unknown[]> = {};
  for (const { name } of tables.results) {
    dump[name] = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
  }
  return JSON.stringify(dump);
}

/** Every mail in the outbox, rendered as it would be sent. */
async function renderedOutbox(): Promise<string> {
  const rows = await db().select({ template: mailOutbox.template, params: mailOutbox.params }).from(mailOutbox);
  const ctx = { publicBaseUrl: ORIGIN, officeName: "Diskominfo", regencyName: "Kabupaten Berau" };
  return JSON.stringify(
    rows.map((r) => (isTemplateName(r.template) ? renderTemplate(r.template, r.params, ctx) : r.params)),
  );
}

/** A page or API answer as text, failing the test when it is not a 200 (an empty view proves nothing). */
async function shown(path: string, session?: TestSession, json = false): Promise<string> {
  const res = json ? await sendJson("GET", path, undefined, { session }) : await get(path, { session, html: true });
  expect(res.status, path).toBe(200);
  return res.text();
}

/** The members of the application: both genders, several birth dates, every NIK issued in the KIM's kecamatan. */
function membersIn(regionPrefix: string) {
  const people: [string, Gender, string][] = [
    ["ketua", "L", "1985-01-23"],
    ["sekretaris", "P", "1990-03-12"],
    ["bendahara", "P", "1979-11-05"],
    ["anggota", "L", "2001-06-30"],
    ["anggota", "P", "1995-09-09"],
    ["anggota", "L", "1968-12-31"],
  ];
  return people.map(([role, gender, birthDate], n) =>
    rawMember(n, {
      role,
      gender,
      birthDate,
      nik: makeNik({ regionPrefix, birthDate, gender, serial: String(7301 + n) }),
    }),
  );
}

beforeAll(() => seedReferenceData(env.DB));

describe("rebuilding members' NIKs from what Simpul stores and shows", () => {
  it("finds no NIK in the stored rows, in any role's pages and API answers, or in the mails", async () => {
    const villageCode = takeVillage();
    const regionPrefix = villageCode.replaceAll(".", "").slice(0, 6);
    const members = membersIn(regionPrefix);
    const submitted = await postRegistration(rawApplication({ villageCode, members }));
    expect(submitted.status).toBe(201);
    const { id } = (await submitted.json()) as { id: string };

    const head = await signedInOfficial([grants.villageHead(villageCode)]);
    const verifier = await signedInOfficial([grants.verifier()]);
    const admin = await signedInOfficial([grants.admin()]);
    const views: Record<string, string> = {
      "village head: detail page": await shown(`/pendaftaran/${id}`, head.session),
      "village head: JSON API": await shown(`/api/v1/registrations/${id}`, head.session, true),
      "verifier: detail page": await shown(`/pendaftaran/${id}`, verifier.session),
      "verifier: JSON API": await shown(`/api/v1/registrations/${id}`, verifier.session, true),
      "admin: detail page": await shown(`/pendaftaran/${id}`, admin.session),
      "admin: JSON API": await shown(`/api/v1/registrations/${id}`, admin.session, true),
      "public: tracking page": await shown(`/daftar-kim/${id}`),
      "public: status API": await shown(`/api/v1/registrations/${id}/status`, undefined, true),
    };
    // The applicant's member rows, as the revision form shows them.
    await db().update(registrations).set({ status: "needs_revision" }).where(eq(registrations.id, id));
    const link = await revisionFormLink(
      { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN },
      id,
      new Date(Date.now() + 86_400_000),
    );
    views["applicant: revision form"] = await shown(link);
    views["mails in the outbox"] = await renderedOutbox();
    views["D1: every table"] = await dumpD1();

    // The views do show the members (names, masked NIKs), so finding nothing means something.
    const officerView = views["verifier: detail page"] ?? "";
    for (const m of members) expect(officerView).toContain(m.fullName as string);
    expect(serialsIn(officerView).size).toBe(members.length);

    const everything = Object.values(views).join("\n");
    const rebuilt = Object.fromEntries(
      [...Object.entries(views), ["all of it together", everything] as const].map(([source, text]) => {
        const candidates = rebuildNiks(text, regionPrefix);
        return [source, members.filter((m) => candidates.has(m.nik as string)).length];
      }),
    );
    expect(rebuilt).toEqual(Object.fromEntries(Object.keys(rebuilt).map((source) => [source, 0])));
  });

  it("would rebuild every NIK from the old shape of a member row and of the officials' member table", () => {
    const regionPrefix = "640304";
    const people: [Gender, string, string][] = [
      ["L", "1985-01-23", "0001"],
      ["P", "1990-03-12", "0002"],
      ["P", "1979-11-05", "0003"],
    ];
    const niks = people.map(([gender, birthDate, serial]) => makeNik({ regionPrefix, birthDate, gender, serial }));
    const oldRows = JSON.stringify(
      people.map(([gender, birthDate, serial]) => ({ nik_last4: serial, gender, birth_date: birthDate })),
    );
    const oldTable = people
      .map(
        ([gender, birthDate, serial]) =>
          `<tr><td><code>••••••••••••${serial}</code></td><td>${gender}</td><td>${birthDate}</td></tr>`,
      )
      .join("");
    for (const text of [oldRows, oldTable]) {
      const candidates = rebuildNiks(text, regionPrefix);
      expect(niks.filter((nik) => candidates.has(nik))).toEqual(niks);
    }
  });
});
