import { env } from "cloudflare:workers";
import { and, asc, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, mailOutbox, registrationEvents, registrationMembers, registrations } from "../../schema";
import { memberEditorLink, revisionFormLink } from "../../workers/services/registration/links";
import { get, ORIGIN, postForm } from "../fixtures/officials";
import {
  createVillage,
  db,
  type FixtureMember,
  type FixtureRegistration,
  fixtureMembers,
  insertRegistration,
  keepAllMembers,
  stateOf,
} from "../fixtures/registration-flow";

const config = { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);

/** An active KIM in a fresh village, with the registration number of that village. */
async function activeKim(members?: FixtureMember[]) {
  const village = await createVillage();
  const number = `KIM-${village.code.replaceAll(".", "")}-001`;
  const kim = await insertRegistration({ village, status: "approved", registrationNumber: number, members });
  return { kim, number };
}

/** A new member in form row `i`. */
function newRow(i: number, m: FixtureMember): Record<string, string> {
  return {
    [`members[${i}].fullName`]: m.fullName,
    [`members[${i}].nik`]: m.nik,
    [`members[${i}].gender`]: m.gender,
    [`members[${i}].birthDate`]: m.birthDate,
    [`members[${i}].phone`]: m.phone,
    [`members[${i}].role`]: "anggota",
    [`members[${i}].occupation`]: "nelayan",
  };
}

const outboxOf = (id: string) =>
  db()
    .select({ template: mailOutbox.template, to: mailOutbox.recipients })
    .from(mailOutbox)
    .where(like(mailOutbox.dedupeKey, `${id}:%`))
    .orderBy(asc(mailOutbox.createdAt));

