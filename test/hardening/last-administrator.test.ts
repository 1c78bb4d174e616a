import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, roleGrants } from "../../schema";
import { createDb } from "../../workers/db";
import { createOfficial, get, grants, sendJson, sessionFor } from "../fixtures/officials";

const db = createDb(env.DB);
const adminGrantOf = async (officialId: string) =>
  (
    await db
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(and(eq(roleGrants.officialId, officialId), eq(roleGrants.role, "admin")))
      .get()
  )?.id ?? "";
const revoke = (officialId: string, grantId: string, session: Awaited<ReturnType<typeof sessionFor>>) =>
  sendJson("DELETE", `/api/v1/admin/officials/${officialId}/roles/${grantId}`, undefined, { session });

// Storage is isolated per file: the officials made here are the only administrators there are.
describe("the last administrator", () => {
  it("cannot remove their own admin role while no other active administrator exists", async () => {
    const only = await createOfficial({ grants: [grants.admin(), grants.verifier()] });
    // A deactivated administrator does not count: they cannot sign in to manage anything.
    await createOfficial({ grants: [grants.admin()], active: false });
    const session = await sessionFor(only);

    const res = await revoke(only.id, await adminGrantOf(only.id), session);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: "conflict", message: expect.stringContaining("tidak ada administrator aktif lain") },
    });
    expect((await get("/admin", { session })).status).toBe(200);
    const audited = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, only.id), eq(auditLog.action, "official.revoke_role")));
    expect(audited).toEqual([]);

    // Another role of theirs can still be taken away.
    const verifierGrant = await db
      .select({ id: roleGrants.id })
      .from(roleGrants)
      .where(and(eq(roleGrants.officialId, only.id), eq(roleGrants.role, "verifier")))
      .get();
    expect((await revoke(only.id, verifierGrant?.id ?? "", session)).status).toBe(200);
  });

  it("can hand over: once another administrator is active, removing one's own admin role works", async () => {
    const first = await createOfficial({ grants: [grants.admin()] });
    await createOfficial({ grants: [grants.admin()] });
    const session = await sessionFor(first);

    expect((await revoke(first.id, await adminGrantOf(first.id), session)).status).toBe(200);
    expect((await get("/admin", { session })).status).toBe(403);
  });
});
