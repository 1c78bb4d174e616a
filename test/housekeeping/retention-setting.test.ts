import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, registrations, settings } from "../../schema";
import { ANONYMISED } from "../../workers/domain/retention";
import { anonymiseClosedRegistrations } from "../../workers/services/housekeeping";
import { daysBeforeMs, housekeepingTestDeps, insertClosedRegistration } from "../fixtures/housekeeping";
import { db } from "../fixtures/registration-flow";

describe("retention.rejectedRegistrationDays", () => {
  it("is the period the job counts from the closure: a shorter setting anonymises sooner", async () => {
    await db().insert(settings).values({
      key: "retention.rejectedRegistrationDays",
      value: 30,
      updatedAt: new Date().toISOString(),
      updatedBy: "test",
    });
    const run = new Date();
    const past = await insertClosedRegistration({ status: "withdrawn", closedAt: daysBeforeMs(run, 31) });
    const inside = await insertClosedRegistration({ status: "withdrawn", closedAt: daysBeforeMs(run, 29) });

    expect(await anonymiseClosedRegistrations(housekeepingTestDeps(run))).toMatchObject({ anonymised: 1 });

    const emailOf = async (id: string) =>
      (await db().select().from(registrations).where(eq(registrations.id, id)).get())?.contactEmail;
    expect(await emailOf(past.id)).toBe(ANONYMISED);
    expect(await emailOf(inside.id)).toBe(inside.contactEmail);
    const [entry] = await db().select().from(auditLog).where(eq(auditLog.subjectId, past.id));
    expect(entry?.detail).toMatchObject({ retentionDays: 30, status: "withdrawn" });
  });
});
