import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registrationEvents, registrations } from "../../schema";
import { DECREE_SCAN_MAX_BYTES } from "../../workers/domain/registration/decree-scan";
import type { RevisionField } from "../../workers/domain/registration/revision";
import { revisionFormLink } from "../../workers/services/registration/links";
import { get, ORIGIN, url } from "../fixtures/officials";
import {
  db,
  type FixtureRegistration,
  insertRegistration,
  keepAllMembers,
  stateOf,
} from "../fixtures/registration-flow";
import { EXE_HEAD, fileBytes, PDF_HEAD, PNG_HEAD } from "../fixtures/registration-intake";

const config = { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
const OLD_KEY = (id: string) => `registrations/${id}/sk-pembentukan.pdf`;
const OLD_BYTES = fileBytes(PDF_HEAD, 5_000);

/**
 * A registration sent back for revision of `fields`, with a PDF scan stored at intake, and the
 * applicant's signed link to the revision form.
 */
async function needingRevision(fields: RevisionField[] = ["decree"]) {
  const r = await insertRegistration({ status: "awaiting_verification" });
  await env.FILES.put(OLD_KEY(r.id), OLD_BYTES, { httpMetadata: { contentType: "application/pdf" } });
  await db()
    .update(registrations)
    .set({
      status: "needs_revision",
      decreeScanKey: OLD_KEY(r.id),
      decreeScanType: "application/pdf",
      decreeScanSize: OLD_BYTES.byteLength,
    })
    .where(eq(registrations.id, r.id));
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
      detail: { fields: fields.map((path) => ({ path, reason: "Pindaian SK tidak terbaca." })) },
    });
  return { r, link: await revisionFormLink(config, r.id, inAWeek()) };
}

/** The revision form as a browser sends it with a file: multipart, same origin, every member kept. */
function postRevision(link: string, r: FixtureRegistration, scan?: { bytes: Uint8Array; name: string; type: string }) {
  const form = new FormData();
  const fields: Record<string, string> = {
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
    communityGroups: "Karang Taruna",
  };
  Object.assign(fields, keepAllMembers(r));
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (scan) form.append("decreeScan", new File([scan.bytes], scan.name, { type: scan.type }));
  return exports.default.fetch(url(link), {
    method: "POST",
    headers: { origin: ORIGIN },
    body: form,
    redirect: "manual",
  });
}

const bytesOf = async (key: string) => {
  const object = await env.FILES.get(key);
  return object ? new Uint8Array(await object.arrayBuffer()) : undefined;
};

/** The old scan and its columns, untouched, and the registration still waiting for the revision. */
async function expectNothingChanged(r: FixtureRegistration) {
  expect((await stateOf(r.id)).registration).toMatchObject({
    status: "needs_revision",
    decreeScanKey: OLD_KEY(r.id),
    decreeScanType: "application/pdf",
    decreeScanSize: OLD_BYTES.byteLength,
  });
  expect(await bytesOf(OLD_KEY(r.id))).toEqual(OLD_BYTES);
  const listed = await env.FILES.list({ prefix: `registrations/${r.id}/` });
  expect(listed.objects.map((o) => o.key)).toEqual([OLD_KEY(r.id)]);
}

describe("the revision form's new decree scan", () => {
  it("offers a file input, sent as multipart, only when the verifier asked to revise the decree", async () => {
    const asked = await needingRevision(["decree"]);
    const html = await (await get(asked.link, { html: true })).text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('name="decreeScan" type="file"');
    expect(html).not.toContain("Pindaian SK yang sudah dikirim tetap dipakai.");

    const notAsked = await needingRevision(["kimName"]);
    const other = await (await get(notAsked.link, { html: true })).text();
    expect(other).not.toContain('name="decreeScan"');
    expect(other).not.toContain("multipart/form-data");
    expect(other).toContain("Pindaian SK yang sudah dikirim tetap dipakai.");
  });

  it("a valid new scan replaces the old: new R2 object typed by content, DB columns updated, old object deleted", async () => {
    const { r, link } = await needingRevision();
    const bytes = fileBytes(PNG_HEAD, 30_000);
    const res = await postRevision(link, r, { bytes, name: "sk-baru.pdf", type: "application/pdf" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Perbaikan sudah dikirim");

    const stored = (await stateOf(r.id)).registration;
    expect(stored).toMatchObject({
      status: "awaiting_verification",
      decreeNumber: "141/13/SK-KPG/I/2026",
      decreeScanKey: expect.stringMatching(new RegExp(`^registrations/${r.id}/sk-pembentukan-[0-9a-f]{8}\\.png$`)),
      decreeScanType: "image/png",
      decreeScanSize: 30_000,
    });
    const key = stored?.decreeScanKey ?? "";
    const object = await env.FILES.get(key);
    expect(object?.httpMetadata?.contentType).toBe("image/png");
    expect(await bytesOf(key)).toEqual(bytes);
    const listed = await env.FILES.list({ prefix: `registrations/${r.id}/` });
    expect(listed.objects.map((o) => o.key)).toEqual([key]);
    const resubmit = await db()
      .select({ detail: registrationEvents.detail })
      .from(registrationEvents)
      .where(eq(registrationEvents.registrationId, r.id))
      .all();
    expect(resubmit.at(-1)?.detail).toMatchObject({ changedFields: expect.arrayContaining(["decreeScan"]) });
  });

  it("without a file the old scan stays", async () => {
    const { r, link } = await needingRevision();
    const res = await postRevision(link, r);
    expect(res.status).toBe(200);
    expect((await stateOf(r.id)).registration).toMatchObject({
      status: "awaiting_verification",
      decreeScanKey: OLD_KEY(r.id),
      decreeScanType: "application/pdf",
      decreeScanSize: OLD_BYTES.byteLength,
    });
    expect(await bytesOf(OLD_KEY(r.id))).toEqual(OLD_BYTES);
  });

  it("a wrongly typed file re-renders the form with the error beside the field and changes nothing", async () => {
    const { r, link } = await needingRevision();
    const res = await postRevision(link, r, {
      bytes: fileBytes(EXE_HEAD, 2_000),
      name: "sk.pdf",
      type: "application/pdf",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Berkas pindaian SK harus berupa PDF, JPEG atau PNG.");
    expect(html).toContain('<div class="field invalid"><label for="f-decreeScan">');
    expect(html).toContain("Pilih berkasnya lagi");
    expect(html).toContain('value="KIM Uji Sesudah Perbaikan"');
    await expectNothingChanged(r);
  });

  it("a file over 2 MB re-renders the form with the error and changes nothing", async () => {
    const { r, link } = await needingRevision();
    const res = await postRevision(link, r, {
      bytes: fileBytes(PDF_HEAD, DECREE_SCAN_MAX_BYTES + 1),
      name: "sk.pdf",
      type: "application/pdf",
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Berkas pindaian SK paling besar 2 MB; berkas yang dipilih 2,0 MB.");
    await expectNothingChanged(r);
  });

  it("a file sent although the verifier did not ask about the decree is refused and changes nothing", async () => {
    const { r, link } = await needingRevision(["kimName"]);
    const res = await postRevision(link, r, { bytes: fileBytes(PNG_HEAD, 1_000), name: "sk.png", type: "image/png" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Pindaian SK hanya dapat diganti bila verifikator meminta perbaikan SK.");
    await expectNothingChanged(r);
  });
});
