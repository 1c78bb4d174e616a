import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, browserAvailable, inviteOfficial, linkIn, openPhoneBrowser, signIn, waitForMail } from "./browser";

/**
 * Item 18 of issue 9: no officials' or admin page is wider than a 360 px phone, whoever is signed
 * in, and on a desk screen the members table stays inside its column. The pages come from each
 * official's own menus, so a new section is measured without anyone adding it here.
 */

/** Kampung Panaan, Kecamatan Kelay: a village no other browser test registers a KIM for. */
const VILLAGE = "64.03.01.2002";
const OFFICIALS = [
  { role: "verifier", name: "Verifikator Layar Sempit", email: "verifikator.layar@berau.example", scope: "" },
  { role: "leadership", name: "Pimpinan Layar Sempit", email: "pimpinan.layar@berau.example", scope: "" },
  { role: "village_head", name: "Kepala Kampung Panaan", email: "kakam.panaan@berau.example", scope: VILLAGE },
  { role: "agency_officer", name: "Petugas OPD Layar", email: "petugas.layar@berau.example", scope: "pupr" },
  { role: "agency_head", name: "Kepala OPD Layar", email: "kepala.opd.layar@berau.example", scope: "dinkes" },
] as const;
const PHONE_WIDTH = 360;

/** A structurally valid NIK issued in Kecamatan Kelay (64.03.01); women's day is +40. */
function nik(birthDate: string, gender: "L" | "P", serial: number): string {
  const [y, m, d] = birthDate.split("-");
  const day = Number(d) + (gender === "P" ? 40 : 0);
  return `640301${String(day).padStart(2, "0")}${m}${y?.slice(2)}${String(serial).padStart(4, "0")}`;
}

