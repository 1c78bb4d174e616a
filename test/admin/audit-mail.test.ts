import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import { auditEntry } from "../../workers/services/audit";
import { get, grants, postForm, sendJson, signedInOfficial } from "../fixtures/officials";

const db = createDb(env.DB);

async function writeEntries(actorId: string) {
  const base = { actor: { type: "official" as const, id: actorId }, requestId: "req-fixture" };
  await db.batch([
    auditEntry(db, {
      ...base,
      action: "registration.endorse",
      subject: { type: "registration", id: "REG-A" },
      at: new Date("2026-03-10T02:00:00Z"),
    }),
    auditEntry(db, {
      ...base,
      action: "registration.verify",
      subject: { type: "registration", id: "REG-A" },
      at: new Date("2026-03-12T02:00:00Z"),
    }),
    auditEntry(db, {
      ...base,
      action: "registration.verify",
      subject: { type: "registration", id: "REG-B" },
      at: new Date("2026-03-13T17:00:00Z"),
    }),
  ]);
}

describe("audit log", () => {
  it("filters by actor, action (or prefix), subject and WITA date", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const actorId = `actor-${crypto.randomUUID()}`;
    await writeEntries(actorId);
    const query = async (q: string) => {
      const res = await sendJson("GET", `/api/v1/admin/audit?actorId=${actorId}&${q}`, undefined, { session });
      return ((await res.json()) as { data: { action: string; subjectId: string }[] }).data.map(
        (e) => `${e.action} ${e.subjectId}`,
      );
    };
    expect(await query("")).toEqual([
      "registration.verify REG-B",
      "registration.verify REG-A",
      "registration.endorse REG-A",
    ]);
    expect(await query("action=registration.verify")).toEqual([
      "registration.verify REG-B",
      "registration.verify REG-A",
    ]);
    expect(await query("action=registration.")).toHaveLength(3);
    expect(await query("subjectType=registration&subjectId=REG-A")).toEqual([
      "registration.verify REG-A",
      "registration.endorse REG-A",
    ]);
    // 2026-03-13T17:00Z is 14 March in WITA.
    expect(await query("from=2026-03-14&to=2026-03-14")).toEqual(["registration.verify REG-B"]);
    expect(await query("from=2026-03-11&to=2026-03-13")).toEqual(["registration.verify REG-A"]);
    const bad = await sendJson("GET", "/api/v1/admin/audit?from=2026-02-30", undefined, { session });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { details: [{ path: "from" }] } });
  });

  it("exports the filtered log as CSV", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const actorId = `actor-${crypto.randomUUID()}`;
    await writeEntries(actorId);
    const res = await get(`/admin/audit/ekspor.csv?actorId=${actorId}&subjectId=REG-A`, { session });
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,at,actor_type,actor_id,action,subject_type,subject_id,request_id,detail");
    expect(lines.slice(1).map((l) => l.split(",").slice(1, 7).join(","))).toEqual([
      `"2026-03-12T02:00:00.000Z","official","${actorId}","registration.verify","registration","REG-A"`,
      `"2026-03-10T02:00:00.000Z","official","${actorId}","registration.endorse","registration","REG-A"`,
    ]);
  });

  it("is read-only: no route edits or deletes an entry", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      expect((await sendJson(method, "/api/v1/admin/audit", {}, { session })).status).toBe(404);
      expect((await sendJson(method, "/api/v1/admin/audit/1", {}, { session })).status).toBe(404);
    }
    await expect(env.DB.prepare("DELETE FROM audit_log").run()).rejects.toThrow(/append-only/);
  });
});

describe("failed mail", () => {
  async function failedRow(to: string) {
    const id = crypto.randomUUID();
    await db.insert(mailOutbox).values({
      id,
      dedupeKey: `test:${id}`,
      template: "sign_in_link",
      recipients: [to],
      params: { link: "/masuk/tautan/x", expiresAt: "2026-03-01T00:00:00Z" },
      status: "failed",
      attempts: 10,
      lastError: "Semua percobaan pengiriman gagal.",
      createdAt: "2026-03-01T00:00:00.000Z",
      failedAt: "2026-03-01T04:00:00.000Z",
    });
    return id;
  }

  it("lists failed mail with masked recipients, audits the read, and resends from the button", async () => {
    const { official, session } = await signedInOfficial([grants.admin()]);
    const id = await failedRow("kepala.opd@example.go.id");
    const list = await sendJson("GET", "/api/v1/admin/mail/failed", undefined, { session });
    const item = ((await list.json()) as { data: { id: string; recipients: string[] }[] }).data.find(
      (m) => m.id === id,
    );
    expect(item?.recipients).toEqual(["k•••@example.go.id"]);

    const page = await get("/admin/email-gagal", { session });
    const html = await page.text();
    expect(html).not.toContain("kepala.opd@example.go.id");
    expect(html).toContain(`action="/admin/email-gagal/${id}/kirim-ulang"`);

    const resend = await postForm(`/admin/email-gagal/${id}/kirim-ulang`, {}, { session });
    expect(resend.status).toBe(303);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.resendOf, id))).toMatchObject([
      { recipients: ["kepala.opd@example.go.id"], template: "sign_in_link" },
    ]);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.actorId, official.id)));
    expect(entries.map((e) => e.action).filter((a) => a !== "session.sign_in")).toEqual([
      "personal_data.read",
      "personal_data.read",
      "mail.resend",
    ]);
  });
});
