import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrations } from "../../schema";
import { createDb } from "../../workers/db";
import { templates } from "../../workers/mail/templates";
import { get, grants, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { createVillage, insertRegistration } from "../fixtures/registration-flow";
import { BASE, formFields, formToken, freshApplication, postForm } from "../fixtures/registration-intake";

/** Issue 9, item 21: small things people notice. */

const db = createDb(env.DB);

beforeAll(() => seedReferenceData(env.DB));

const mailCtx = {
  publicBaseUrl: "https://simpul.beraukab.test",
  officeName: "Dinas Komunikasi dan Informatika Kabupaten Berau",
  regencyName: "Kabupaten Berau",
};

const page = async (path: string) => (await exports.default.fetch(`${BASE}${path}`)).text();

/** The `<form …>` of the registration page, up to its end. */
const registrationForm = (html: string) => html.slice(html.indexOf('<form method="post" action="/daftar-kim"'));

describe("the registration form", () => {
  it("marks a member's phone, and every other field a used member row needs, with *", async () => {
    const html = await page("/daftar-kim");
    for (const [field, label] of [
      ["phone", "Nomor ponsel"],
      ["fullName", "Nama lengkap"],
      ["nik", "NIK"],
      ["birthDate", "Tanggal lahir"],
      ["occupation", "Pekerjaan"],
    ]) {
      expect(html).toContain(`<label for="f-members-0-${field}">${label} *</label>`);
    }
    expect(html).toContain('<label for="f-members-0-sectionName">Nama seksi</label>');
  });

  it("sends the form, not 'add rows', when Enter is pressed in a field", async () => {
    const form = registrationForm(await page("/daftar-kim"));
    // Implicit submission (Enter) presses the form's first submit button.
    const first = /<button type="submit"[^>]*>/.exec(form)?.[0] ?? "";
    expect(first).not.toContain("add_rows");
    expect(first).not.toContain('name="_action"');

    // That button sends no `_action`: the server takes it as a submission.
    const application = freshApplication();
    const fields = { ...formFields(application), _token: await formToken() };
    const res = await postForm(fields);
    expect(res.status).toBe(303);
    expect(
      await db.select().from(registrations).where(eq(registrations.villageCode, application.villageCode)),
    ).toHaveLength(1);
  });

  it("lands on the new member rows with a message after 'Tambah baris anggota'", async () => {
    const form = registrationForm(await page("/daftar-kim"));
    expect(form).toMatch(/<button[^>]*value="add_rows"[^>]*formaction="\/daftar-kim#baris-baru"/);

    const application = freshApplication();
    const res = await postForm({ ...formFields(application), _token: await formToken(), _action: "add_rows" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const filled = application.members.length;
    const notice = html.indexOf('id="baris-baru"');
    expect(notice).toBeGreaterThan(-1);
    expect(html.slice(notice)).toContain(
      `Baris anggota kosong sudah ditambahkan. Lanjutkan mengisi mulai Anggota ${filled + 1}.`,
    );
    // The anchor sits right before the first empty row, after the last filled one.
    expect(notice).toBeGreaterThan(html.indexOf(`name="members[${filled - 1}].fullName"`));
    expect(notice).toBeLessThan(html.indexOf(`name="members[${filled}].fullName"`));
  });
});

describe("mail", () => {
  it("does not ask the invited official to reply to a mail whose footer says not to", () => {
    const mail = templates.official_invite.render({ roles: "Verifikator Diskominfo", signInPath: "/masuk" }, mailCtx);
    expect(mail.text).toContain("mohon tidak membalas");
    expect(mail.text).not.toMatch(/\bbalas\b/i);
    expect(mail.html).not.toMatch(/\bbalas\b/i);
    expect(mail.text).toContain(
      "Jika Anda merasa tidak seharusnya menerima e-mail ini, abaikan saja atau hubungi Dinas Komunikasi dan Informatika Kabupaten Berau.",
    );
  });

  it("names the regency once in every footer", () => {
    const mail = templates.sign_in_link.render(
      { link: "/masuk/tautan?token=abc", expiresAt: "2026-03-13T01:15:00Z" },
      mailCtx,
    );
    const footer = mail.text.slice(mail.text.indexOf("\n--\n"));
    expect(footer.match(/Kabupaten Berau/g)).toHaveLength(1);
    expect(footer).toContain(
      "Email ini dikirim oleh Dinas Komunikasi dan Informatika Kabupaten Berau, melalui Simpul (https://simpul.beraukab.test).",
    );
    const short = templates.sign_in_link.render(
      { link: "/masuk/tautan?token=abc", expiresAt: "2026-03-13T01:15:00Z" },
      { ...mailCtx, officeName: "Diskominfo" },
    );
    expect(short.text).toContain("Email ini dikirim oleh Diskominfo, Kabupaten Berau, melalui Simpul");
  });
});

describe("pages", () => {
  it("render in standards mode, where the 'Keluar' button lines up with the links beside it", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await get("/akun", { session });
    const html = await res.text();
    // Without a doctype browsers use quirks mode, where the sign-out form's bottom margin lifted the button 8 px.
    expect(html.startsWith("<!doctype html><html")).toBe(true);
    expect(html).toContain('<form method="post" action="/keluar" class="inline">');
    expect((await page("/")).startsWith("<!doctype html>")).toBe(true);
  });

  it("links the aspiration form, tracking, the public answers and the statistics, and promises nothing unbuilt", async () => {
    const html = await page("/");
    expect(html).toContain('href="/aspirasi"');
    expect(html).toContain('href="/lacak"');
    expect(html).toContain('href="/aspirasi/publik"');
    expect(html).toContain('href="/statistik"');
    expect(html).not.toContain("Segera hadir");
  });
});

describe("the certificate", () => {
  async function activeKim() {
    const village = await createVillage();
    const number = `KIM-${village.code.replaceAll(".", "")}-001`;
    const kim = await insertRegistration({ village, status: "approved", registrationNumber: number });
    return { kim, number };
  }

  it("shows its approval date, a verification URL with its QR code, and how to save it as PDF on a phone", async () => {
    const { kim, number } = await activeKim();
    const [stored] = await db.select().from(registrations).where(eq(registrations.id, kim.id));
    const html = await (await get(`/kim/${number}/sertifikat`)).text();
    const approved = new Intl.DateTimeFormat("id-ID", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "Asia/Makassar",
    }).format(new Date(stored?.approvedAt ?? ""));
    expect(html).toContain(`Tanggal persetujuan: <strong>${approved}</strong>`);
    const verifyUrl = `${env.PUBLIC_BASE_URL}/kim/${number}/verifikasi`;
    expect(html).toContain(`<a href="${verifyUrl}"`);
    expect(html).toMatch(/<div class="qr" role="img" aria-label="[^"]+"><svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(html).toContain("Di ponsel Android");
    expect(html).toContain("Simpan sebagai PDF");
    expect(html).not.toContain("(Ctrl+P) untuk mencetak");
  });

  it("is verified against the register: active, or not genuine, and names nobody", async () => {
    const { kim, number } = await activeKim();
    const [stored] = await db.select().from(registrations).where(eq(registrations.id, kim.id));
    const active = await get(`/kim/${number}/verifikasi`);
    expect(active.status).toBe(200);
    const html = await active.text();
    expect(html).toContain("Sertifikat ini sah:");
    expect(html).toContain("<strong>masih aktif</strong>");
    expect(html).toContain(`<dd>${stored?.kimName}</dd>`);
    for (const m of kim.members) {
      expect(html).not.toContain(m.fullName);
      expect(html).not.toContain(m.phone);
    }

    const unknown = await get("/kim/KIM-6403049997-001/verifikasi");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Sertifikat dengan nomor ini tidak sah.");
    const garbage = await get(`/kim/${encodeURIComponent("<script>x")}/verifikasi`);
    expect(garbage.status).toBe(404);
    expect(await garbage.text()).not.toContain("<script>x");
  });
});
