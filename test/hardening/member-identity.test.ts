import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registrationMembers } from "../../schema";
import { memberEditorLink } from "../../workers/services/registration/links";
import { get, ORIGIN, postForm } from "../fixtures/officials";
import { createVillage, db, fixtureMembers, insertRegistration, keepAllMembers } from "../fixtures/registration-flow";

/**
 * Item 13 of issue 9: a kept row of the member editor is the stored person. Renaming it without
 * the NIK would let the row become someone else under the old person's NIK hash and declaration.
 */

const config = { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);

async function activeKim() {
  const village = await createVillage();
  const number = `KIM-${village.code.replaceAll(".", "")}-001`;
  const kim = await insertRegistration({ village, status: "approved", registrationNumber: number });
  const link = await memberEditorLink(config, kim.id, inAWeek());
  return { kim, link };
}

const storedRows = (id: string) =>
  db()
    .select({
      fullName: registrationMembers.fullName,
      nikHash: registrationMembers.nikHash,
      declarationAcceptedAt: registrationMembers.declarationAcceptedAt,
    })
    .from(registrationMembers)
    .where(eq(registrationMembers.registrationId, id))
    .orderBy(asc(registrationMembers.position));

describe("the member editor keeps a kept row the same person", () => {
  it("refuses to rename a kept member without the NIK, and stores nothing", async () => {
    const { kim, link } = await activeKim();
    const before = await storedRows(kim.id);

    const refused = await postForm(link, {
      ...keepAllMembers(kim),
      "members[1].fullName": "Orang Lain Sama Sekali",
      "members[1].phone": "0813 1111 2222",
      declaration: "on",
    });

    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Nama anggota ini diubah: isi NIK-nya dan centang pernyataan.");
    expect(await storedRows(kim.id)).toEqual(before);
    expect((await get(link, { html: true })).status).toBe(200);
  });

  it("asks for the declaration again when a kept member is renamed, even with the NIK", async () => {
    const { kim, link } = await activeKim();

    const refused = await postForm(link, {
      ...keepAllMembers(kim),
      "members[1].fullName": `${kim.members[1]?.fullName} Saputra`,
      "members[1].nik": kim.members[1]?.nik ?? "",
    });

    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Pernyataan bahwa data ini benar harus dicentang.");
  });

  it("fixes a typo in a kept member's name when the NIK given is the stored one, and stamps the declaration anew", async () => {
    const { kim, link } = await activeKim();
    const before = await storedRows(kim.id);
    const fixedName = `${kim.members[1]?.fullName} Saputra`;

    const saved = await postForm(link, {
      ...keepAllMembers(kim),
      "members[1].fullName": fixedName,
      "members[1].nik": kim.members[1]?.nik ?? "",
      declaration: "on",
    });

    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Daftar anggota sudah disimpan");
    const after = await storedRows(kim.id);
    expect(after[1]).toMatchObject({ fullName: fixedName, nikHash: before[1]?.nikHash });
    expect((after[1]?.declarationAcceptedAt ?? "") > (before[1]?.declarationAcceptedAt ?? "")).toBe(true);
  });

  it("treats a renamed row with another person's NIK as a new member: birth date and declaration are needed", async () => {
    const { kim, link } = await activeKim();
    const before = await storedRows(kim.id);
    const [stranger] = fixtureMembers(1);
    if (!stranger) throw new Error("no member");
    const renamed = {
      ...keepAllMembers(kim),
      "members[3].fullName": stranger.fullName,
      "members[3].nik": stranger.nik,
      "members[3].gender": stranger.gender,
    };

    const refused = await postForm(link, renamed);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("NIK ini milik orang lain: isi tanggal lahirnya.");
    expect(html).toContain("Pernyataan bahwa data ini benar harus dicentang.");

    const saved = await postForm(link, { ...renamed, "members[3].birthDate": stranger.birthDate, declaration: "on" });
    expect(saved.status).toBe(200);
    const after = await storedRows(kim.id);
    expect(after[3]?.fullName).toBe(stranger.fullName);
    expect(after[3]?.nikHash).not.toBe(before[3]?.nikHash);
  });
});