/** Registers a KIM of eight members with long names through the API; answers its id. */
async function registerLongKim(): Promise<string> {
  const roles = ["ketua", "sekretaris", "bendahara", "anggota", "anggota", "anggota", "anggota", "anggota"];
  const members = roles.map((role, i) => {
    const gender = i % 2 === 0 ? "L" : "P";
    return {
      fullName: `Muhammad Abdurrahman Syahputra Wijayakusuma Panaan ${i + 1}`,
      nik: nik("1986-04-17", gender, 700 + i),
      gender,
      birthDate: "1986-04-17",
      phone: `0813 5566 ${String(7100 + i)}`,
      role,
      occupation: "nelayan",
      declaration: true,
    };
  });
  const res = await fetch(`${baseUrl()}/api/v1/registrations`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    body: JSON.stringify({
      kimName: "KIM Panaan Cerdas Informatif Berdaya Bersama Sejahtera",
      villageCode: VILLAGE,
      secretariatAddress: "Jl. Poros Kampung Panaan RT 03, dekat balai kampung",
      contactEmail: "kim.panaan.informatif.berdaya@warga.example",
      contactPhone: "0813 5566 7000",
      foundedOn: "2026-08-03",
      decree: { number: "140/077/SK-KPG-PNN/VIII/2026", date: "2026-08-10", issuer: "Kepala Kampung Panaan" },
      website: "https://kim-panaan-cerdas-informatif.example.id/profil-lengkap",
      socials: [{ platform: "facebook", url: "https://facebook.com/kim.panaan.cerdas.informatif.berdaya" }],
      communityGroups: ["Karang Taruna Panaan", "PKK Kampung Panaan"],
      members,
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The same-site links matching `selector` on the page, as paths. */
async function menuPaths(page: Page, selector: string): Promise<string[]> {
  const hrefs = await page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.filter((h) => h.startsWith("/"));
}

// Scripts run in the page (as text: this project's types have no DOM).
/** The first members row: each cell's label (its `::before`), whether the cells stack, and the column headings. */
const MEMBERS_TABLE = `(() => {
  const table = document.querySelector("main table");
  const cells = [...table.querySelectorAll("tbody tr:first-child td")];
  const tops = cells.map((td) => td.getBoundingClientRect().top);
  return {
    labels: cells.map((td) => getComputedStyle(td, "::before").content),
    stacked: tops.every((top, i) => i === 0 || top > tops[i - 1]),
    headings: [...table.querySelectorAll("thead th")].map((th) => '"' + th.textContent + ': "'),
  };
})()`;
/** Whether the page fits a 1280 px screen and its first table fits inside <main> while wider than the phone column (46rem). */
const DESK_FIT = `(() => {
  const main = document.querySelector("main").getBoundingClientRect();
  const table = document.querySelector("main table").getBoundingClientRect();
  return { page: document.documentElement.scrollWidth <= 1280, table: table.right <= main.right && table.width > 46 * 16 };
})()`;

/** Opens each path and answers those wider than the screen, with their width. */
async function tooWide(page: Page, paths: Iterable<string>, limit: number): Promise<Record<string, number>> {
  const wide: Record<string, number> = {};
  for (const path of new Set(paths)) {
    await page.goto(path);
    const width = await page.evaluate<number>("document.documentElement.scrollWidth");
    if (width > limit) wide[path] = width;
  }
  return wide;
}

describe.skipIf(!browserAvailable())("officials' and admin pages on a 360 px phone", () => {
  // Seven sign-ins by e-mailed link and some forty pages: longer than the project's 60 s per test.
  it("fit the screen for every kind of official, with tables stacked into rows", async () => {
    await using adminBrowser = await openPhoneBrowser();
    const admin = await adminBrowser.context.newPage();
    await signIn(admin, "admin@simpul.example");
    // The village head first, so the Workflow mails them the endorsement request.
    for (const who of OFFICIALS) await inviteOfficial(admin, who, who.role, who.scope);
    const submittedAt = new Date(Date.now() - 1000);
    const detail = `/pendaftaran/${await registerLongKim()}`;
    const wide: Record<string, Record<string, number>> = {};

    await admin.goto("/admin");
    const adminPages = await menuPaths(admin, ".admin-nav a, .official-nav a, main .cards a");
    await admin.goto("/admin/pejabat");
    adminPages.push(...(await menuPaths(admin, "main table a")));
    await admin.goto("/admin/opd");
    adminPages.push(...(await menuPaths(admin, "main table a")).slice(0, 1));
    await admin.goto("/admin/kalender");
    adminPages.push(...(await menuPaths(admin, "main table a")).slice(0, 1));
    expect(adminPages).toEqual(expect.arrayContaining(["/admin/pejabat", "/admin/audit", "/admin/kalender"]));
    wide.admin = await tooWide(admin, [...adminPages, "/akun", "/pendaftaran", detail, "/api/docs"], PHONE_WIDTH);

    for (const who of OFFICIALS) {
      await using browser = await openPhoneBrowser();
      const page = await browser.context.newPage();
      await signIn(page, who.email);
      await page.goto("/akun");
      const own = await menuPaths(page, ".official-nav a");
      wide[who.role] = await tooWide(page, [...own, "/akun", "/pendaftaran", detail], PHONE_WIDTH);
    }

    // The village head's endorsement confirmation, opened from the Workflow's mail.
    const request = await waitForMail("kakam.panaan@berau.example", "Mohon pengesahan pendaftaran", submittedAt);
    wide.endorsementLink = await tooWide(admin, [linkIn(request.text, "/aksi/", "Sahkan pendaftaran")], PHONE_WIDTH);

    expect(wide).toEqual({
      admin: {},
      verifier: {},
      leadership: {},
      village_head: {},
      agency_officer: {},
      agency_head: {},
      endorsementLink: {},
    });

    // The members table stacks: its cells sit one under another, each named by its column's heading.
    await using verifierBrowser = await openPhoneBrowser();
    const verifier = await verifierBrowser.context.newPage();
    await signIn(verifier, "verifikator.layar@berau.example");
    await verifier.goto(detail);
    const members = await verifier.evaluate<{ labels: string[]; stacked: boolean; headings: string[] }>(MEMBERS_TABLE);
    expect(members).toEqual({
      labels: members.headings,
      stacked: true,
      headings: expect.arrayContaining(['"Nama: "']),
    });

    // On a desk screen the same table stays inside its column.
    await verifier.setViewportSize({ width: 1280, height: 800 });
    await verifier.goto(detail);
    const fit = await verifier.evaluate<{ page: boolean; table: boolean }>(DESK_FIT);
    expect(fit).toEqual({ page: true, table: true });
  }, 300_000);
});
