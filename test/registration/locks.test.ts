import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrationMembers, registrations } from "../../schema";
import { createDb } from "../../workers/db";
import { resolveSettings } from "../../workers/domain/settings";
import { memberRow, registrationRow, seedSegah, VILLAGE_CODE } from "../fixtures/registrations";

const db = createDb(env.DB);

/** The message of a failed write, including D1's own message that drizzle keeps as the cause. */
async function failure(write: Promise<unknown>): Promise<string> {
  try {
    await write;
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : "";
    return `${err instanceof Error ? err.message : String(err)} ${cause}`;
  }
  throw new Error("the write succeeded");
}

const hash = (n: number) => n.toString(16).padStart(64, "0");
let next = 1000;
const freshHash = () => hash(next++);

beforeAll(() => seedSegah(db));

describe("one pending or active registration per village (village_lock)", () => {
  it("refuses a second pending registration for the village, with none of its batch landing", async () => {
    const village = "64.03.04.2002";
    const first = registrationRow({ villageCode: village });
    await db.insert(registrations).values(first);

    const second = registrationRow({ villageCode: village });
    const message = await failure(
      db.batch([
        db.insert(registrations).values(second),
        db.insert(registrationMembers).values(memberRow(second, 0, freshHash())),
      ]),
    );
    expect(message).toContain("UNIQUE constraint failed: registrations.village_lock");
    expect(await db.select().from(registrations).where(eq(registrations.id, second.id))).toEqual([]);
    expect(
      await db.select().from(registrationMembers).where(eq(registrationMembers.registrationId, second.id)),
    ).toEqual([]);
  });

  it("lets a new application in once the earlier one is rejected and its lock released", async () => {
    const closedVillage = VILLAGE_CODE;
    const rejected = registrationRow({ villageCode: closedVillage, status: "rejected", dueAt: null });
    const pending = registrationRow({ villageCode: closedVillage });
    await db.insert(registrations).values([rejected, pending]);
    expect(pending.villageLock).toBe(closedVillage);
    expect(rejected.villageLock).toBeNull();
    await db
      .update(registrations)
      .set({ status: "withdrawn", villageLock: null })
      .where(eq(registrations.id, pending.id));
  });

  it("allows several pending registrations per village when the setting is off", async () => {
    const settings = resolveSettings([{ key: "kim.onePerVillage", value: false }]).settings;
    const rows = [registrationRow({}, settings), registrationRow({}, settings)];
    await db.insert(registrations).values(rows);
    expect(rows.map((r) => r.villageLock)).toEqual([null, null]);
  });

  it("refuses a village_lock on a closed registration or for another village", async () => {
    const closedButLocked = registrationRow({ villageCode: "64.03.04.2002", status: "expired" });
    closedButLocked.villageLock = "64.03.04.2002";
    expect(await failure(db.insert(registrations).values(closedButLocked))).toContain(
      "CHECK constraint failed: registrations_village_lock_check",
    );
    const otherVillage = registrationRow({ villageCode: VILLAGE_CODE, villageLock: "64.03.04.2002" });
    expect(await failure(db.insert(registrations).values(otherVillage))).toContain(
      "CHECK constraint failed: registrations_village_lock_check",
    );
  });
});

