import { describe, expect, it } from "vitest";
import {
  type IndexedEdit,
  memberEditSchema,
  planMemberList,
  type StoredMember,
} from "../../workers/domain/registration/member-list";
import { resolveSettings } from "../../workers/domain/settings";
import { makeNik } from "../fixtures/registrations";

const settings = resolveSettings([]).settings;
const submittedAt = new Date("2026-03-13T01:00:00Z");

const stored: StoredMember[] = (["ketua", "sekretaris", "bendahara", "anggota"] as const).map((role, position) => ({
  position,
  fullName: `Anggota ${position + 1}`,
  nikHash: `hash-${position}`,
  nikLast4: `000${position + 1}`,
  gender: "L",
  birthYear: 1990,
  adultAtSubmission: true,
  phone: "+6281234567890",
  role,
  sectionName: null,
  occupation: "petani",
  declarationAcceptedAt: "2026-01-01T00:00:00.000Z",
}));

/** A form row keeping stored member `position` as it was, with `overrides`. */
const keep = (position: number, overrides: Record<string, unknown> = {}) => {
  const m = stored[position];
  if (!m) throw new Error("no such member");
  return {
    keep: String(position),
    fullName: m.fullName,
    gender: m.gender,
    phone: "0812 3456 7890",
    role: m.role,
    occupation: m.occupation,
    ...overrides,
  };
};

/** Parses form rows as the service does, giving each new NIK a fake hash. */
function rows(raw: Record<string, unknown>[]): IndexedEdit[] {
  return raw.map((entry, formIndex) => {
    const edit = memberEditSchema.parse(entry);
    return { formIndex, edit, ...(edit.nik ? { newNik: { hash: `new-${edit.nik}`, last4: edit.nik.slice(-4) } } : {}) };
  });
}
const plan = (raw: Record<string, unknown>[], inOtherKims: string[] = []) =>
  planMemberList(stored, rows(raw), { settings, submittedAt, nikHashesInOtherKims: new Set(inOtherKims) });

describe("planMemberList", () => {
  it("keeps everyone unchanged: no violations, no changes, the stored hashes and declarations kept", () => {
    const result = plan([keep(0), keep(1), keep(2), keep(3)]);
    expect(result.violations).toEqual([]);
    expect(result.changes).toEqual({ added: [], removed: [], updated: [] });
    expect(result.members.map((m) => [m.nikHash, m.declarationAcceptedAt])).toEqual(
      stored.map((m) => [m.nikHash, m.declarationAcceptedAt]),
    );
  });

  it("adds, removes and updates, naming positions and fields only", () => {
    const nik = makeNik({ birthDate: "1995-05-05", gender: "P", serial: "0042" });
    const result = plan([
      keep(0),
      keep(1, { phone: "0813 0000 1111" }),
      keep(2),
      {
        fullName: "Warga Baru",
        nik,
        gender: "P",
        birthDate: "1995-05-05",
        phone: "0812 1111 2222",
        role: "anggota",
        occupation: "nelayan",
        declaration: "on",
      },
    ]);
    expect(result.violations).toEqual([]);
    expect(result.changes).toEqual({
      added: [{ position: 3, role: "anggota" }],
      removed: [{ position: 3, role: "anggota" }],
      updated: [{ position: 1, from: 1, fields: ["phone"] }],
    });
    expect(result.members[3]).toMatchObject({ nikHash: `new-${nik}`, nikLast4: "0042", declarationAcceptedAt: null });
  });

  it("re-checks the rules on the merged list, with each problem at its row", () => {
    const mismatched = makeNik({ birthDate: "1995-05-05", gender: "L", serial: "0043" });
    const result = plan(
      [
        keep(0, { birthDate: "1991-03-12" }),
        keep(1, { occupation: "asn" }),
        {
          fullName: "Warga Baru",
          nik: mismatched,
          gender: "P",
          birthDate: "1995-05-05",
          phone: "0812 1111 2222",
          role: "anggota",
          occupation: "petani",
          declaration: "on",
        },
        keep(3),
      ],
      [`new-${mismatched}`],
    );
    expect(result.violations).toEqual([
      { path: "members[0].nik", code: "nik_required", message: expect.stringContaining("isi ulang NIK") },
      { path: "members", code: "officer_missing", message: expect.stringContaining("Bendahara") },
      { path: "members[2].nik", code: "nik_in_other_kim", message: expect.any(String) },
      { path: "members[1].occupation", code: "occupation_excluded", message: expect.any(String) },
      { path: "members[2].nik", code: "nik_mismatch", message: expect.stringContaining("Jenis kelamin") },
    ]);
  });

  it("asks for the birth date of a member made officer when the stored year and adult fact cannot prove the age", () => {
    const young = stored.map((m) => (m.position === 3 ? { ...m, birthYear: 2008, adultAtSubmission: false } : m));
    const result = planMemberList(young, rows([keep(0), keep(1), keep(3, { role: "bendahara" })]), {
      settings,
      submittedAt,
      nikHashesInOtherKims: new Set(),
    });
    expect(result.violations).toEqual([
      { path: "members[2].birthDate", code: "birth_date_required", message: expect.stringContaining("Bendahara") },
    ]);
    expect(result.members[2]).toMatchObject({ birthYear: 2008, adultAtSubmission: false });
  });

  it("refuses a row pointing at a member twice and a NIK already in the list", () => {
    const result = planMemberList(
      stored,
      [
        ...rows([keep(0), keep(1), keep(2)]),
        { formIndex: 3, edit: memberEditSchema.parse(keep(2)) },
        {
          formIndex: 4,
          edit: memberEditSchema.parse({
            fullName: "Kembar",
            nik: makeNik({ serial: "0099" }),
            gender: "L",
            birthDate: "1990-03-12",
            phone: "0812 1111 2222",
            role: "anggota",
            occupation: "petani",
            declaration: "on",
          }),
          newNik: { hash: "hash-0", last4: "0099" },
        },
      ],
      { settings, submittedAt, nikHashesInOtherKims: new Set() },
    );
    expect(result.violations.map((v) => [v.path, v.code])).toEqual([
      ["members[3].keep", "member_unknown"],
      ["members", "officer_duplicate"],
      ["members[3].nik", "nik_duplicate"],
      ["members[4].nik", "nik_duplicate"],
    ]);
  });
});

describe("memberEditSchema", () => {
  it("needs the NIK and the declaration for a new member only", () => {
    const result = memberEditSchema.safeParse({
      fullName: "Warga Baru",
      gender: "L",
      birthDate: "1990-03-12",
      phone: "0812 1111 2222",
      role: "anggota",
      occupation: "petani",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["nik", "NIK wajib diisi untuk anggota baru."],
      ["declaration", "Pernyataan bahwa data ini benar harus dicentang."],
    ]);
    expect(memberEditSchema.safeParse(keep(0)).success).toBe(true);
  });

  it("checks a NIK that is given, as the application form does", () => {
    const result = memberEditSchema.safeParse({ ...keep(0), nik: "12345" });
    expect(result.error?.issues[0]).toMatchObject({ path: ["nik"], message: expect.stringContaining("16 angka") });
  });
});
