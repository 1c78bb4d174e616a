import { describe, expect, it } from "vitest";
import { browserAvailable, openPhoneBrowser, waitForMail } from "./browser";

/** A structurally valid NIK from Berau (64.03.04) for a birth date and gender; women's day is +40. */
function nik(birthDate: string, gender: "L" | "P", serial: number): string {
  const [y, m, d] = birthDate.split("-");
  const day = Number(d) + (gender === "P" ? 40 : 0);
  return `640304${String(day).padStart(2, "0")}${m}${y?.slice(2)}${String(serial).padStart(4, "0")}`;
}

const MEMBERS = [
  { fullName: "Rahmat Hidayat", birthDate: "1988-04-12", gender: "L", role: "ketua", occupation: "petani" },
  { fullName: "Siti Aminah", birthDate: "1992-09-03", gender: "P", role: "sekretaris", occupation: "pedagang" },
  { fullName: "Yohanes Lawing", birthDate: "1990-01-25", gender: "L", role: "bendahara", occupation: "nelayan" },
] as const;

describe.skipIf(!browserAvailable())("KIM registration on a phone without JavaScript", () => {
  it("keeps what was typed when something is missing, then registers and mails the tracking link", async () => {
    await using browser = await openPhoneBrowser();
    const page = await browser.context.newPage();
    await page.goto("/daftar-kim");
    await page.fill("input[name=kimName]", "KIM Long La'ai Bersatu");
    await page.selectOption("select[name=villageCode]", "64.03.04.2001");
    await page.fill("textarea[name=secretariatAddress]", "Jl. Poros Kampung No. 3, Long La'ai");
    await page.fill("input[name=contactEmail]", "kim.longlaai@warga.example");
    await page.fill("input[name=contactPhone]", "0812 3456 7890");
    await page.fill("input[name=foundedOn]", "2026-10-01");
    await page.fill("input[name='decree.number']", "140/12/LL/X/2026");
    await page.fill("input[name='decree.date']", "2026-10-05");
    await page.fill("input[name='decree.issuer']", "Kepala Kampung Long La'ai");
    const fillMember = async (i: number, occupation: string) => {
      const m = MEMBERS[i];
      if (!m) throw new Error(`no member ${i}`);
      await page.fill(`input[name='members[${i}].fullName']`, m.fullName);
      await page.fill(`input[name='members[${i}].nik']`, nik(m.birthDate, m.gender, i + 1));
      await page.selectOption(`select[name='members[${i}].gender']`, m.gender);
      await page.fill(`input[name='members[${i}].birthDate']`, m.birthDate);
      await page.fill(`input[name='members[${i}].phone']`, `08135550000${i}`);
      await page.selectOption(`select[name='members[${i}].role']`, m.role);
      await page.selectOption(`select[name='members[${i}].occupation']`, occupation);
    };
    // Two members, one of them a civil servant: the server refuses both rules at once.
    await fillMember(0, MEMBERS[0].occupation);
    await fillMember(1, "asn");
    await page.check("input[name=declaration]");
    await page.click("button[name=_action][value=submit]");

    // Nothing stored yet: the form comes back with every problem listed and what was typed kept.
    const summary = page.locator(".error-summary");
    expect(await summary.count()).toBe(1);
    expect(await summary.textContent()).toMatch(/bendahara/i);
    expect(await summary.textContent()).toMatch(/ASN|pekerjaan/i);
    expect(await page.inputValue("input[name=kimName]")).toBe("KIM Long La'ai Bersatu");
    expect(await page.inputValue("input[name='members[1].fullName']")).toBe("Siti Aminah");

    const submittedAt = new Date(Date.now() - 1000);
    await page.selectOption("select[name='members[1].occupation']", MEMBERS[1].occupation);
    await fillMember(2, MEMBERS[2].occupation);
    if (!(await page.isChecked("input[name=declaration]"))) await page.check("input[name=declaration]");
    await page.click("button[name=_action][value=submit]");

    expect(await page.locator("h1").textContent()).toBe("Pendaftaran KIM Long La'ai Bersatu");
    const trackingPath = new URL(page.url()).pathname;
    expect(trackingPath).toMatch(/^\/daftar-kim\/REG-[0-9A-Z]{10}$/);
    const html = await page.content();
    for (const m of MEMBERS) expect(html).not.toContain(m.fullName);
    expect(html).not.toContain("6403041204880001");
    expect(html).not.toContain("3456 7890");

    const mail = await waitForMail("kim.longlaai@warga.example", "diterima", submittedAt);
    expect(mail.text).toContain(trackingPath);
  });
});
