import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  browserAvailable,
  inviteOfficial,
  linkIn,
  openPhoneBrowser,
  reloadUntil,
  signIn,
  waitForMail,
} from "./browser";

/** Kelurahan Gayam, Kecamatan Tanjung Redeb: a village no other browser test registers a KIM for. */
const VILLAGE = { code: "64.03.05.1006", name: "Gayam" };
const KIM_NAME = "KIM Gayam Berkabar";
const CONTACT = "kim.gayam@warga.example";
const HEAD = { name: "Hj. Norhayati", email: "lurah.gayam@berau.example" };
const VERIFIER = { name: "Andi Pratama", email: "verifikator.andi@berau.example" };

const MEMBERS = [
  { fullName: "Fitriani Saleh", birthDate: "1985-07-19", gender: "P", role: "ketua", occupation: "pedagang" },
  { fullName: "Bambang Sutrisno", birthDate: "1991-02-08", gender: "L", role: "sekretaris", occupation: "petani" },
  { fullName: "Rosalina Ding", birthDate: "1994-11-30", gender: "P", role: "bendahara", occupation: "nelayan" },
] as const;
const ROLE_LABELS = ["Ketua", "Sekretaris", "Bendahara"];

/** A structurally valid NIK issued in Kecamatan Tanjung Redeb (64.03.05); women's day is +40. */
function nik(birthDate: string, gender: "L" | "P", serial: number): string {
  const [y, m, d] = birthDate.split("-");
  const day = Number(d) + (gender === "P" ? 40 : 0);
  return `640305${String(day).padStart(2, "0")}${m}${y?.slice(2)}${String(serial).padStart(4, "0")}`;
}
const NIKS = MEMBERS.map((m, i) => nik(m.birthDate, m.gender, i + 11));
const PHONES = MEMBERS.map((_, i) => `08125551234${i}`);

const heading = (page: Page) => page.locator("h1").textContent();
const statusOf = (page: Page) => page.locator("dt:text-is('Status') + dd").textContent();

/** Fills and sends the public registration form; answers the tracking page's path. */
async function register(page: Page): Promise<string> {
  await page.goto("/daftar-kim");
  await page.fill("input[name=kimName]", KIM_NAME);
  await page.selectOption("select[name=villageCode]", VILLAGE.code);
  await page.fill("textarea[name=secretariatAddress]", "Jl. Pulau Derawan Gg. Mawar No. 7, Gayam");
  await page.fill("input[name=contactEmail]", CONTACT);
  await page.fill("input[name=contactPhone]", "0813 4700 2211");
  await page.fill("input[name=foundedOn]", "2026-09-14");
  await page.fill("input[name='decree.number']", "045/27/KEL-GY/IX/2026");
  await page.fill("input[name='decree.date']", "2026-09-21");
  await page.fill("input[name='decree.issuer']", "Lurah Gayam");
  for (const [i, m] of MEMBERS.entries()) {
    await page.fill(`input[name='members[${i}].fullName']`, m.fullName);
    await page.fill(`input[name='members[${i}].nik']`, NIKS[i] ?? "");
    await page.selectOption(`select[name='members[${i}].gender']`, m.gender);
    await page.fill(`input[name='members[${i}].birthDate']`, m.birthDate);
    await page.fill(`input[name='members[${i}].phone']`, PHONES[i] ?? "");
    await page.selectOption(`select[name='members[${i}].role']`, m.role);
    await page.selectOption(`select[name='members[${i}].occupation']`, m.occupation);
  }
  await page.check("input[name=declaration]");
  await page.click("button[name=_action][value=submit]");
  expect(await heading(page)).toBe(`Pendaftaran ${KIM_NAME}`);
  return new URL(page.url()).pathname;
}

/** No whole NIK or phone number of any member anywhere in the page's HTML. */
async function expectNoNikOrPhone(page: Page) {
  const html = await page.content();
  for (const value of [...NIKS, ...PHONES]) expect(html).not.toContain(value);
}

