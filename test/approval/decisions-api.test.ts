import { exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../schema";
import { get, grants, ORIGIN, postForm, sendJson, signedInOfficial } from "../fixtures/officials";
import { createVillage, db, insertRegistration, stateOf } from "../fixtures/registration-flow";

/** A registration awaiting endorsement in a fresh village, with its village head signed in. */
async function withSignedInHead() {
  const village = await createVillage();
  const registration = await insertRegistration({ village });
  const head = await signedInOfficial([grants.villageHead(village.code)]);
  return { registration, head };
}

const api = (path = "") => `/api/v1/registrations${path}`;
const envelope = (code: string) => ({ error: { code, message: expect.any(String), requestId: expect.any(String) } });

describe("decision API: the happy path", () => {
  it("the village head endorses, a verifier approves, and the KIM has its registration number", async () => {
    const { registration: r, head } = await withSignedInHead();
    const verifier = await signedInOfficial([grants.verifier()]);

    const endorsed = await sendJson(
      "POST",
      api(`/${r.id}/endorsement`),
      { decision: "endorse", note: "SK sesuai arsip kampung." },
      { session: head.session },
    );
    expect(endorsed.status).toBe(200);
    expect(await endorsed.json()).toEqual({
      data: { id: r.id, status: "awaiting_verification", dueAt: expect.any(String), registrationNumber: null },
    });

    const queue = await sendJson("GET", api("?stage=verification"), undefined, { session: verifier.session });
    expect(queue.status).toBe(200);
    const items = ((await queue.json()) as { data: { stage: string; items: { id: string }[] } }).data;
    expect(items.stage).toBe("verification");
    expect(items.items.map((i) => i.id)).toContain(r.id);

    const approved = await sendJson(
      "POST",
      api(`/${r.id}/verification`),
      { decision: "approve" },
      { session: verifier.session },
    );
    expect(approved.status).toBe(200);
    const number = `KIM-${r.villageCode.replaceAll(".", "")}-001`;
    expect(await approved.json()).toEqual({
      data: { id: r.id, status: "approved", dueAt: null, registrationNumber: number },
    });
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({ status: "approved", registrationNumber: number });
    expect(state.timeline).toEqual(["submit", "endorse", "approve"]);
  });

  it("the work queue of endorsement lists no personal data, and a village head sees only their village", async () => {
    const { registration: r, head } = await withSignedInHead();
    const elsewhere = await insertRegistration();

    const res = await sendJson("GET", api("?stage=endorsement"), undefined, { session: head.session });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { items: Record<string, unknown>[] } };
    expect(body.data.items).toEqual([
      {
        id: r.id,
        kimName: expect.any(String),
        villageName: expect.any(String),
        districtName: expect.any(String),
        status: "awaiting_endorsement",
        deadline: expect.objectContaining({ dueAt: expect.any(String), overdue: false }),
        escalationLevel: 0,
        submittedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(body)).not.toContain(r.contactEmail);
    expect(JSON.stringify(body)).not.toContain(elsewhere.id);

    const verification = await sendJson("GET", api("?stage=verification"), undefined, { session: head.session });
    expect(verification.status).toBe(403);
    expect(await verification.json()).toMatchObject(envelope("forbidden"));
  });

  it("the detail masks contacts for the village head, shows them to a verifier, and records each read", async () => {
    const { registration: r, head } = await withSignedInHead();
    const verifier = await signedInOfficial([grants.verifier()]);
    const member = r.members[0];
    if (!member) throw new Error("fixture without members");

    const forHead = await sendJson("GET", api(`/${r.id}`), undefined, { session: head.session });
    expect(forHead.status).toBe(200);
    const headText = await forHead.text();
    expect(JSON.parse(headText)).toMatchObject({
      data: {
        id: r.id,
        status: "awaiting_endorsement",
        village: { code: r.villageCode },
        members: expect.arrayContaining([
          expect.objectContaining({ fullName: member.fullName, nik: `••••••••••••${member.nik.slice(-4)}` }),
        ]),
        can: { endorse: true, endorseOnBehalf: false, verify: false },
      },
    });
    expect(headText).not.toContain(member.nik);
    expect(headText).not.toContain(member.phone);
    expect(headText).not.toContain(r.contactEmail);

    const verifierText = await (
      await sendJson("GET", api(`/${r.id}`), undefined, { session: verifier.session })
    ).text();
    expect(verifierText).toContain(member.phone);
    expect(verifierText).toContain(r.contactEmail);
    expect(verifierText).not.toContain(member.nik);

    const reads = await db()
      .select({ actorId: auditLog.actorId, detail: auditLog.detail })
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, r.id), eq(auditLog.action, "personal_data.read")));
    expect(reads).toEqual([
      { actorId: head.official.id, detail: { view: "detail", contacts: false } },
      { actorId: verifier.official.id, detail: { view: "detail", contacts: true } },
    ]);
  });

  it("the public status route is still there", async () => {
    const r = await insertRegistration();
    const res = await get(api(`/${r.id}/status`));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { id: r.id, status: "awaiting_endorsement" } });
  });
});

