import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../schema";
import { createDb } from "../../workers/db";
import { freshReport, postAspiration } from "../fixtures/aspirations";
import { grants, sendJson, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

const db = createDb(env.DB);
beforeAll(() => seedReferenceData(env.DB));

const api = (path: string) => `/api/v1/aspirations${path}`;
const REPORTER = { reporterName: "Siti Aminah", reporterEmail: "siti.aminah@contoh.id", reporterPhone: "081234567890" };
const IDENTITY = ["Siti Aminah", "siti.aminah@contoh.id", "81234567890"];

async function submitted(overrides: Record<string, unknown> = {}) {
  return ((await (await postAspiration(freshReport({ ...REPORTER, ...overrides }))).json()) as { code: string }).code;
}

describe("officials' aspiration API", () => {
  it("takes a case from the verifier's queue to the agency's answer", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const officer = await signedInOfficial([grants.agencyOfficer("pupr")]);
    const code = await submitted();

    const queue = await sendJson("GET", api("/queues/verification"), undefined, { session: verifier.session });
    expect(queue.status).toBe(200);
    const items = ((await queue.json()) as { data: { items: { code: string; overdue: boolean }[] } }).data.items;
    expect(items.find((i) => i.code === code)).toMatchObject({ code, overdue: false });

    const routed = await sendJson(
      "POST",
      api(`/${code}/decisions`),
      { decision: "route", agencyId: "pupr" },
      {
        session: verifier.session,
      },
    );
    expect(routed.status).toBe(200);
    expect(await routed.json()).toMatchObject({ data: { status: "routed" } });

    const agencyItems = await sendJson("GET", api("/queues/agency"), undefined, { session: officer.session });
    expect(await agencyItems.json()).toMatchObject({
      data: { agencyId: "pupr", items: expect.arrayContaining([expect.objectContaining({ code })]) },
    });

    const answered = await sendJson(
      "POST",
      api(`/${code}/decisions`),
      { decision: "answer", publicAnswer: "Perbaikan dijadwalkan pekan depan." },
      { session: officer.session },
    );
    expect(await answered.json()).toMatchObject({ data: { status: "answered" } });
  });

  it("shows the agency no identity of an anonim or rahasia reporter, and a verifier all of it, audited", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const officer = await signedInOfficial([grants.agencyOfficer("pupr")]);
    for (const privacy of ["anonim", "rahasia"]) {
      const code = await submitted({ privacy });
      await sendJson(
        "POST",
        api(`/${code}/decisions`),
        { decision: "route", agencyId: "pupr" },
        { session: verifier.session },
      );
      const asAgency = await (
        await sendJson("GET", api(`/${code}/case`), undefined, { session: officer.session })
      ).text();
      for (const piece of IDENTITY) expect(asAgency).not.toContain(piece);
      const asVerifier = await sendJson("GET", api(`/${code}/case`), undefined, { session: verifier.session });
      expect(asVerifier.headers.get("cache-control")).toBe("no-store");
      expect(await asVerifier.json()).toMatchObject({
        data: { reporter: { name: "Siti Aminah", email: "siti.aminah@contoh.id", phone: "+6281234567890" } },
      });
      const reads = await db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.subjectId, code), eq(auditLog.action, "personal_data.read")));
      expect(reads).toHaveLength(1);
    }
  });

  it("keeps other agencies and anonymous callers out", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const other = await signedInOfficial([grants.agencyOfficer("dinkes")]);
    const code = await submitted();
    await sendJson(
      "POST",
      api(`/${code}/decisions`),
      { decision: "route", agencyId: "pupr" },
      { session: verifier.session },
    );
    expect((await sendJson("GET", api(`/${code}/case`), undefined, { session: other.session })).status).toBe(403);
    expect(
      (
        await sendJson(
          "POST",
          api(`/${code}/decisions`),
          { decision: "answer", publicAnswer: "Bukan kami." },
          { session: other.session },
        )
      ).status,
    ).toBe(403);
    expect((await sendJson("GET", api("/queues/verification"), undefined, { session: other.session })).status).toBe(
      403,
    );
    expect((await sendJson("GET", api("/queues/verification"))).status).toBe(401);
  });

  it("names each wrong field of a decision", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const code = await submitted();
    const res = await sendJson(
      "POST",
      api(`/${code}/decisions`),
      { decision: "decline", reason: "" },
      {
        session: verifier.session,
      },
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: "reason" }, { path: "referTo" }] } });
  });
});
