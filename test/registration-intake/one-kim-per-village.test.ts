import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrationMembers, registrations } from "../../schema";
import { createDb } from "../../workers/db";
import { seedReferenceData } from "../fixtures/reference-data";
import { freshApplication, postRegistration, takeVillage } from "../fixtures/registration-intake";

const db = createDb(env.DB);

beforeAll(() => seedReferenceData(env.DB));

const registrationsOf = (villageCode: string) =>
  db.select().from(registrations).where(eq(registrations.villageCode, villageCode));

describe("one pending or active KIM per village", () => {
  it("answers a second application for the village with 409 naming the pending registration", async () => {
    const village = takeVillage();
    const first = await postRegistration(freshApplication({ villageCode: village }));
    const { id } = (await first.json()) as { id: string };

    const second = await postRegistration(freshApplication({ villageCode: village }));
    expect(second.status).toBe(409);
    const body = (await second.json()) as { error: { message: string } };
    expect(body).toEqual({
      error: {
        code: "conflict",
        message: expect.stringContaining(`(${id})`),
        details: [{ path: "villageCode", code: "village_has_kim", message: body.error.message }],
        requestId: expect.any(String),
      },
    });
    expect(await registrationsOf(village)).toHaveLength(1);
  });

  it("still lists the application's other problems beside the conflict", async () => {
    const village = takeVillage();
    expect((await postRegistration(freshApplication({ villageCode: village }))).status).toBe(201);
    const second = freshApplication({ villageCode: village });
    second.members[3] = { ...second.members[3], occupation: "asn" };
    const res = await postRegistration(second);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: {
        details: [
          { path: "villageCode", code: "village_has_kim" },
          { path: "members[3].occupation", code: "occupation_excluded" },
        ],
      },
    });
  });

  it("accepts exactly one of two applications for one village sent at the same moment", async () => {
    const village = takeVillage();
    const responses = await Promise.all([
      postRegistration(freshApplication({ villageCode: village })),
      postRegistration(freshApplication({ villageCode: village })),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = responses.find((r) => r.status === 201);
    const loser = responses.find((r) => r.status === 409);
    const { id } = ((await winner?.json()) ?? {}) as { id: string };
    expect(await loser?.json()).toMatchObject({
      error: { code: "conflict", details: [{ path: "villageCode", code: "village_has_kim" }] },
    });
    const stored = await registrationsOf(village);
    expect(stored.map((r) => r.id)).toEqual([id]);
    // The loser's people hold no lock: each member row belongs to the winner.
    const locked = await db
      .select({ registrationId: registrationMembers.registrationId })
      .from(registrationMembers)
      .innerJoin(registrations, eq(registrations.id, registrationMembers.registrationId))
      .where(eq(registrations.villageCode, village));
    expect(locked.map((m) => m.registrationId)).toEqual(Array(5).fill(id));
  });

  it("accepts exactly one of fifty applications for one village sent at once, and stores only it (issue 13)", async () => {
    const village = takeVillage();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => postRegistration(freshApplication({ villageCode: village }))),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const { id } = ((await responses[statuses.indexOf(201)]?.json()) ?? {}) as { id: string };
    expect((await registrationsOf(village)).map((r) => r.id)).toEqual([id]);
  }, 60_000);

  it("lets only one of two simultaneous applications with the same person in (nik_lock)", async () => {
    const a = freshApplication();
    const b = freshApplication();
    b.members[4] = { ...b.members[4], nik: a.members[4]?.nik };
    const responses = await Promise.all([postRegistration(a), postRegistration(b)]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 422]);
    const loser = responses.find((r) => r.status === 422);
    expect(await loser?.json()).toMatchObject({
      error: { code: "validation_failed", details: [{ path: "members[4].nik", code: "nik_in_other_kim" }] },
    });
  });

  it("takes a new application once the village's earlier one is closed", async () => {
    const village = takeVillage();
    const first = (await (await postRegistration(freshApplication({ villageCode: village }))).json()) as {
      id: string;
    };
    // What the decision services do on rejection: release the people, then the village.
    await db.batch([
      db.update(registrationMembers).set({ nikLock: null }).where(eq(registrationMembers.registrationId, first.id)),
      db
        .update(registrations)
        .set({ status: "rejected", villageLock: null, dueAt: null })
        .where(eq(registrations.id, first.id)),
    ]);
    expect((await postRegistration(freshApplication({ villageCode: village }))).status).toBe(201);
  });
});
