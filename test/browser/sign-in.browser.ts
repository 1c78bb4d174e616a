import { describe, expect, it } from "vitest";
import { browserAvailable, openPhoneBrowser, waitForMail } from "./browser";

describe.skipIf(!browserAvailable())("on a phone without JavaScript", () => {
  it("the landing page says what Simpul is and leads to registration and sign-in", async () => {
    await using browser = await openPhoneBrowser();
    const page = await browser.context.newPage();
    await page.goto("/");
    expect(await page.locator("h1").textContent()).toContain("Simpul");
    expect(await page.locator("a[href='/daftar-kim']").count()).toBeGreaterThan(0);
    expect(await page.locator("a[href='/masuk']").count()).toBeGreaterThan(0);
  });

  it("an official signs in with the e-mailed link and reaches the admin area", async () => {
    await using browser = await openPhoneBrowser();
    const page = await browser.context.newPage();
    const requested = new Date(Date.now() - 1000);
    await page.goto("/masuk");
    await page.fill("input[name=email]", "admin@simpul.example");
    await page.click("button[type=submit]");
    expect(await page.locator("h1").textContent()).toBe("Periksa e-mail Anda");

    const mail = await waitForMail("admin@simpul.example", "Tautan masuk", requested);
    const link = /https?:\/\/\S+\/masuk\/tautan\/\S+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();

    // Opening the link (as a mail scanner would) signs nobody in; pressing "Masuk" does.
    await page.goto(link as string);
    expect(await page.locator("h1").textContent()).toBe("Masuk ke Simpul");
    const probe = await browser.context.newPage();
    await probe.goto("/admin/pejabat");
    expect(new URL(probe.url()).pathname).toBe("/masuk");
    await page.click("button[type=submit]");
    await page.goto("/admin/pejabat");
    expect(page.url()).toContain("/admin/pejabat");
    expect(await page.locator("h1").textContent()).toMatch(/Pejabat/i);

    // The link is spent: a second use is refused.
    await page.goto(link as string);
    expect(await page.locator("h1").textContent()).toBe("Tautan masuk tidak berlaku");
  });
});
