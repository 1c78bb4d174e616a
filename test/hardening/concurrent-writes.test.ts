import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, registrations, settings } from "../../schema";
import { grants, sendJson, signedInOfficial } from "../fixtures/officials";
import { createVillage, db, insertRegistration } from "../fixtures/registration-flow";

const APPROVALS = 8;

/** Switches `kim.onePerVillage` off, as a regency that allows several KIMs per village would. */
async function allowSeveralKimsPerVillage() {
  await db()
    .insert(settings)
    .values({ key: "kim.onePerVillage", value: false, updatedAt: new Date().toISOString(), updatedBy: "test" })
    .onConflictDoUpdate({ target: settings.key, set: { value: false } });
}

describe("concurrent writes never answer 500", () => {
  it("gives every one of many concurrent approvals in one village its own number", async () => {
    await allowSeveralKimsPerVillage();
    const village = await createVillage();
    const ids: string[] = [];
    for (let i = 0; i < APPROVALS; i++) {
      const r = await insertRegistration({ village, status: "awaiting_verification" });
      // The fixture locks the village as the default rule would; with the rule off nothing holds it.
      await db().update(registrations).set({ villageLock: null }).where(eq(registrations.id, r.id));
      ids.push(r.id);
    }
    const { session } = await signedInOfficial([grants.verifier()]);

    const answers = await Promise.all(
      ids.map((id) =>
        sendJson("POST", `/api/v1/registrations/${id}/verification`, { decision: "approve" }, { session }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    const numbers = await Promise.all(
      answers.map(async (a) => ((await a.json()) as { data: { registrationNumber: string } }).data.registrationNumber),
    );
    const digits = village.code.replaceAll(".", "");
    const expected = ids.map((_, i) => `KIM-${digits}-${String(i + 1).padStart(3, "0")}`);
    expect([...numbers].sort()).toEqual(expected);
    // Each approval's audit entry names the number it wrote.
    const audited = await db()
      .select({ subjectId: auditLog.subjectId, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.action, "registration.approve")));
    const byId = new Map(audited.map((a) => [a.subjectId, a.detail?.registrationNumber]));
    expect(ids.map((id) => byId.get(id))).toEqual(numbers);
  });

  it("answers 409, not 500, when two administrators invite the same address at once", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const email = `kembar-${crypto.randomUUID().slice(0, 8)}@example.go.id`;

    const answers = await Promise.all(
      [1, 2, 3].map((n) =>
        sendJson("POST", "/api/v1/admin/officials", { name: `Pejabat ${n}`, email, role: "verifier" }, { session }),
      ),
    );

    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(await a.json()).toMatchObject({ error: { code: "conflict", message: expect.any(String) } });
    }
  });
});
