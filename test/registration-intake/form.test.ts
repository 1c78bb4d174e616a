import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrations } from "../../schema";
import { createDb } from "../../workers/db";
import { seedReferenceData } from "../fixtures/reference-data";
import {
  BASE,
  EXE_HEAD,
  fileBytes,
  formFields,
  formToken,
  freshApplication,
  PNG_HEAD,
  postForm,
} from "../fixtures/registration-intake";

const db = createDb(env.DB);

beforeAll(() => seedReferenceData(env.DB));

/** A value as hono/jsx writes it into an attribute. */
const attr = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/'/g, "&#39;").replace(/</g, "&lt;");

/** The form fields of a fresh valid application, with a token from a GET of the form. */
async function filledForm(options: Parameters<typeof freshApplication>[0] = {}) {
  const application = freshApplication(options);
  const fields: Record<string, string> = { ...formFields(application), _token: await formToken() };
  return { application, fields };
}

const registrationsOf = (villageCode: string) =>
  db.select().from(registrations).where(eq(registrations.villageCode, villageCode));

describe("GET /daftar-kim", () => {
  it("renders the form: villages grouped by kecamatan, ten member rows, a token, never cached", async () => {
    const res = await exports.default.fetch(`${BASE}/daftar-kim`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/daftar-kim" enctype="multipart/form-data">');
    expect(html).toMatch(/<optgroup label="Kecamatan Segah"><option value="64\.03\.04\.2001">Long La&#39;ai<\/option>/);
    expect(html).toContain('name="members[9].fullName"');
    expect(html).not.toContain('name="members[10].fullName"');
    expect(html).toMatch(/name="_token" value="[a-z2-7]{32}\.\d+\.[\w-]{43}"/);
    expect(html).toContain('<option value="asn">Aparatur Sipil Negara (ASN/PNS)</option>');
    expect(html).not.toContain("<script");
  });
});

describe("POST /daftar-kim", () => {
  it("creates the registration and sends the browser to its tracking page", async () => {
    const { application, fields } = await filledForm();
    const res = await postForm(fields);
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/daftar-kim\/REG-[0-9A-Z]{10}\?terkirim=1$/);
    const [stored] = await registrationsOf(application.villageCode);
    expect(location).toContain(stored?.id);

    const page = await (await exports.default.fetch(`${BASE}${location}`)).text();
    expect(page).toContain("Pendaftaran terkirim.");
    expect(page).toContain(`http://localhost:8787/daftar-kim/${stored?.id}`);
  });

  it("shows every problem at once, in a summary with links and beside each field, keeping what was typed", async () => {
    const { application, fields } = await filledForm();
    fields["members[3].occupation"] = "asn";
    fields["members[1].phone"] = "12345";
    fields.contactEmail = "bukan email";
    fields["decree.number"] = "";
    const res = await postForm(fields);
    expect(res.status).toBe(422);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();

    expect(html).toContain("Ada 4 hal yang perlu diperbaiki");
    expect(html).toContain('<a href="#f-contactEmail">E-mail kontak: ');
    expect(html).toContain('<a href="#f-decree-number">Nomor SK pembentukan: Nomor SK pembentukan wajib diisi.</a>');
    expect(html).toContain('<a href="#f-members-1-phone">Anggota 2, nomor ponsel: ');
    expect(html).toContain('<a href="#f-members-3-occupation">Anggota 4, pekerjaan: Pekerjaan ');
    expect(html).toMatch(/<div class="field-error" id="f-members-3-occupation-error"><p>Pekerjaan /);
    expect(html).toContain('aria-describedby="f-members-3-occupation-error"');

    expect(html).toContain(`value="${attr(application.kimName as string)}"`);
    expect(html).toContain('value="bukan email"');
    expect(html).toContain('<option value="asn" selected="">');
    // The person's own NIKs come back so they can correct the form; nothing was stored.
    for (const m of application.members) expect(html).toContain(`value="${m.nik}"`);
    expect(html).toContain('name="declaration" checked=""');
    expect(await registrationsOf(application.villageCode)).toEqual([]);
  });

  it("asks for the one declaration once, not once per member", async () => {
    const { fields } = await filledForm();
    delete fields.declaration;
    const html = await (await postForm(fields)).text();
    expect(html).toContain("Ada 1 hal yang perlu diperbaiki");
    expect(html).toContain('<a href="#f-declaration">Pernyataan: Pernyataan bahwa data ini benar harus dicentang.</a>');
  });

  it("drops blank member rows and moves the filled ones up when showing the form again", async () => {
    const { application, fields } = await filledForm();
    // Move member 5 to row 8, leaving rows 5 to 7 blank, and break member 5's phone.
    for (const key of ["fullName", "nik", "gender", "birthDate", "phone", "role", "occupation"]) {
      fields[`members[7].${key}`] = fields[`members[4].${key}`] ?? "";
      delete fields[`members[4].${key}`];
    }
    fields["members[7].phone"] = "99";
    const html = await (await postForm(fields)).text();
    expect(html).toContain('<a href="#f-members-4-phone">Anggota 5, nomor ponsel: ');
    expect(html).toContain(`name="members[4].nik" type="text" value="${application.members[4]?.nik}"`);
    expect(html).toContain('name="members[9].fullName"');
  });

  it("adds five empty member rows without JavaScript, keeping every value and reporting nothing", async () => {
    const { application, fields } = await filledForm();
    const res = await postForm({ ...fields, _action: "add_rows" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="members[14].fullName"');
    expect(html).not.toContain('name="members[15].fullName"');
    expect(html).not.toContain("hal yang perlu diperbaiki");
    expect(html).toContain(`value="${application.members[0]?.nik}"`);
    expect(html).toContain(`name="_token" value="${fields._token}"`);
    expect(await registrationsOf(application.villageCode)).toEqual([]);
  });

  it("creates one registration when the same form is sent twice, both landing on its page", async () => {
    const { application, fields } = await filledForm();
    const first = await postForm(fields);
    const second = await postForm(fields);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await registrationsOf(application.villageCode)).toHaveLength(1);
  });

  it("says so when an already sent form comes back with other data, saving nothing new", async () => {
    const { application, fields } = await filledForm();
    const first = await postForm(fields);
    const changed = await postForm({ ...fields, kimName: "KIM Nama Lain" });
    expect(changed.status).toBe(409);
    const html = await changed.text();
    expect(html).toContain("Formulir ini sudah terkirim");
    expect(html).toContain(`href="${(first.headers.get("location") ?? "").replace("?terkirim=1", "")}"`);
    expect((await registrationsOf(application.villageCode)).map((r) => r.kimName)).toEqual([application.kimName]);
  });

  it("shows the form again with a new token when the token is missing or forged", async () => {
    const { application, fields } = await filledForm();
    const res = await postForm({ ...fields, _token: "forged.token" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Formulir ini sudah terlalu lama terbuka atau tidak lengkap");
    expect(html).toContain(`>${attr(application.secretariatAddress as string)}</textarea>`);
    expect(html).not.toContain('value="forged.token"');
    expect(await registrationsOf(application.villageCode)).toEqual([]);
  });

  it("refuses a post from another site", async () => {
    const { fields } = await filledForm();
    const res = await postForm(fields, { origin: "https://penipu.example" });
    expect(res.status).toBe(403);
  });

  it("stores an attached scan, and asks for it again when the form needs correcting", async () => {
    const { application, fields } = await filledForm();
    const ok = await postForm(fields, {
      scan: { bytes: fileBytes(PNG_HEAD, 2_000), name: "sk.png", type: "image/png" },
    });
    expect(ok.status).toBe(303);
    const [stored] = await registrationsOf(application.villageCode);
    expect(stored).toMatchObject({ decreeScanType: "image/png", decreeScanSize: 2_000 });

    const other = await filledForm();
    const bad = await postForm(other.fields, {
      scan: { bytes: fileBytes(EXE_HEAD, 2_000), name: "sk.pdf", type: "application/pdf" },
    });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain(
      '<a href="#f-decreeScan">Pindaian SK: Berkas pindaian SK harus berupa PDF, JPEG atau PNG.</a>',
    );
    expect(html).toContain("Pilih berkasnya lagi");
  });

  it("answers a village that already has a KIM with 409 and the message beside the village", async () => {
    const first = await filledForm();
    expect((await postForm(first.fields)).status).toBe(303);
    const second = await filledForm({ villageCode: first.application.villageCode });
    const res = await postForm(second.fields);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toMatch(/<div class="field-error" id="f-villageCode-error"><p>Kampung\/kelurahan ini sudah memiliki/);
    expect(html).toContain(`<option value="${first.application.villageCode}" selected="">`);
  });
});