describe("decision API: refusals", () => {
  it("a village head of another village gets 403 on the detail and the decision, the same as for an unknown id", async () => {
    const { registration: r } = await withSignedInHead();
    const other = await signedInOfficial([grants.villageHead((await createVillage()).code)]);

    const detail = await sendJson("GET", api(`/${r.id}`), undefined, { session: other.session });
    expect(detail.status).toBe(403);
    expect(await detail.json()).toMatchObject(envelope("forbidden"));
    const decision = await sendJson(
      "POST",
      api(`/${r.id}/endorsement`),
      { decision: "endorse" },
      { session: other.session },
    );
    expect(decision.status).toBe(403);
    expect(await decision.json()).toMatchObject(envelope("forbidden"));
    const unknown = await sendJson("GET", api("/REG-0000000000"), undefined, { session: other.session });
    expect(unknown.status).toBe(403);
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");
  });

  it("anonymous requests get 401 on every route", async () => {
    const r = await insertRegistration();
    const responses = await Promise.all([
      sendJson("GET", api("?stage=endorsement")),
      sendJson("GET", api(`/${r.id}`)),
      sendJson("POST", api(`/${r.id}/endorsement`), { decision: "endorse" }),
      sendJson("POST", api(`/${r.id}/verification`), { decision: "approve" }),
    ]);
    for (const res of responses) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject(envelope("unauthorized"));
    }
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");
  });

  it("a cross-site form post carrying the session cookie is refused, and nothing changes", async () => {
    const { registration: r, head } = await withSignedInHead();
    const res = await postForm(
      api(`/${r.id}/endorsement`),
      { decision: "endorse" },
      { session: head.session, origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject(envelope("forbidden"));
    const bodyless = await exports.default.fetch(`${ORIGIN}${api(`/${r.id}/endorsement`)}`, {
      method: "POST",
      headers: { cookie: head.session.cookie, "sec-fetch-site": "cross-site" },
    });
    expect(bodyless.status).toBe(403);
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");
  });

  it("a decision on a registration that moved on answers 409 and changes nothing", async () => {
    const { registration: r, head } = await withSignedInHead();
    const verifier = await signedInOfficial([grants.verifier()]);

    const early = await sendJson(
      "POST",
      api(`/${r.id}/verification`),
      { decision: "approve" },
      { session: verifier.session },
    );
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject(envelope("conflict"));

    expect(
      (await sendJson("POST", api(`/${r.id}/endorsement`), { decision: "endorse" }, { session: head.session })).status,
    ).toBe(200);
    const again = await sendJson(
      "POST",
      api(`/${r.id}/endorsement`),
      { decision: "reject", reason: "Terlambat." },
      { session: head.session },
    );
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject(envelope("conflict"));
    expect((await stateOf(r.id)).timeline).toEqual(["submit", "endorse"]);
  });

  it("bad input answers 422 naming each field", async () => {
    const { registration: r, head } = await withSignedInHead();
    const verifier = await signedInOfficial([grants.verifier()]);

    const badDecision = await sendJson(
      "POST",
      api(`/${r.id}/endorsement`),
      { decision: "maybe" },
      { session: head.session },
    );
    expect(badDecision.status).toBe(422);
    expect(await badDecision.json()).toMatchObject({
      error: { code: "validation_failed", details: [{ path: "decision", message: expect.any(String) }] },
    });

    const noReason = await sendJson(
      "POST",
      api(`/${r.id}/endorsement`),
      { decision: "reject" },
      { session: head.session },
    );
    expect(noReason.status).toBe(422);
    expect(await noReason.json()).toMatchObject({
      error: {
        code: "validation_failed",
        details: [{ path: "reason", code: "required", message: "Alasan penolakan wajib diisi." }],
      },
    });

    const noNote = await sendJson(
      "POST",
      api(`/${r.id}/endorsement`),
      { decision: "endorse" },
      { session: verifier.session },
    );
    expect(noNote.status).toBe(422);
    expect(await noNote.json()).toMatchObject({
      error: { details: [{ path: "note", code: "required" }] },
    });

    expect(
      (await sendJson("POST", api(`/${r.id}/endorsement`), { decision: "endorse" }, { session: head.session })).status,
    ).toBe(200);
    const revise = await sendJson(
      "POST",
      api(`/${r.id}/verification`),
      {
        decision: "revise",
        fields: [
          { path: "kimName", reason: "Nama sesuai SK." },
          { path: "decree", reason: " " },
        ],
      },
      { session: verifier.session },
    );
    expect(revise.status).toBe(422);
    expect(await revise.json()).toMatchObject({
      error: { details: [{ path: "fields[1].reason", code: "required" }] },
    });
    const unknownField = await sendJson(
      "POST",
      api(`/${r.id}/verification`),
      { decision: "revise", fields: [{ path: "nik", reason: "x" }] },
      { session: verifier.session },
    );
    expect(unknownField.status).toBe(422);
    expect(await unknownField.json()).toMatchObject({ error: { details: [{ path: "fields[0].path" }] } });
    const badStage = await sendJson("GET", api("?stage=approval"), undefined, { session: verifier.session });
    expect(badStage.status).toBe(422);
    expect(await badStage.json()).toMatchObject({ error: { details: [{ path: "stage" }] } });
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_verification");
  });

  it("a revise with its reasons sends the registration back", async () => {
    const r = await insertRegistration({ status: "awaiting_verification" });
    const verifier = await signedInOfficial([grants.verifier()]);
    const res = await sendJson(
      "POST",
      api(`/${r.id}/verification`),
      {
        decision: "revise",
        reason: "Mohon lengkapi.",
        fields: [{ path: "decree", reason: "Nomor SK tidak terbaca." }],
      },
      { session: verifier.session },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { status: "needs_revision", dueAt: expect.any(String) } });
  });
});

describe("/api/openapi.json", () => {
  it("describes the decision routes", async () => {
    const doc = (await (await get("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/api/v1/registrations"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
    expect(doc.paths["/api/v1/registrations/{id}"]).toHaveProperty("get");
    expect(doc.paths["/api/v1/registrations/{id}/status"]).toHaveProperty("get");
    expect(doc.paths["/api/v1/registrations/{id}/endorsement"]).toHaveProperty("post");
    expect(doc.paths["/api/v1/registrations/{id}/verification"]).toHaveProperty("post");
  });
});
