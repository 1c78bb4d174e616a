import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrations } from "../../schema";
import { createDb } from "../../workers/db";
import { addDays, witaDate } from "../../workers/domain/time";
import { seedReferenceData } from "../fixtures/reference-data";
import { freshApplication, freshMember, postRegistration } from "../fixtures/registration-intake";
import { makeNik } from "../fixtures/registrations";

const db = createDb(env.DB);

beforeAll(() => seedReferenceData(env.DB));

interface Detail {
  path: string;
  code: string;
  message: string;
}

/** Submits and expects 422 `validation_failed`; returns the details. */
async function refused(body: unknown): Promise<Detail[]> {
  const res = await postRegistration(body);
  const json = (await res.json()) as { error: { code: string; details: Detail[] } };
  expect({ status: res.status, code: json.error.code }).toEqual({ status: 422, code: "validation_failed" });
  return json.error.details;
}

const detail = (path: string, code: string) => ({ path, code, message: expect.any(String) });

/** The WITA date `years` years before today. */
const yearsAgo = (years: number, days = 0) => {
  const today = witaDate(new Date());
  return addDays(`${Number(today.slice(0, 4)) - years}${today.slice(4)}`, days);
};

describe("each eligibility rule refuses through the API with its field path", () => {
  it("an occupation that is excluded (Berau: ASN, PPPK, private-company staff)", async () => {
    const application = freshApplication();
    application.members[3] = { ...application.members[3], occupation: "asn" };
    application.members[4] = { ...application.members[4], occupation: "karyawan_swasta" };
    expect(await refused(application)).toEqual([
      detail("members[3].occupation", "occupation_excluded"),
      detail("members[4].occupation", "occupation_excluded"),
    ]);
  });

  it("a village outside the regency's list", async () => {
    expect(await refused(freshApplication({ villageCode: "64.03.99.2999" }))).toEqual([
      detail("villageCode", "village_unknown"),
    ]);
  });

  it("a person already in another pending KIM (by NIK)", async () => {
    const first = freshApplication();
    expect((await postRegistration(first)).status).toBe(201);
    const second = freshApplication();
    second.members[4] = { ...second.members[4], nik: first.members[4]?.nik };
    const details = await refused(second);
    expect(details).toEqual([detail("members[4].nik", "nik_in_other_kim")]);
    expect(details[0]?.message).toContain("KIM lain");
  });

  it("the same NIK twice in one application", async () => {
    const application = freshApplication();
    application.members[4] = { ...application.members[4], nik: application.members[3]?.nik };
    const details = await refused(application);
    expect(details).toEqual([detail("members[4].nik", "nik_duplicate")]);
    expect(details[0]?.message).toContain("anggota nomor 4");
  });

  it("a missing bendahara and a second ketua", async () => {
    const application = freshApplication();
    application.members[2] = { ...application.members[2], role: "anggota" };
    application.members[4] = { ...application.members[4], role: "ketua" };
    expect(await refused(application)).toEqual([
      detail("members", "officer_duplicate"),
      detail("members", "officer_missing"),
    ]);
  });

  it("too many members for the settings (Berau: at most 30)", async () => {
    expect(await refused(freshApplication({ memberCount: 31 }))).toEqual([detail("members", "member_count")]);
  });

  it("an officer younger than 18 on the day of submission", async () => {
    const application = freshApplication();
    const birthDate = yearsAgo(18, 1);
    application.members[0] = freshMember(0, { role: "ketua", birthDate, occupation: "pelajar_mahasiswa" });
    expect(await refused(application)).toEqual([detail("members[0].birthDate", "officer_underage")]);
  });

  it("lets an officer in on their 18th birthday", async () => {
    const application = freshApplication();
    application.members[0] = freshMember(0, { role: "ketua", birthDate: yearsAgo(18), occupation: "petani" });
    expect((await postRegistration(application)).status).toBe(201);
  });

  it("a NIK whose encoded gender disagrees with the declared one", async () => {
    const application = freshApplication();
    application.members[1] = { ...application.members[1], gender: "L" };
    expect(await refused(application)).toEqual([detail("members[1].nik", "nik_mismatch")]);
  });

  it("a founding date after today", async () => {
    const tomorrow = addDays(witaDate(new Date()), 1);
    expect(await refused(freshApplication({ overrides: { foundedOn: tomorrow } }))).toEqual([
      detail("foundedOn", "date_in_future"),
    ]);
  });
});

describe("input problems", () => {
  it("names every problem of a malformed NIK", async () => {
    const application = freshApplication();
    application.members[0] = { ...application.members[0], nik: "6403-04AB" };
    application.members[1] = { ...application.members[1], nik: "9903043102990000" };
    expect(await refused(application)).toEqual([
      detail("members[0].nik", "nik_length"),
      detail("members[0].nik", "nik_digits"),
      detail("members[1].nik", "nik_province"),
      detail("members[1].nik", "nik_birth_date"),
      detail("members[1].nik", "nik_serial"),
    ]);
  });

  it("reports schema and eligibility problems together, in form order, and stores nothing", async () => {
    const application = freshApplication({ overrides: { contactEmail: "bukan-email" } });
    application.members[1] = { ...application.members[1], phone: "021 555" };
    application.members[3] = { ...application.members[3], occupation: "pppk" };
    // A bad birth date is reported once: not also as a NIK mismatch or an age problem.
    application.members[0] = { ...application.members[0], birthDate: "1990-02-30" };
    application.members[2] = { ...application.members[2], role: "anggota" };
    expect(await refused(application)).toEqual([
      detail("contactEmail", "invalid_format"),
      detail("members", "officer_missing"),
      detail("members[0].birthDate", "invalid_date"),
      detail("members[1].phone", "invalid_phone"),
      detail("members[3].occupation", "occupation_excluded"),
    ]);
    expect(await db.select().from(registrations).where(eq(registrations.villageCode, application.villageCode))).toEqual(
      [],
    );
  });

  it("accepts a NIK written with spaces and dots", async () => {
    const application = freshApplication();
    const nik = makeNik({ birthDate: "1990-03-12", serial: "9001" });
    application.members[4] = {
      ...application.members[4],
      nik: `${nik.slice(0, 6)} ${nik.slice(6, 12)}.${nik.slice(12)}`,
    };
    expect((await postRegistration(application)).status).toBe(201);
  });
});
