import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { registrations } from "../../schema";
import registrationsMigration from "../../schema/migrations/0003_registrations.sql?raw";
import birthYearMigration from "../../schema/migrations/0006_member_birth_year.sql?raw";
import { ANONYMISED } from "../../workers/domain/retention";
import { db } from "../fixtures/registration-flow";
import { registrationRow, seedSegah } from "../fixtures/registrations";

/**
 * Migration 0006 replaces `registration_members.birth_date` by `birth_year` and
 * `adult_at_submission`. It runs here on members stored in the old shape (the table as 0003
 * created it), and must compute both facts and keep every other column as it was.
 */

const statements = (sql: string) =>
  sql
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** 0003's statements that create `registration_members` and its indexes: the old shape. */
const oldMemberTable = statements(registrationsMigration).filter((s) =>
  /^CREATE (UNIQUE )?(TABLE|INDEX) `registration_members/.test(s),
);

const OLD_COLUMNS = [
  "id",
  "registration_id",
  "position",
  "full_name",
  "nik_hash",
  "nik_last4",
  "gender",
  "birth_date",
  "phone",
  "role",
  "section_name",
  "occupation",
  "declaration_accepted_at",
  "nik_lock",
] as const;

type OldRow = Record<(typeof OLD_COLUMNS)[number], string | number | null>;

const oldRow = (id: number, registrationId: string, birthDate: string, declaredAt: string): OldRow => ({
  id,
  registration_id: registrationId,
  position: id - 1,
  full_name: `Anggota ${id}`,
  nik_hash: `hash-${id}`,
  nik_last4: `000${id}`,
  gender: id % 2 === 0 ? "P" : "L",
  birth_date: birthDate,
  phone: `+62812000000${id}`,
  role: id === 1 ? "ketua" : "anggota",
  section_name: null,
  occupation: "petani",
  declaration_accepted_at: declaredAt,
  nik_lock: null,
});

describe("migration 0006: members keep the birth year and the adult fact, not the birth date", () => {
  it("computes both from the old rows on the WITA day of each declaration and keeps every other column", async () => {
    await seedSegah(db());
    const registration = registrationRow({ id: "REG-MIGRATE0006" });
    await db().insert(registrations).values(registration);
    await env.DB.prepare("DROP TABLE registration_members").run();
    for (const s of oldMemberTable) await env.DB.prepare(s).run();

    // 17:00 UTC on 13 March is 01:00 WITA on 14 March: the 18th birthday of someone born 14 March 2008.
    const rows = [
      oldRow(1, registration.id, "1990-03-12", "2026-03-13T01:00:00.000Z"),
      oldRow(2, registration.id, "2008-03-14", "2026-03-13T17:00:00.000Z"),
      oldRow(3, registration.id, "2008-03-15", "2026-03-13T17:00:00.000Z"),
      oldRow(4, registration.id, ANONYMISED, "2026-03-13T01:00:00.000Z"),
    ];
    const insert = `INSERT INTO registration_members (${OLD_COLUMNS.join(", ")}) VALUES (${OLD_COLUMNS.map(() => "?").join(", ")})`;
    await env.DB.batch(rows.map((r) => env.DB.prepare(insert).bind(...OLD_COLUMNS.map((c) => r[c]))));

    await env.DB.batch(statements(birthYearMigration).map((s) => env.DB.prepare(s)));

    const after = await env.DB.prepare("SELECT * FROM registration_members ORDER BY id").all();
    expect(after.results).toEqual(
      rows.map(({ birth_date: _, ...kept }, i) => ({
        ...kept,
        birth_year: [1990, 2008, 2008, null][i],
        adult_at_submission: [1, 1, 0, 0][i],
      })),
    );
  });
});
