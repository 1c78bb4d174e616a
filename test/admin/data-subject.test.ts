import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, mailOutbox } from "../../schema";
import { newTrackingCode } from "../../workers/domain/aspiration/code";
import {
  createOfficial,
  get,
  grants,
  postForm,
  sendJson,
  signedInOfficial,
  type TestSession,
} from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { db, type FixtureRegistration, insertRegistration } from "../fixtures/registration-flow";

/**
 * The data-subject export: an administrator finds everything held about one person by e-mail or
 * NIK (UU 27/2022, right of access), as JSON through the API or on a page with a download.
 */

let admin: TestSession;
let verifier: TestSession;
let registration: FixtureRegistration;
let code: string;

beforeAll(async () => {
  await seedReferenceData(env.DB);
  admin = (await signedInOfficial([grants.admin()])).session;
  verifier = (await signedInOfficial([grants.verifier()])).session;
  registration = await insertRegistration();
  const email = registration.contactEmail;
  // The same person reported a case, and was written to about their registration.
  code = newTrackingCode();
  const at = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO aspirations (code, kind, category_id, title, description, privacy, reporter_name, reporter_email,
       reporter_phone, photo_keys, status, created_at, updated_at)
     VALUES (?, 'aspirasi', 'jalan-jembatan', 'Lampu jalan', 'Lampu jalan di gang kami mati.', 'rahasia',
       'Rina Kartika', ?, '+6281211112222', '[]', 'received', ?, ?)`,
  )
    .bind(code, email, at, at)
    .run();
  await db()
    .insert(mailOutbox)
    .values({
      id: crypto.randomUUID(),
      dedupeKey: `${registration.id}:endorsement-1:endorsed:0`,
      template: "registration_endorsed",
      recipients: [email],
      params: {},
      status: "sent",
      createdAt: at,
      sentAt: at,
    });
  // Someone else's mail about the same registration is not theirs.
  await db()
    .insert(mailOutbox)
    .values({
      id: crypto.randomUUID(),
      dedupeKey: `${registration.id}:verification-1:request:0`,
      template: "registration_verification_request",
      recipients: ["verifikator@berau.example"],
      params: {},
      status: "sent",
      createdAt: at,
      sentAt: at,
    });
  await createOfficial({ email: "camat.segah@berau.example", grants: [grants.leadership()] });
});

type Export = {
  subject: { kind: string; masked: string };
  registrations: { kimName: string; contactEmail: string }[];
  memberships: { fullName: string; nikLast4: string; role: string }[];
  aspirations: { code: string; reporterName: string }[];
  officials: { name: string; email: string; roles: { role: string }[] }[];
  mail: { template: string; about: string }[];
};

const exportOf = async (body: unknown, session = admin) =>
  sendJson("POST", "/api/v1/admin/data-subject-export", body, { session });

describe("data-subject export (API)", () => {
  it("by e-mail: the registrations, the cases and the mail sent to the person, and nothing of anyone else", async () => {
    const res = await exportOf({ email: registration.contactEmail.toUpperCase() });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const { data } = (await res.json()) as { data: Export };
    expect(data.subject).toEqual({ kind: "email", masked: expect.stringMatching(/^k•+@warga\.test$/) });
    expect(data.registrations).toMatchObject([{ contactEmail: registration.contactEmail }]);
    expect(data.aspirations).toMatchObject([{ code, reporterName: "Rina Kartika" }]);
    expect(data.mail).toEqual([expect.objectContaining({ template: "registration_endorsed", about: registration.id })]);
    expect(data.memberships).toEqual([]);
  });

  it("by NIK, typed with spaces: every membership of that person, found through the keyed hash", async () => {
    const member = registration.members[1];
    if (!member) throw new Error("fixture has members");
    const spaced = member.nik.replace(/(\d{4})/g, "$1 ").trim();
    const { data } = (await (await exportOf({ nik: spaced })).json()) as { data: Export };
    expect(data.subject).toEqual({ kind: "nik", masked: `NIK ****${member.nik.slice(-4)}` });
    expect(data.memberships).toEqual([
      expect.objectContaining({ fullName: member.fullName, nikLast4: member.nik.slice(-4), role: "sekretaris" }),
    ]);
    expect(data.registrations).toEqual([]);
  });

  it("by an official's address: their account and roles", async () => {
    const { data } = (await (await exportOf({ email: "camat.segah@berau.example" })).json()) as { data: Export };
    expect(data.officials).toMatchObject([{ email: "camat.segah@berau.example", roles: [{ role: "leadership" }] }]);
  });

  it("audits every export with the person masked: the log is no second copy of the data", async () => {
    await exportOf({ email: registration.contactEmail });
    const entries = await db().select().from(auditLog).where(eq(auditLog.action, "privacy.export"));
    expect(entries.length).toBeGreaterThan(0);
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(registration.contactEmail);
    for (const m of registration.members) expect(logged).not.toContain(m.nik);
    expect(entries.at(-1)).toMatchObject({ subjectType: "data_subject", detail: { kind: "email", registrations: 1 } });
  });

  it("refuses anything but exactly one valid e-mail or NIK, naming the field", async () => {
    const cases: [unknown, string, string][] = [
      [{}, "email", "Isi e-mail atau NIK, salah satu saja."],
      [{ email: "a@b.id", nik: "6403045203900001" }, "email", "Isi e-mail atau NIK, salah satu saja."],
      [{ email: "bukan-email" }, "email", "Tulis alamat e-mail yang benar."],
      [{ nik: "64030452039" }, "nik", "NIK terdiri atas 16 angka."],
      [{ nik: 6403045203900001 }, "nik", "Tulis NIK."],
    ];
    for (const [body, path, message] of cases) {
      const res = await exportOf(body);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ error: { code: "validation_failed", details: [{ path, message }] } });
    }
  });

  it("is for administrators only", async () => {
    expect((await exportOf({ email: registration.contactEmail }, verifier)).status).toBe(403);
    expect((await sendJson("POST", "/api/v1/admin/data-subject-export", { email: "a@b.id" })).status).toBe(401);
  });
});

describe("data-subject export (page)", () => {
  it("finds the person, shows names and words, and downloads the same as JSON", async () => {
    const form = await get("/admin/data-pribadi", { session: admin, html: true });
    expect(form.status).toBe(200);
    expect(await form.text()).toContain("Data pribadi seseorang");

    const found = await postForm(
      "/admin/data-pribadi",
      { email: registration.contactEmail, nik: "" },
      { session: admin },
    );
    expect(found.status).toBe(200);
    expect(found.headers.get("cache-control")).toBe("no-store");
    const html = await found.text();
    expect(html).toContain("Pendaftaran KIM sebagai narahubung (1)");
    expect(html).toContain("Rina Kartika");
    expect(html).toContain("Menunggu pengesahan");
    expect(html).toContain("Aspirasi sebagai pelapor (1)");

    const download = await postForm(
      "/admin/data-pribadi/unduh",
      { email: registration.contactEmail, nik: "" },
      { session: admin },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toContain("attachment");
    const data = (await download.json()) as Export;
    expect(data.aspirations).toMatchObject([{ code }]);
  });

  it("shows the form again with the reason when both fields are empty", async () => {
    const res = await postForm("/admin/data-pribadi", { email: "", nik: "" }, { session: admin });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Isi e-mail atau NIK, salah satu saja.");
  });

  it("refuses a form without the session's CSRF token", async () => {
    const res = await postForm("/admin/data-pribadi", { email: "a@b.id" }, { session: admin, csrf: false });
    expect(res.status).toBe(403);
  });
});
