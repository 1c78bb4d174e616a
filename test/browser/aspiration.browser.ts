import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserAvailable, inviteOfficial, linkIn, openPhoneBrowser, signIn, waitForMail, watchPage } from "./browser";

/**
 * Issue 10's journey on a phone without JavaScript: a citizen reports as `anonim` on /aspirasi and
 * opens the tracking page; a verifier, signed in by e-mailed link, routes the report; the agency's
 * officer, signed in by link, answers it without ever seeing who reported it; the citizen rates the
 * answer from the link in the e-mail. Every page on the way is checked with axe-core, for its width
 * and for the HTML + CSS it transfers (`watchPage`).
 */

const REPORTER = { name: "Hj. Mardiana Lestarini", email: "mardiana.lestarini@warga.example", phone: "0813 4711 2299" };
/** The phone's digits with any separators, as a page might print it (0813…, +62 813-…). */
const REPORTER_PHONE = new RegExp("81347112299".split("").join("[\\s.()-]?"));
const VERIFIER = { name: "Verifikator Aspirasi", email: "verifikator.aspirasi@berau.example" };
const OFFICER = { name: "Petugas DLH", email: "petugas.dlh.aspirasi@berau.example" };
const AGENCY = { id: "dlh", name: "Dinas Lingkungan Hidup" };
const TITLE = "Sampah tidak diangkut dua minggu di Gang Mawar";
const ANSWER = "Truk sampah sudah dijadwalkan ulang setiap Senin dan Kamis mulai pekan ini.";

/** The reporter's name, e-mail or phone, wherever the page's HTML shows it. */
async function identityShown(page: Page): Promise<string[]> {
  const html = (await page.content()).toLowerCase();
  const found: string[] = [];
  if (html.includes("mardiana") || html.includes("lestarini")) found.push("name");
  if (html.includes("warga.example")) found.push("e-mail");
  if (REPORTER_PHONE.test(html)) found.push("phone");
  return found;
}

/** Where the journey got to, for the feedback step: the code and the link in the "answered" e-mail. */
let answered: { code: string; link: string } | undefined;