describe("/kim/:number/sertifikat", () => {
  it("shows the KIM, its number and its officers' names and roles, and no other personal data", async () => {
    const { kim, number } = await activeKim();
    const res = await get(`/kim/${number}/sertifikat`, { html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Sertifikat Pendaftaran Kelompok Informasi Masyarakat");
    expect(html).toContain(number);
    for (const [i, role] of ["Ketua", "Sekretaris", "Bendahara"].entries()) {
      expect(html).toContain(role);
      expect(html).toContain(kim.members[i]?.fullName);
    }
    expect(html).toContain(`Jumlah anggota: ${kim.members.length} orang`);
    for (const m of kim.members) {
      expect(html).not.toContain(m.phone);
      expect(html).not.toContain(m.nik.slice(-4));
      expect(html).not.toContain(m.birthDate);
    }
    expect(html).not.toContain(kim.contactEmail);
  });

  it("answers 404 for a number that is not an active KIM's, or not a number at all", async () => {
    expect((await get("/kim/KIM-6403049998-001/sertifikat")).status).toBe(404);
    expect((await get("/kim/REG-123/sertifikat")).status).toBe(404);
  });
});

describe("/daftar-kim/:id of an approved registration", () => {
  it("shows the registration number, linking to the certificate, and no personal data", async () => {
    const { kim, number } = await activeKim();
    const res = await get(`/daftar-kim/${kim.id}`, { html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<strong>Disetujui (KIM aktif)</strong>");
    expect(html).toContain(`<dt>Nomor registrasi KIM</dt><dd><a href="/kim/${number}/sertifikat">${number}</a></dd>`);
    for (const m of kim.members) {
      expect(html).not.toContain(m.fullName);
      expect(html).not.toContain(m.phone);
    }
    const api = await get(`/api/v1/registrations/${kim.id}/status`);
    expect(await api.json()).toMatchObject({ data: { status: "approved", registrationNumber: number } });
  });
});

describe("an active KIM's member list, through the signed link", () => {
  it("the request page mails the link to the KIM's contact address, naming it only masked", async () => {
    const { kim, number } = await activeKim();
    const res = await postForm(`/kim/${number}/anggota`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain(kim.contactEmail);
    expect(html).toContain(`${kim.contactEmail.slice(0, 1)}•••@warga.test`);
    expect(await outboxOf(kim.id)).toEqual([{ template: "kim_members_link", to: [kim.contactEmail] }]);
  });

  it("saves an added, a removed and an updated member once, with the rules checked and each change audited", async () => {
    const { kim } = await activeKim();
    const link = await memberEditorLink(config, kim.id, inAWeek());
    const page = await get(link, { html: true });
    expect(page.status).toBe(200);
    const form = await page.text();
    expect(form).toContain(kim.members[0]?.fullName);
    expect(form).toContain(`••••••••••••${kim.members[0]?.nik.slice(-4)}`);
    expect(form).not.toContain(kim.members[0]?.nik);

    const [newcomer] = fixtureMembers(1);
    if (!newcomer) throw new Error("no member");
    const fields = {
      ...keepAllMembers(kim),
      "members[1].phone": "0813 9999 0000",
      "members[3].remove": "on",
      ...newRow(4, newcomer),
      declaration: "on",
    };
    const saved = await postForm(link, fields);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("Daftar anggota sudah disimpan");

    const members = await db()
      .select({
        fullName: registrationMembers.fullName,
        phone: registrationMembers.phone,
        nikLock: registrationMembers.nikLock,
      })
      .from(registrationMembers)
      .where(eq(registrationMembers.registrationId, kim.id))
      .orderBy(asc(registrationMembers.position));
    expect(members.map((m) => m.fullName)).toEqual([
      kim.members[0]?.fullName,
      kim.members[1]?.fullName,
      kim.members[2]?.fullName,
      newcomer.fullName,
    ]);
    expect(members[1]?.phone).toBe("+6281399990000");
    expect(members.every((m) => m.nikLock !== null)).toBe(true);
    expect((await stateOf(kim.id)).timeline).toEqual(["submit", "members_change"]);
    const audits = await db()
      .select({ action: auditLog.action, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, kim.id), like(auditLog.action, "kim.member.%")));
    expect(audits).toEqual([
      { action: "kim.member.add", detail: { position: 3, role: "anggota" } },
      { action: "kim.member.remove", detail: { position: 3, role: "anggota" } },
      { action: "kim.member.update", detail: { position: 1, from: 1, fields: ["phone"] } },
    ]);
    expect(await outboxOf(kim.id)).toEqual([{ template: "kim_members_changed", to: [kim.contactEmail] }]);

    expect((await postForm(link, fields)).status).toBe(410);
  });

  it("refuses a list that breaks the rules, all problems at once, and keeps the link usable", async () => {
    const { kim } = await activeKim();
    const { kim: other } = await activeKim();
    const link = await memberEditorLink(config, kim.id, inAWeek());
    const taken = other.members[3];
    if (!taken) throw new Error("no member");
    const fields = {
      ...keepAllMembers(kim),
      "members[2].remove": "on",
      ...newRow(4, { ...taken, fullName: "Orang KIM Lain" }),
    };

    const refused = await postForm(link, fields);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("Belum ada anggota dengan jabatan Bendahara.");
    expect(html).toContain("sudah terdaftar di KIM lain");
    expect(html).toContain("Pernyataan bahwa data ini benar harus dicentang.");
    expect((await stateOf(kim.id)).timeline).toEqual(["submit"]);

    const unchanged = await postForm(link, keepAllMembers(kim));
    expect(unchanged.status).toBe(200);
    expect(await unchanged.text()).toContain("Tidak ada perubahan");
    expect((await get(link, { html: true })).status).toBe(200);
  });
});

describe("the applicant's revision form", () => {
  async function needingRevision() {
    const r = await insertRegistration({ status: "awaiting_verification" });
    await db().update(registrations).set({ status: "needs_revision" }).where(eq(registrations.id, r.id));
    await db()
      .insert(registrationEvents)
      .values({
        registrationId: r.id,
        at: new Date().toISOString(),
        kind: "revise",
        actorType: "official",
        actorId: "verifier",
        fromStatus: "awaiting_verification",
        toStatus: "needs_revision",
        reason: "Mohon lengkapi.",
        detail: { fields: [{ path: "decree", reason: "Nomor SK tidak terbaca." }] },
      });
    const link = await revisionFormLink(config, r.id, inAWeek());
    return { r, link };
  }

  const formFields = (r: FixtureRegistration, overrides: Record<string, string> = {}) => ({
    kimName: "KIM Uji Sesudah Perbaikan",
    villageCode: r.villageCode,
    secretariatAddress: "Jl. Poros Kampung RT 03",
    contactEmail: r.contactEmail,
    contactPhone: "0812 3456 7890",
    foundedOn: "2026-01-10",
    "decree.number": "141/13/SK-KPG/I/2026",
    "decree.date": "2026-01-12",
    "decree.issuer": "Kepala Kampung",
    website: "",
    communityGroups: "Karang Taruna\nPKK",
    ...keepAllMembers(r),
    ...overrides,
  });

  it("opens pre-filled with what to fix, resubmits once, and the registration goes back to verification", async () => {
    const { r, link } = await needingRevision();
    const page = await get(link, { html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Nomor SK tidak terbaca.");
    expect(html).toContain('value="141/12/SK-KPG/I/2026"');
    expect(html).toContain(r.members[0]?.fullName);
    // The KIM's own fields are the registration form's: platform labels, hints and required marks.
    expect(html).toContain('<option value="x">X (Twitter)</option>');
    expect(html).toContain("Bukti pendaftaran dan kabar selanjutnya dikirim ke alamat ini.");
    expect(html).toContain('<label for="f-kimName">Nama KIM *</label>');

    const done = await postForm(link, formFields(r));
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Perbaikan sudah dikirim");
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({
      status: "awaiting_verification",
      kimName: "KIM Uji Sesudah Perbaikan",
      decreeNumber: "141/13/SK-KPG/I/2026",
      communityGroups: ["Karang Taruna", "PKK"],
    });
    expect(state.timeline).toEqual(["submit", "revise", "resubmit"]);
    expect((await postForm(link, formFields(r))).status).toBe(410);
  });

  it("re-checks every rule and shows the problems beside their fields, changing nothing", async () => {
    const { r, link } = await needingRevision();
    const holder = await insertRegistration();
    const refused = await postForm(
      link,
      formFields(r, {
        villageCode: holder.villageCode,
        "decree.date": "2099-01-01",
        "members[0].birthDate": "1990-01-01",
        "members[9].fullName": "Tanpa NIK",
      }),
    );
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("sudah memiliki pendaftaran KIM yang sedang diproses");
    expect(html).toContain("Tanggal SK pembentukan tidak boleh setelah hari ini.");
    expect(html).toContain("NIK wajib diisi untuk anggota baru.");
    expect((await stateOf(r.id)).registration).toMatchObject({
      status: "needs_revision",
      kimName: expect.stringMatching(/^KIM Uji \d+$/),
    });
    expect((await get(link, { html: true })).status).toBe(200);
  });
});

describe("/daftar-kim/:id/batalkan", () => {
  it("mails a pending registration's contact the withdrawal link, and refuses a closed one", async () => {
    const r = await insertRegistration();
    expect((await get(`/daftar-kim/${r.id}/batalkan`, { html: true })).status).toBe(200);
    const sent = await postForm(`/daftar-kim/${r.id}/batalkan`);
    expect(sent.status).toBe(200);
    expect(await outboxOf(r.id)).toEqual([{ template: "registration_withdraw_link", to: [r.contactEmail] }]);
    // Asking again the same day sends nothing new.
    expect((await postForm(`/daftar-kim/${r.id}/batalkan`)).status).toBe(200);
    expect(await outboxOf(r.id)).toHaveLength(1);

    const { kim } = await activeKim();
    expect((await postForm(`/daftar-kim/${kim.id}/batalkan`)).status).toBe(409);
    expect((await postForm("/daftar-kim/REG-NOPE/batalkan")).status).toBe(404);
  });
});
