import { describe, expect, it } from "vitest";
import {
  ageOn,
  checkEligibility,
  type EligibilityApplication,
  type EligibilityContext,
} from "../../workers/domain/registration/eligibility";
import { resolveSettings, type Settings } from "../../workers/domain/settings";
import { makeNik, parsedApplication, rawMember, rawMembers } from "../fixtures/registrations";

const BERAU = resolveSettings([]).settings;
/** Friday 13 March 2026, 09:00 WITA. */
const SUBMITTED_AT = new Date("2026-03-13T09:00:00+08:00");

/** Settings with stored overrides, resolved (and validated) the way `loadSettings` does. */
const withSettings = (overrides: Record<string, unknown>): Settings =>
  resolveSettings(Object.entries(overrides).map(([key, value]) => ({ key, value }))).settings;
/** A stand-in for the keyed hash: eligibility only compares hashes. */
const fakeHash = (nik: string) => `hash:${nik}`;

function context(application: EligibilityApplication, overrides: Partial<EligibilityContext> = {}): EligibilityContext {
  return {
    settings: BERAU,
    villageKnown: true,
    submittedAt: SUBMITTED_AT,
    villageRegistration: null,
    memberNikHashes: application.members.map((m) => fakeHash(m.nik)),
    nikHashesInOtherKims: new Set(),
    ...overrides,
  };
}

/** The application with `members` (raw, as sent) replacing the default five. */
const withMembers = (members: Record<string, unknown>[]) => parsedApplication({ members });

const check = (application: EligibilityApplication, overrides: Partial<EligibilityContext> = {}) =>
  checkEligibility(application, context(application, overrides));

describe("a valid application", () => {
  it("breaks no rule", () => {
    expect(check(parsedApplication())).toEqual([]);
  });
});

describe("excluded occupations", () => {
  const members = rawMembers(3);
  members[3] = rawMember(3, { occupation: "asn" });
  members[5] = rawMember(5, { occupation: "karyawan_swasta" });
  const application = withMembers(members);

  it("names each member whose occupation the regency excludes", () => {
    expect(check(application)).toEqual([
      {
        path: "members[3].occupation",
        code: "occupation_excluded",
        message:
          'Pekerjaan "Aparatur Sipil Negara (ASN/PNS)" tidak dapat menjadi anggota KIM, karena anggota KIM tidak boleh terikat jam kerja.',
      },
      {
        path: "members[5].occupation",
        code: "occupation_excluded",
        message:
          'Pekerjaan "Karyawan perusahaan swasta" tidak dapat menjadi anggota KIM, karena anggota KIM tidak boleh terikat jam kerja.',
      },
    ]);
  });

  it("follows the setting", () => {
    expect(check(application, { settings: withSettings({ "kim.excludedOccupations": [] }) })).toEqual([]);
    expect(
      check(application, { settings: withSettings({ "kim.excludedOccupations": ["karyawan_swasta"] }) }),
    ).toMatchObject([{ path: "members[5].occupation", code: "occupation_excluded" }]);
  });
});

describe("a village of the regency", () => {
  it("refuses a village code that is not in the area list", () => {
    expect(check(parsedApplication({ villageCode: "64.03.99.2999" }), { villageKnown: false })).toEqual([
      {
        path: "villageCode",
        code: "village_unknown",
        message: "Kampung/kelurahan yang dipilih tidak ada dalam daftar wilayah kabupaten. Silakan pilih dari daftar.",
      },
    ]);
  });
});

describe("one pending or active KIM per village", () => {
  const application = parsedApplication();

  it("refuses a village with a registration in progress, naming it", () => {
    expect(
      check(application, { villageRegistration: { id: "REG-7K3M9QXT2B", status: "awaiting_verification" } }),
    ).toEqual([
      {
        path: "villageCode",
        code: "village_has_kim",
        message:
          "Kampung/kelurahan ini sudah memiliki pendaftaran KIM yang sedang diproses (REG-7K3M9QXT2B). Setiap kampung/kelurahan hanya boleh memiliki satu KIM.",
      },
    ]);
  });

  it("refuses a village with an active KIM", () => {
    expect(check(application, { villageRegistration: { id: "REG-0000000001", status: "approved" } })).toEqual([
      {
        path: "villageCode",
        code: "village_has_kim",
        message:
          "Kampung/kelurahan ini sudah memiliki KIM aktif (REG-0000000001). Setiap kampung/kelurahan hanya boleh memiliki satu KIM.",
      },
    ]);
  });

  it("allows several KIMs per village when the setting is off", () => {
    expect(
      check(application, {
        settings: withSettings({ "kim.onePerVillage": false }),
        villageRegistration: { id: "REG-0000000001", status: "approved" },
      }),
    ).toEqual([]);
  });
});

