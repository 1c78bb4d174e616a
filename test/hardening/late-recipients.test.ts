import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { REGISTRATION_FLOW_STEPS as STEPS } from "../../workers/flows/registration-flow";
import { createOfficial, grants, postForm, sendJson, signedInOfficial } from "../fixtures/officials";
import { createVillage, insertRegistration, mailOf, mailParams, stateOf } from "../fixtures/registration-flow";

describe("a village head who appears after the registration", () => {
  it("gets the endorsement request when invited later, and endorses through its link", async () => {
    const verifier = await createOfficial({ grants: [grants.verifier()] });
    const village = await createVillage();
    const r = await insertRegistration({ village });
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await env.REGISTRATION_FLOW.create({ id: r.id, params: { registrationId: r.id } });
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    // Nobody waits on an empty mailbox: with no village head on file the verifiers are told.
    expect((await mailOf(r.id)).map((m) => m.template)).toEqual(["registration_no_village_head"]);
    expect((await mailOf(r.id))[0]?.to).toContain(verifier.email);

    const { session } = await signedInOfficial([grants.admin()]);
    const invited = await sendJson(
      "POST",
      "/api/v1/admin/officials",
      {
        name: "Kepala Kampung Baru",
        email: `kakam-${r.id.toLowerCase()}@kampung.test`,
        role: "village_head",
        scopeId: village.code,
      },
      { session },
    );
    expect(invited.status).toBe(201);
    const head = ((await invited.json()) as { data: { id: string; email: string } }).data;

    const key = `${r.id}:endorsement-1:request:0:${head.id}`;
    expect(await mailOf(r.id)).toContainEqual({ key, template: "registration_endorsement_request", to: [head.email] });
    const params = await mailParams(key);
    expect(params).toMatchObject({ kind: "request", dueAt: (await stateOf(r.id)).registration?.dueAt });

    const endorsed = await postForm(String(params?.endorseLink), { note: "" });
    expect(endorsed.status).toBe(200);
    await instance.waitForStepResult({ name: STEPS.verificationRequest });
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_verification");
    expect((await mailOf(r.id)).map((m) => m.template)).toContain("registration_verification_request");
  });

  it("gets the request once when granted the role later, however often the grant is repeated", async () => {
    const village = await createVillage();
    const r = await insertRegistration({ village });
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await env.REGISTRATION_FLOW.create({ id: r.id, params: { registrationId: r.id } });
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    const lurah = await createOfficial({ grants: [] });
    const { session } = await signedInOfficial([grants.admin()]);

    const granted = await sendJson(
      "POST",
      `/api/v1/admin/officials/${lurah.id}/roles`,
      { role: "village_head", scopeId: village.code },
      { session },
    );
    expect(granted.status).toBe(201);
    const again = await sendJson(
      "POST",
      `/api/v1/admin/officials/${lurah.id}/roles`,
      { role: "village_head", scopeId: village.code },
      { session },
    );
    expect(again.status).toBe(409);

    const requests = (await mailOf(r.id)).filter((m) => m.template === "registration_endorsement_request");
    expect(requests).toEqual([
      {
        key: `${r.id}:endorsement-1:request:0:${lurah.id}`,
        template: "registration_endorsement_request",
        to: [lurah.email],
      },
    ]);
  });
});
