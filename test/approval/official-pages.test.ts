import { env, exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, registrationEvents, registrations } from "../../schema";
import { get, grants, ORIGIN, postForm, signedInOfficial } from "../fixtures/officials";
import { createVillage, db, insertRegistration, stateOf } from "../fixtures/registration-flow";

/** A registration awaiting endorsement in a fresh village, with its village head signed in. */
async function withSignedInHead() {
  const village = await createVillage();
  const registration = await insertRegistration({ village });
  const head = await signedInOfficial([grants.villageHead(village.code)]);
  return { registration, head };
}

const errorBody = async (res: Response) => (await res.json()) as { error: { code: string; message: string } };

describe("/pendaftaran: who may see and decide", () => {
  it("a village head of another village gets 403 on the detail page and on the endorsement", async () => {
    const { registration: r } = await withSignedInHead();
    const other = await signedInOfficial([grants.villageHead((await createVillage()).code)]);

    const page = await get(`/pendaftaran/${r.id}`, { session: other.session });
    expect(page.status).toBe(403);
    expect(await errorBody(page)).toMatchObject({ error: { code: "forbidden" } });
    const post = await postForm(`/pendaftaran/${r.id}/sahkan`, { note: "" }, { session: other.session });
    expect(post.status).toBe(403);
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");
  });

  it("the village head of the village endorses from the page: 303 back to the detail, and it awaits verification", async () => {
    const { registration: r, head } = await withSignedInHead();
    const page = await get(`/pendaftaran/${r.id}`, { session: head.session, html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Sahkan pendaftaran");
    expect(html).not.toContain("Setujui dan terbitkan nomor registrasi");

    const res = await postForm(
      `/pendaftaran/${r.id}/sahkan`,
      { note: "SK sesuai arsip kampung." },
      { session: head.session },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/pendaftaran/${r.id}?pesan=disahkan`);
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({ status: "awaiting_verification", dueAt: expect.any(String) });
    expect(state.timeline).toEqual(["submit", "endorse"]);
  });

  it("a verifier endorsing on the village head's behalf must write a note; it lands in the timeline and the audit trail", async () => {
    const r = await insertRegistration();
    const { official, session } = await signedInOfficial([grants.verifier()]);

    const refused = await postForm(`/pendaftaran/${r.id}/sahkan`, { note: "  " }, { session });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain("Catatan pencatatan atas nama kepala kampung/lurah wajib diisi.");
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");

    const note = "SK diperiksa; kepala kampung mengonfirmasi lewat telepon 12 Maret.";
    const ok = await postForm(`/pendaftaran/${r.id}/sahkan`, { note }, { session });
    expect(ok.status).toBe(303);
    const event = await db()
      .select()
      .from(registrationEvents)
      .where(and(eq(registrationEvents.registrationId, r.id), eq(registrationEvents.kind, "endorse")))
      .get();
    expect(event).toMatchObject({
      actorType: "official",
      actorId: official.id,
      reason: note,
      detail: { onBehalfOf: "village_head" },
    });
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, r.id), eq(auditLog.action, "registration.endorse_on_behalf")))
      .get();
    expect(audit).toMatchObject({
      actorId: official.id,
      detail: { from: "awaiting_endorsement", to: "awaiting_verification", note },
    });
  });

  it("a village head cannot verify, and a verifier's approval assigns the registration number", async () => {
    const village = await createVillage();
    const r = await insertRegistration({ village, status: "awaiting_verification" });
    const head = await signedInOfficial([grants.villageHead(village.code)]);
    const verifier = await signedInOfficial([grants.verifier()]);

    expect((await postForm(`/pendaftaran/${r.id}/setujui`, {}, { session: head.session })).status).toBe(403);
    const res = await postForm(`/pendaftaran/${r.id}/setujui`, {}, { session: verifier.session });
    expect(res.status).toBe(303);
    expect((await stateOf(r.id)).registration).toMatchObject({
      status: "approved",
      registrationNumber: `KIM-${village.code.replaceAll(".", "")}-001`,
    });
  });

  it("a rejection needs a reason and a revision needs the parts to fix, each with its reason", async () => {
    const r = await insertRegistration({ status: "awaiting_verification" });
    const { session } = await signedInOfficial([grants.verifier()]);

    const noReason = await postForm(`/pendaftaran/${r.id}/tolak`, { reason: "" }, { session });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("Alasan penolakan wajib diisi.");

    const noFields = await postForm(`/pendaftaran/${r.id}/perbaikan`, { summary: "Mohon diperbaiki." }, { session });
    expect(noFields.status).toBe(422);
    expect(await noFields.text()).toContain("Pilih paling sedikit satu bagian yang harus diperbaiki.");

    const body = new URLSearchParams({
      _csrf: session.csrf,
      "reasons.decree": "",
      "reasons.members": "Bendahara di bawah umur.",
    });
    body.append("fields", "decree");
    body.append("fields", "members");
    const partly = await fetchForm(`/pendaftaran/${r.id}/perbaikan`, body, session.cookie);
    expect(partly.status).toBe(422);
    const partlyHtml = await partly.text();
    expect(partlyHtml).toContain("Alasan perbaikan SK pembentukan (nomor, tanggal, penerbit) wajib diisi.");
    // What was typed comes back: the ticked boxes and the reason given.
    expect(partlyHtml).toContain("Bendahara di bawah umur.");

    body.set("reasons.decree", "Tanggal SK tidak terbaca.");
    const revised = await fetchForm(`/pendaftaran/${r.id}/perbaikan`, body, session.cookie);
    expect(revised.status).toBe(303);
    const event = await db()
      .select({ detail: registrationEvents.detail })
      .from(registrationEvents)
      .where(and(eq(registrationEvents.registrationId, r.id), eq(registrationEvents.kind, "revise")))
      .get();
    expect(event?.detail).toEqual({
      fields: [
        { path: "decree", reason: "Tanggal SK tidak terbaca." },
        { path: "members", reason: "Bendahara di bawah umur." },
      ],
    });
    expect((await stateOf(r.id)).registration?.status).toBe("needs_revision");
  });

  it("a decision on a registration that already moved on answers 409 with the page and changes nothing", async () => {
    const r = await insertRegistration({ status: "awaiting_verification" });
    const { session } = await signedInOfficial([grants.verifier()]);
    expect((await postForm(`/pendaftaran/${r.id}/tolak`, { reason: "Ganda." }, { session })).status).toBe(303);
    const again = await postForm(`/pendaftaran/${r.id}/setujui`, {}, { session });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("tidak sedang menunggu verifikasi");
    expect((await stateOf(r.id)).registration?.status).toBe("rejected");
  });

  it("anonymous requests are sent to sign in, and a form from another site is refused", async () => {
    const r = await insertRegistration();
    const anonymous = await get(`/pendaftaran/${r.id}`, { html: true });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe(`/masuk?lanjut=${encodeURIComponent(`/pendaftaran/${r.id}`)}`);
    const { session } = await signedInOfficial([grants.verifier()]);
    const crossSite = await postForm(
      `/pendaftaran/${r.id}/sahkan`,
      { note: "x" },
      { session, origin: "https://evil.test" },
    );
    expect(crossSite.status).toBe(403);
  });
});

describe("/pendaftaran: queues and detail", () => {
  it("lists the endorsement queue by deadline with the overdue ones first and marked", async () => {
    const late = await insertRegistration();
    const onTime = await insertRegistration();
    await db().update(registrations).set({ dueAt: "2026-03-27T15:59:59.000Z" }).where(eq(registrations.id, late.id));
    const { session } = await signedInOfficial([grants.verifier()]);

    const res = await get("/pendaftaran", { session, html: true });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("27 Maret 2026, 23.59 WITA");
    expect(html).toMatch(/\d+ hari kerja terlambat/);
    expect(html.indexOf(late.id)).toBeGreaterThan(-1);
    expect(html.indexOf(late.id)).toBeLessThan(html.indexOf(onTime.id));
    expect(html).toMatch(/<tr class="overdue">/);
  });

  it("a village head's queue holds only their village, and a role without registrations gets 403", async () => {
    const { registration: mine, head } = await withSignedInHead();
    const theirs = await insertRegistration();
    const html = await (await get("/pendaftaran", { session: head.session, html: true })).text();
    expect(html).toContain(mine.id);
    expect(html).not.toContain(theirs.id);
    expect(html).not.toContain("Menunggu verifikasi Diskominfo");

    const officer = await signedInOfficial([grants.agencyOfficer()]);
    expect((await get("/pendaftaran", { session: officer.session })).status).toBe(403);
  });

  it("the detail view masks NIK always and contacts for village heads, and records the read", async () => {
    const { registration: r, head } = await withSignedInHead();
    const verifier = await signedInOfficial([grants.verifier()]);
    const member = r.members[0];
    if (!member) throw new Error("fixture without members");

    const forHead = await (await get(`/pendaftaran/${r.id}`, { session: head.session, html: true })).text();
    expect(forHead).toContain(member.fullName);
    const district = await env.DB.prepare(
      "SELECT d.name AS name FROM areas v JOIN areas d ON d.code = v.parent_code WHERE v.code = ?",
    )
      .bind(r.villageCode)
      .first<{ name: string }>();
    expect(forHead).toContain(`, Kecamatan ${district?.name}`);
    expect(forHead).toContain(`••••••••••••${member.nik.slice(-4)}`);
    expect(forHead).not.toContain(member.nik);
    expect(forHead).not.toContain(member.phone);
    expect(forHead).not.toContain(r.contactEmail);

    const forVerifier = await (await get(`/pendaftaran/${r.id}`, { session: verifier.session, html: true })).text();
    expect(forVerifier).toContain(member.phone);
    expect(forVerifier).toContain(r.contactEmail);
    expect(forVerifier).not.toContain(member.nik);
    expect(forVerifier).toContain("Catat pengesahan atas nama kepala kampung/lurah");

    const reads = await db()
      .select({ actorId: auditLog.actorId, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, r.id), eq(auditLog.action, "personal_data.read")));
    expect(reads).toEqual([
      { actorId: head.official.id, detail: { view: "detail", contacts: false } },
      { actorId: verifier.official.id, detail: { view: "detail", contacts: true } },
    ]);
  });
});

describe("/pendaftaran/:id/sk", () => {
  it("serves the decree scan to those who may read the registration, and records the read", async () => {
    const { registration: r, head } = await withSignedInHead();
    const pdf = new TextEncoder().encode("%PDF-1.7 uji");
    const key = `registrations/${r.id}/sk-pembentukan.pdf`;
    await env.FILES.put(key, pdf, { httpMetadata: { contentType: "application/pdf" } });
    await db()
      .update(registrations)
      .set({ decreeScanKey: key, decreeScanType: "application/pdf", decreeScanSize: pdf.byteLength })
      .where(eq(registrations.id, r.id));

    const res = await get(`/pendaftaran/${r.id}/sk`, { session: head.session });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    const reads = await db()
      .select({ detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, r.id), eq(auditLog.action, "personal_data.read")));
    expect(reads).toEqual([{ detail: { view: "decree_scan" } }]);

    const other = await signedInOfficial([grants.villageHead((await createVillage()).code)]);
    expect((await get(`/pendaftaran/${r.id}/sk`, { session: other.session })).status).toBe(403);
    const withoutScan = await insertRegistration();
    const verifier = await signedInOfficial([grants.verifier()]);
    expect((await get(`/pendaftaran/${withoutScan.id}/sk`, { session: verifier.session })).status).toBe(404);
  });
});

/** A urlencoded POST with repeated fields, as a browser sends ticked checkboxes. */
function fetchForm(path: string, body: URLSearchParams, cookie: string) {
  return exports.default.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie },
    body,
    redirect: "manual",
  });
}
