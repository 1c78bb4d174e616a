import { env, exports } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { seedReferenceData } from "../fixtures/reference-data";
import { BASE, freshApplication, postRegistration } from "../fixtures/registration-intake";

beforeAll(() => seedReferenceData(env.DB));

afterEach(() => {
  vi.useRealTimers();
});

const NAMES = ["Siti Rahmawati", "Yohanes Lawing", "Dewi Anggraini", "Muhammad Rizal", "Maria Ping"];

/** Submits an application whose members have distinctive names, returning it with the 201 body. */
async function submitted() {
  const application = freshApplication();
  application.members = application.members.map((m, i) => ({ ...m, fullName: NAMES[i] }));
  const res = await postRegistration(application);
  expect(res.status).toBe(201);
  return { application, body: (await res.json()) as { id: string; dueAt: string } };
}

/** Every piece of personal data the application holds, as written and as stored. */
function personalData(application: Awaited<ReturnType<typeof submitted>>["application"]): string[] {
  return [
    application.contactEmail as string,
    application.contactPhone as string,
    "+6281234567890",
    ...application.members.flatMap((m) => {
      const phone = (m.phone as string).replace(/\D/g, "");
      return [m.fullName as string, m.nik as string, m.phone as string, `+62${phone.slice(1)}`, m.birthDate as string];
    }),
  ];
}

describe("GET /daftar-kim/:id", () => {
  it("shows status, deadline and timeline, and no personal data at all", async () => {
    const { application, body } = await submitted();
    const res = await exports.default.fetch(`${BASE}/daftar-kim/${body.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<dd>${body.id}</dd>`);
    expect(html).toContain("<strong>Menunggu pengesahan kepala kampung/lurah</strong>");
    expect(html).toMatch(/Tenggat tahap ini<\/dt><dd>\d{1,2} [A-Z][a-z]+ \d{4}, 23\.59 WITA/);
    expect(html).toMatch(/<time datetime="[^"]+\+08:00">[^<]+<\/time> · Pendaftaran dikirim/);
    for (const value of personalData(application)) expect(html).not.toContain(value);
    // A pending application can be withdrawn: the page offers the link that mails the confirmation.
    expect(html).toContain(`href="/daftar-kim/${body.id}/batalkan"`);
  });

  it("counts the working days past the deadline, skipping holidays", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    // Monday 18 May 2026, 09:00 WITA: five working days end on Monday 25 May.
    vi.setSystemTime(new Date("2026-05-18T01:00:00Z"));
    const { body } = await submitted();
    expect(body.dueAt).toBe("2026-05-25T23:59:59+08:00");
    // Tuesday 2 June: 26 and 29 May and 2 June count; Idul Adha, its cuti bersama and Pancasila day do not.
    vi.setSystemTime(new Date("2026-06-02T02:00:00Z"));
    const html = await (await exports.default.fetch(`${BASE}/daftar-kim/${body.id}`)).text();
    expect(html).toContain("25 Mei 2026, 23.59 WITA");
    expect(html).toContain("terlambat 3 hari kerja");
  });

  it("answers an unknown or malformed number with 404", async () => {
    for (const id of ["REG-0000000000", "REG-xyz", "anything"]) {
      const res = await exports.default.fetch(`${BASE}/daftar-kim/${id}`, { headers: { accept: "text/html" } });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("Pendaftaran dengan nomor itu tidak ditemukan");
    }
  });
});

describe("GET /api/v1/registrations/:id/status", () => {
  it("returns the public status as JSON, without personal data", async () => {
    const { application, body } = await submitted();
    const res = await exports.default.fetch(`${BASE}/api/v1/registrations/${body.id}/status`);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json).toEqual({
      data: {
        id: body.id,
        kimName: application.kimName,
        village: { code: application.villageCode, name: expect.any(String) },
        status: "awaiting_endorsement",
        statusLabel: "Menunggu pengesahan kepala kampung/lurah",
        registrationNumber: null,
        dueAt: body.dueAt,
        dueAtLabel: expect.stringMatching(/^\d{1,2} \w+ \d{4}, 23\.59 WITA$/),
        workingDaysLate: 0,
        calendarComplete: expect.any(Boolean),
        timeline: [
          {
            kind: "submit",
            label: "Pendaftaran dikirim",
            at: expect.stringMatching(/\+08:00$/),
            atLabel: expect.stringMatching(/ WITA$/),
            status: "awaiting_endorsement",
          },
        ],
      },
    });
    const text = JSON.stringify(json);
    for (const value of personalData(application)) expect(text).not.toContain(value);
  });

  it("answers 404 for an unknown number and 422 for a malformed one", async () => {
    expect((await exports.default.fetch(`${BASE}/api/v1/registrations/REG-0000000000/status`)).status).toBe(404);
    const malformed = await exports.default.fetch(`${BASE}/api/v1/registrations/REG-1/status`);
    expect(malformed.status).toBe(422);
    expect(await malformed.json()).toMatchObject({ error: { details: [{ path: "id" }] } });
  });
});