describe("a person in only one pending or active KIM", () => {
  const application = parsedApplication();
  const taken = new Set([fakeHash(application.members[2]?.nik ?? "")]);

  it("names the member already in another KIM", () => {
    expect(check(application, { nikHashesInOtherKims: taken })).toEqual([
      {
        path: "members[2].nik",
        code: "nik_in_other_kim",
        message:
          "Orang dengan NIK ini sudah terdaftar di KIM lain yang aktif atau sedang diproses. Satu orang hanya boleh menjadi anggota satu KIM.",
      },
    ]);
  });

  it("allows it when the setting is off", () => {
    expect(
      check(application, { nikHashesInOtherKims: taken, settings: withSettings({ "kim.onePersonOneKim": false }) }),
    ).toEqual([]);
  });
});

describe("no NIK twice within one application", () => {
  it("reports each repeat, naming the first member with that NIK", () => {
    const members = rawMembers(3);
    const twin = { nik: members[1]?.nik, gender: "P" };
    members[3] = rawMember(3, twin);
    members[5] = rawMember(5, twin);
    const message = "NIK ini sama dengan NIK anggota nomor 2. Setiap NIK hanya boleh diisi sekali.";
    expect(check(withMembers(members))).toEqual([
      { path: "members[3].nik", code: "nik_duplicate", message },
      { path: "members[5].nik", code: "nik_duplicate", message },
    ]);
  });
});

describe("exactly one ketua, sekretaris and bendahara", () => {
  it("reports a missing officer", () => {
    const members = rawMembers(2).filter((m) => m.role !== "bendahara");
    expect(check(withMembers(members))).toEqual([
      {
        path: "members",
        code: "officer_missing",
        message: "Belum ada anggota dengan jabatan Bendahara. KIM wajib memiliki satu Bendahara.",
      },
    ]);
  });

  it("reports an office held twice, naming the members", () => {
    const members = rawMembers(2);
    members[4] = rawMember(4, { role: "ketua" });
    expect(check(withMembers(members))).toEqual([
      {
        path: "members",
        code: "officer_duplicate",
        message: "Jabatan Ketua hanya boleh dipegang satu orang; sekarang dipegang anggota nomor 1, 5.",
      },
    ]);
  });

  it("reports every office at once", () => {
    const members = [rawMember(0, { role: "sekretaris" }), rawMember(1, { role: "sekretaris" }), rawMember(2)];
    expect(check(withMembers(members)).map((v) => [v.code, v.message.split(".")[0]])).toEqual([
      ["officer_missing", "Belum ada anggota dengan jabatan Ketua"],
      ["officer_duplicate", "Jabatan Sekretaris hanya boleh dipegang satu orang; sekarang dipegang anggota nomor 1, 2"],
      ["officer_missing", "Belum ada anggota dengan jabatan Bendahara"],
    ]);
  });
});

describe("member count within bounds", () => {
  it("accepts the bounds themselves", () => {
    expect(check(withMembers(rawMembers(0)))).toEqual([]);
    expect(check(withMembers(rawMembers(27)))).toEqual([]);
  });

  it("refuses too many and too few, per the settings", () => {
    expect(check(withMembers(rawMembers(28)))).toEqual([
      {
        path: "members",
        code: "member_count",
        message: "Jumlah anggota harus antara 3 dan 30 orang; yang diisi 31 orang.",
      },
    ]);
    expect(check(withMembers(rawMembers(2)), { settings: withSettings({ "kim.memberCountMin": 10 }) })).toEqual([
      {
        path: "members",
        code: "member_count",
        message: "Jumlah anggota harus antara 10 dan 30 orang; yang diisi 5 orang.",
      },
    ]);
  });
});