describe.skipIf(!browserAvailable())("an aspiration from the citizen to the agency's answer, on a phone", () => {
  it("is reported as anonim, routed by a verifier and answered by the agency, which never sees the reporter", async () => {
    await using adminBrowser = await openPhoneBrowser();
    const admin = await adminBrowser.context.newPage();
    await signIn(admin, "admin@simpul.example");
    await inviteOfficial(admin, VERIFIER, "verifier");
    await inviteOfficial(admin, OFFICER, "agency_officer", AGENCY.id);

    const problems: string[] = [];

    // 1. The citizen reports, as anonim (the default), with a name, e-mail and phone.
    await using citizenBrowser = await openPhoneBrowser();
    const citizen = await citizenBrowser.context.newPage();
    const citizenPages = watchPage(citizen);
    await citizen.goto("/aspirasi");
    problems.push(...(await citizenPages.check()));
    expect(await citizen.isChecked("input[name=privacy][value=anonim]")).toBe(true);
    await citizen.check("input[name=kind][value=pengaduan]");
    await citizen.selectOption("select[name=categoryId]", "sampah-kebersihan");
    await citizen.selectOption("select[name=villageCode]", "64.03.05.1006");
    await citizen.fill("input[name=title]", TITLE);
    await citizen.fill(
      "textarea[name=description]",
      "Sampah rumah tangga di ujung Gang Mawar RT 04 tidak diangkut sejak dua minggu lalu dan mulai berbau.",
    );
    await citizen.fill("input[name=reporterName]", REPORTER.name);
    await citizen.fill("input[name=reporterEmail]", REPORTER.email);
    await citizen.fill("input[name=reporterPhone]", REPORTER.phone);
    const submittedAt = new Date(Date.now() - 1000);
    await citizen.click("main form button[type=submit]");
    problems.push(...(await citizenPages.check()));
    expect(await citizen.locator(".notice.success").textContent()).toContain("Laporan terkirim.");
    const code = (await citizen.locator(".notice.success strong.code").textContent()) ?? "";
    expect(code).toMatch(/^ASP-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // The citizen opens the tracking page again from the confirmation e-mail.
    const received = await waitForMail(REPORTER.email, `Laporan Anda diterima: ${code}`, submittedAt);
    await citizen.goto(linkIn(received.text, `/lacak/${code}`));
    problems.push(...(await citizenPages.check()));
    expect(await citizen.locator("h1").textContent()).toBe(TITLE);
    expect(await citizen.locator("dt:text-is('Status') + dd").textContent()).toBe("Diterima, menunggu verifikasi");
    expect(await identityShown(citizen)).toEqual([]);

    // 2. The verifier signs in by e-mailed link, finds the report in the queue, sees who sent it, and routes it.
    await using verifierBrowser = await openPhoneBrowser();
    const verifier = await verifierBrowser.context.newPage();
    const verifierPages = watchPage(verifier);
    await signIn(verifier, VERIFIER.email, async () => problems.push(...(await verifierPages.check())));
    await verifier.goto("/aspirasi/kelola");
    problems.push(...(await verifierPages.check()));
    await verifier.click(`main a[href='/aspirasi/kelola/${code}']`);
    problems.push(...(await verifierPages.check()));
    expect(await identityShown(verifier)).toEqual(["name", "e-mail", "phone"]);
    expect(await verifier.inputValue("select[name=agencyId]")).toBe(AGENCY.id);
    const routedAt = new Date(Date.now() - 1000);
    await verifier.click("form[action$='/teruskan'] button[type=submit]");
    problems.push(...(await verifierPages.check()));
    expect(await verifier.locator("main").textContent()).toContain(AGENCY.name);

    // 3. The agency's officer gets the case by e-mail, signs in by link, and answers it: no identity anywhere.
    const routed = await waitForMail(OFFICER.email, `Aspirasi baru untuk ${AGENCY.name}: ${code}`, routedAt);
    expect(routed.text).not.toMatch(/mardiana|lestarini|warga\.example/i);
    expect(routed.text).not.toMatch(REPORTER_PHONE);
    await using officerBrowser = await openPhoneBrowser();
    const officer = await officerBrowser.context.newPage();
    const officerPages = watchPage(officer);
    const officerSaw: string[] = [];
    const officerCheck = async (p: Page) => {
      problems.push(...(await officerPages.check()));
      officerSaw.push(...(await identityShown(p)).map((piece) => `${new URL(p.url()).pathname}: ${piece}`));
    };
    await signIn(officer, OFFICER.email, officerCheck);
    await officer.goto("/aspirasi/kelola");
    await officerCheck(officer);
    expect(await officer.locator(`main a[href='/aspirasi/kelola/${code}']`).count()).toBe(1);
    await officer.goto(linkIn(routed.text, `/aspirasi/kelola/${code}`));
    await officerCheck(officer);
    expect(officerSaw).toEqual([]);
    expect(await officer.locator("main").textContent()).toContain("identitas pelapor dilindungi");
    const answeredAt = new Date(Date.now() - 1000);
    await officer.fill("form[action$='/jawab'] textarea[name=publicAnswer]", ANSWER);
    await officer.click("form[action$='/jawab'] button[type=submit]");
    await officerCheck(officer);
    expect(await officer.locator("main").textContent()).toContain("Sudah dijawab");
    expect(officerSaw).toEqual([]);

    // The citizen's tracking page shows the answer; the e-mail brings the link to rate it.
    const mail = await waitForMail(REPORTER.email, `Laporan Anda sudah dijawab: ${code}`, answeredAt);
    answered = { code, link: linkIn(mail.text, `/lacak/${code}`) };
    await citizen.goto(`/lacak/${code}`);
    problems.push(...(await citizenPages.check()));
    expect(await citizen.locator("main").textContent()).toContain(ANSWER);
    expect(await identityShown(citizen)).toEqual([]);

    expect(problems).toEqual([]);
    expect([...citizenPages.unchecked(), ...verifierPages.unchecked(), ...officerPages.unchecked()]).toEqual([]);
  }, 180_000);

  it("lets the citizen rate the answer from the link in the e-mail", async (ctx) => {
    if (!answered) throw new Error("the journey above did not reach the agency's answer");
    await using citizenBrowser = await openPhoneBrowser();
    const citizen = await citizenBrowser.context.newPage();
    const pages = watchPage(citizen);
    await citizen.goto(answered.link);
    const problems = await pages.check();
    const form = citizen.locator(`form[action='/lacak/${answered.code}/tanggapan']`);
    // The feedback form is built alongside this test; until it is on the page this step is skipped, not passed.
    if ((await form.count()) === 0) {
      ctx.skip(`no rating form (action /lacak/${answered.code}/tanggapan) on the tracking page yet`);
      return;
    }
    await form.locator("input[name=rating][value='4']").check();
    await form.locator("button[type=submit]", { hasText: "Kirim penilaian" }).click();
    problems.push(...(await pages.check()));
    const main = await citizen.locator("main").textContent();
    expect(main).toContain("Terima kasih, tanggapan Anda sudah dicatat.");
    expect(main).toContain("Penilaian pelapor: 4 dari 5.");
    expect(await identityShown(citizen)).toEqual([]);
    expect(problems).toEqual([]);
    expect(pages.unchecked()).toEqual([]);
  });
});