describe("a person in one pending or active KIM (nik_lock)", () => {
  const offVillage = resolveSettings([{ key: "kim.onePerVillage", value: false }]).settings;

  it("refuses the same NIK hash in a second pending registration", async () => {
    const person = freshHash();
    const first = registrationRow({}, offVillage);
    const second = registrationRow({}, offVillage);
    await db.batch([
      db.insert(registrations).values(first),
      db.insert(registrationMembers).values(memberRow(first, 0, person)),
    ]);
    const message = await failure(
      db.batch([
        db.insert(registrations).values(second),
        db.insert(registrationMembers).values([memberRow(second, 0, freshHash()), memberRow(second, 1, person)]),
      ]),
    );
    expect(message).toContain("UNIQUE constraint failed: registration_members.nik_lock");
    expect(await db.select().from(registrations).where(eq(registrations.id, second.id))).toEqual([]);
  });

  it("frees the person when their registration closes, releasing locks first", async () => {
    const person = freshHash();
    const first = registrationRow({}, offVillage);
    await db.batch([
      db.insert(registrations).values(first),
      db.insert(registrationMembers).values(memberRow(first, 0, person)),
    ]);
    await db.batch([
      db.update(registrationMembers).set({ nikLock: null }).where(eq(registrationMembers.registrationId, first.id)),
      db.update(registrations).set({ status: "withdrawn", dueAt: null }).where(eq(registrations.id, first.id)),
    ]);
    const second = registrationRow({}, offVillage);
    await db.batch([
      db.insert(registrations).values(second),
      db.insert(registrationMembers).values(memberRow(second, 0, person)),
    ]);
    const rows = await db.select().from(registrationMembers).where(eq(registrationMembers.nikHash, person));
    expect(rows.map((r) => [r.registrationId, r.nikLock])).toEqual([
      [first.id, null],
      [second.id, person],
    ]);
  });

  it("refuses to close a registration whose members still hold their locks", async () => {
    const first = registrationRow({}, offVillage);
    await db.batch([
      db.insert(registrations).values(first),
      db.insert(registrationMembers).values(memberRow(first, 0, freshHash())),
    ]);
    const message = await failure(
      db.update(registrations).set({ status: "rejected", dueAt: null }).where(eq(registrations.id, first.id)),
    );
    expect(message).toContain("registration_members.nik_lock must be released before the registration closes");
    const [row] = await db.select().from(registrations).where(eq(registrations.id, first.id));
    expect(row?.status).toBe("awaiting_endorsement");
  });

  it("allows a person in several KIMs when the setting is off", async () => {
    const settings = resolveSettings([
      { key: "kim.onePerVillage", value: false },
      { key: "kim.onePersonOneKim", value: false },
    ]).settings;
    const person = freshHash();
    const [a, b] = [registrationRow({}, settings), registrationRow({}, settings)];
    await db.batch([
      db.insert(registrations).values([a, b]),
      db.insert(registrationMembers).values([memberRow(a, 0, person, settings), memberRow(b, 0, person, settings)]),
    ]);
    const rows = await db.select().from(registrationMembers).where(eq(registrationMembers.nikHash, person));
    expect(rows.map((r) => r.nikLock)).toEqual([null, null]);
  });
});

describe("registration rows", () => {
  const offVillage = resolveSettings([{ key: "kim.onePerVillage", value: false }]).settings;

  it("keeps registration numbers unique and only on approved registrations", async () => {
    const approved = registrationRow(
      { status: "approved", registrationNumber: "KIM-6403042001-001", dueAt: null },
      offVillage,
    );
    await db.insert(registrations).values(approved);
    const twin = registrationRow(
      { status: "approved", registrationNumber: "KIM-6403042001-001", dueAt: null },
      offVillage,
    );
    expect(await failure(db.insert(registrations).values(twin))).toContain(
      "UNIQUE constraint failed: registrations.registration_number",
    );
    const pendingWithNumber = registrationRow({ registrationNumber: "KIM-6403042001-002" }, offVillage);
    expect(await failure(db.insert(registrations).values(pendingWithNumber))).toContain(
      "CHECK constraint failed: registrations_number_check",
    );
  });

  it("requires a section name exactly for section heads", async () => {
    const reg = registrationRow({}, offVillage);
    await db.insert(registrations).values(reg);
    const head = { ...memberRow(reg, 0, freshHash()), role: "kepala_seksi" as const };
    expect(await failure(db.insert(registrationMembers).values(head))).toContain(
      "CHECK constraint failed: registration_members_section_check",
    );
    await db.insert(registrationMembers).values({ ...head, sectionName: "Seksi Literasi Digital" });
  });
});