describe("officers at least the minimum age on the day of submission", () => {
  const underage = {
    path: "members[0].birthDate",
    code: "officer_underage",
    message: "Pengurus (Ketua) harus berusia paling sedikit 18 tahun pada hari pendaftaran.",
  };

  it("refuses an officer who turns 18 tomorrow, and accepts one who turns 18 today", () => {
    const members = rawMembers(2);
    members[0] = rawMember(0, { role: "ketua", birthDate: "2008-03-14" });
    expect(check(withMembers(members))).toEqual([underage]);
    members[0] = rawMember(0, { role: "ketua", birthDate: "2008-03-13" });
    expect(check(withMembers(members))).toEqual([]);
  });

  it("counts the day in WITA: 00:30 WITA on the 13th is already the birthday", () => {
    const members = rawMembers(2);
    members[0] = rawMember(0, { role: "ketua", birthDate: "2008-03-13" });
    // 16:30 UTC on 12 March: still the 12th in UTC.
    expect(check(withMembers(members), { submittedAt: new Date("2026-03-12T16:30:00Z") })).toEqual([]);
    expect(check(withMembers(members), { submittedAt: new Date("2026-03-12T15:30:00Z") })).toEqual([underage]);
  });

  it("applies to section heads but not to ordinary members, at the configured age", () => {
    const members = rawMembers(2);
    members[3] = rawMember(3, { role: "kepala_seksi", sectionName: "Seksi Konten", birthDate: "2009-01-01" });
    members[4] = rawMember(4, { role: "anggota", birthDate: "2011-01-01" });
    expect(check(withMembers(members))).toEqual([
      {
        path: "members[3].birthDate",
        code: "officer_underage",
        message: "Pengurus (Kepala Seksi) harus berusia paling sedikit 18 tahun pada hari pendaftaran.",
      },
    ]);
    expect(check(withMembers(members), { settings: withSettings({ "kim.officerMinAge": 17 }) })).toEqual([]);
  });
});

describe("ageOn", () => {
  it("counts full years, a 29 February birthday from 1 March in common years", () => {
    expect(ageOn("2008-03-14", "2026-03-13")).toBe(17);
    expect(ageOn("2008-03-13", "2026-03-13")).toBe(18);
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
    expect(ageOn("2008-02-29", "2026-03-01")).toBe(18);
    expect(ageOn("2008-02-29", "2028-02-29")).toBe(20);
  });
});

describe("NIK consistent with the declared birth date and gender", () => {
  it("names a birth date and a gender that differ from the NIK", () => {
    const members = rawMembers(2);
    members[3] = { ...rawMember(3), birthDate: "1990-03-13" };
    members[4] = { ...rawMember(4), nik: makeNik({ gender: "P", serial: "0005" }) };
    expect(check(withMembers(members))).toEqual([
      {
        path: "members[3].nik",
        code: "nik_mismatch",
        message: "Tanggal lahir yang tertera di NIK tidak sama dengan tanggal lahir yang diisi.",
      },
      {
        path: "members[4].nik",
        code: "nik_mismatch",
        message: "Jenis kelamin yang tertera di NIK tidak sama dengan jenis kelamin yang diisi.",
      },
    ]);
  });
});

describe("dates not after the day of submission", () => {
  it("refuses a founding, decree or birth date after today (WITA)", () => {
    const members = rawMembers(2);
    members[4] = rawMember(4, { birthDate: "2026-03-14" });
    const application = parsedApplication({
      foundedOn: "2026-03-14",
      decree: { number: "1/2026", date: "2026-03-14", issuer: "Kepala Kampung" },
      members,
    });
    expect(check(application)).toEqual([
      { path: "foundedOn", code: "date_in_future", message: "Tanggal pembentukan tidak boleh setelah hari ini." },
      { path: "decree.date", code: "date_in_future", message: "Tanggal SK pembentukan tidak boleh setelah hari ini." },
      { path: "members[4].birthDate", code: "date_in_future", message: "Tanggal lahir tidak boleh setelah hari ini." },
    ]);
    expect(check(application, { submittedAt: new Date("2026-03-13T16:00:00Z") })).toEqual([]);
  });
});

describe("checkEligibility", () => {
  it("reports every broken rule at once", () => {
    const youngKetua = rawMember(0, { role: "ketua", birthDate: "2010-05-05" });
    const members = [
      youngKetua,
      rawMember(1, { role: "sekretaris", occupation: "pppk" }),
      rawMember(2, { role: "anggota", birthDate: "2010-05-05", nik: youngKetua.nik }),
    ];
    const application = withMembers(members);
    expect(
      check(application, {
        villageRegistration: { id: "REG-7K3M9QXT2B", status: "awaiting_endorsement" },
        nikHashesInOtherKims: new Set([fakeHash(makeNik({ serial: "0002" }))]),
      }).map((v) => [v.path, v.code]),
    ).toEqual([
      ["villageCode", "village_has_kim"],
      ["members", "officer_missing"],
      ["members[2].nik", "nik_duplicate"],
      ["members[1].nik", "nik_in_other_kim"],
      ["members[0].birthDate", "officer_underage"],
      ["members[1].occupation", "occupation_excluded"],
    ]);
  });
});