describe.skipIf(!browserAvailable())("KIM approval through the Workflow, without JavaScript", () => {
  it("village head endorses from the e-mail, the verifier approves, the officers get the certificate", async () => {
    await using adminBrowser = await openPhoneBrowser();
    await using headBrowser = await openPhoneBrowser();
    await using verifierBrowser = await openPhoneBrowser();
    await using applicantBrowser = await openPhoneBrowser();

    // 1. The administrator invites the lurah of Gayam and a Diskominfo verifier.
    const admin = await adminBrowser.context.newPage();
    await signIn(admin, "admin@simpul.example");
    await inviteOfficial(admin, HEAD, "village_head", VILLAGE.code);
    await inviteOfficial(admin, VERIFIER, "verifier");

    // 2. The KIM registers through the public form.
    const applicant = await applicantBrowser.context.newPage();
    const submittedAt = new Date(Date.now() - 1000);
    const trackingPath = await register(applicant);
    expect(await statusOf(applicant)).toBe("Menunggu pengesahan kepala kampung/lurah");

    // 3. The lurah gets the endorsement request from the Workflow. Opening its link only asks.
    const request = await waitForMail(HEAD.email, "Mohon pengesahan pendaftaran", submittedAt);
    expect(request.text).toContain(KIM_NAME);
    const head = await headBrowser.context.newPage();
    await head.goto(linkIn(request.text, "/aksi/", "Sahkan pendaftaran"));
    expect(await heading(head)).toBe("Sahkan pendaftaran KIM");
    const confirmation = await head.locator("main").textContent();
    expect(confirmation).toContain("045/27/KEL-GY/IX/2026");
    for (const m of MEMBERS) expect(confirmation).toContain(m.fullName);
    await expectNoNikOrPhone(head);
    await applicant.goto(trackingPath);
    expect(await statusOf(applicant)).toBe("Menunggu pengesahan kepala kampung/lurah");

    const endorsedAt = new Date(Date.now() - 1000);
    await head.fill("textarea[name=note]", "SK sesuai arsip kelurahan.");
    await head.click("main form button[type=submit]");
    expect(await heading(head)).toBe("Pendaftaran sudah disahkan");
    await applicant.goto(trackingPath);
    expect(await statusOf(applicant)).toBe("Menunggu verifikasi Diskominfo");
    expect(await applicant.locator(".timeline").textContent()).toContain("Disahkan kepala kampung/lurah");

    // 4. The Workflow asks the verifiers; the verifier signs in, finds it in the queue and approves.
    const ready = await waitForMail(VERIFIER.email, `Siap diverifikasi: ${KIM_NAME}`, endorsedAt);
    const detailPath = new URL(linkIn(ready.text, "/pendaftaran/")).pathname;
    const verifier = await verifierBrowser.context.newPage();
    await signIn(verifier, VERIFIER.email);
    await verifier.goto("/pendaftaran");
    const queue = verifier.locator("section", { hasText: "Menunggu verifikasi Diskominfo" });
    await queue.locator(`a[href='${detailPath}']`).click();
    expect(await heading(verifier)).toBe(KIM_NAME);
    const members = await verifier.locator("table").textContent();
    for (const [i, m] of MEMBERS.entries()) {
      expect(members).toContain(m.fullName);
      expect(members).toContain(`••••••••••••${NIKS[i]?.slice(-4)}`);
    }
    for (const value of NIKS) expect(await verifier.content()).not.toContain(value);

    const approvedAt = new Date(Date.now() - 1000);
    await verifier.click("form[action$='/setujui'] button[type=submit]");
    expect(await verifier.locator(".notice.success").textContent()).toMatch(/^Pendaftaran disetujui/);
    const number = await verifier.locator("dt:text-is('Nomor registrasi') + dd").textContent();
    expect(number).toBe("KIM-6403051006-001");

    // 5. The public tracking page shows the approval and the number; the officers get the certificate link.
    await reloadUntil(applicant, trackingPath, async (p) => (await statusOf(p)) === "Disetujui (KIM aktif)");
    expect(await applicant.locator("dt:text-is('Nomor registrasi KIM') + dd").textContent()).toBe(number);
    expect(await applicant.locator(".timeline").textContent()).toContain("Disetujui, KIM aktif");
    await expectNoNikOrPhone(applicant);

    const approval = await waitForMail(CONTACT, "resmi terdaftar", approvedAt);
    expect(approval.text).toContain(number);
    await applicant.goto(linkIn(approval.text, `/kim/${number}/sertifikat`, "Buka sertifikat"));
    const certificate = await applicant.locator("main").textContent();
    expect(certificate).toContain(KIM_NAME);
    expect(certificate).toContain(number);
    for (const [i, m] of MEMBERS.entries()) {
      expect(certificate).toContain(m.fullName);
      expect(certificate).toContain(ROLE_LABELS[i]);
      expect(certificate).not.toContain(m.birthDate);
    }
    await expectNoNikOrPhone(applicant);
    expect(await applicant.content()).not.toContain(CONTACT);
  });
});
