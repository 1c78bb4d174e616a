import { introspectWorkflowInstance } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  REGISTRATION_FLOW_STEPS as STEPS,
  REGISTRATION_FLOW_WAITS as WAITS,
} from "../../workers/flows/registration-flow";
import {
  approveRegistration,
  endorseRegistration,
  rejectEndorsement,
  rejectRegistration,
  requestRevision,
  withdrawRegistration,
} from "../../workers/services/registration/decisions";
import { resubmitRegistration } from "../../workers/services/registration/resubmit";
import {
  byKey,
  createRegencyStaff,
  createVillage,
  decisionDeps,
  type FixtureRegistration,
  firstVerifier,
  insertRegistration,
  mailOf,
  mailParams,
  type RegencyStaff,
  resubmission,
  stateOf,
  villageHeadOf,
} from "../fixtures/registration-flow";

let staff: RegencyStaff;
beforeAll(async () => {
  staff = await createRegencyStaff();
});

const applicant = (r: FixtureRegistration) => ({ type: "public" as const, id: `applicant:${r.id}` });
const start = (r: FixtureRegistration) => env.REGISTRATION_FLOW.create({ id: r.id, params: { registrationId: r.id } });
/** A registration in a fresh village with its village head on file. */
async function withVillageHead() {
  const village = await createVillage();
  const head = await villageHeadOf(village.code);
  const registration = await insertRegistration({ village });
  return { registration, head };
}
const verifier = () => firstVerifier(staff);

/** The mail every flow starts with for `r`: the endorsement request to its village head. */
const endorsementRequest = (r: FixtureRegistration, head: { id: string; email: string }) => ({
  key: `${r.id}:endorsement-1:request:0:${head.id}`,
  template: "registration_endorsement_request",
  to: [head.email],
});
/** The applicant's notice that the village head (or a verifier on their behalf) endorsed. */
const endorsedNotice = (r: FixtureRegistration) => ({
  key: `${r.id}:endorsement-1:endorsed:0`,
  template: "registration_endorsed",
  to: [r.contactEmail],
});
const verificationRequest = (r: FixtureRegistration, round = 1) => ({
  key: `${r.id}:verification-${round}:request:0`,
  template: "registration_verification_request",
  to: staff.verifierEmails,
});
const closing = (r: FixtureRegistration, status: string, template: string) => ({
  key: `${r.id}:closing-1:${status}:0`,
  template,
  to: [r.contactEmail],
});

describe("RegistrationFlow: decisions", () => {
  it("happy path: the village head endorses, a verifier approves, the KIM gets its number and certificate mail", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await start(r);

    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    const endorsed = await endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id });
    expect(endorsed).toMatchObject({ status: "awaiting_verification", registrationNumber: null });
    await instance.waitForStepResult({ name: STEPS.verificationRequest });
    const approved = await approveRegistration(decisionDeps(), verifier(), { registrationId: r.id });

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ registrationId: r.id, status: "approved" });
    const number = `KIM-${r.villageCode.replaceAll(".", "")}-001`;
    expect(approved).toEqual({ id: r.id, status: "approved", dueAt: null, registrationNumber: number });
    expect(await mailOf(r.id)).toEqual(
      byKey([
        endorsementRequest(r, head),
        endorsedNotice(r),
        verificationRequest(r),
        closing(r, "approved", "registration_approved"),
      ]),
    );
    expect(await mailParams(`${r.id}:endorsement-1:endorsed:0`)).toEqual({
      kimName: expect.any(String),
      villageName: expect.any(String),
      onBehalf: false,
      dueAt: expect.any(String),
      trackingLink: `/daftar-kim/${r.id}`,
    });
    expect(await mailParams(`${r.id}:closing-1:approved:0`)).toMatchObject({
      registrationNumber: number,
      certificateLink: `/kim/${number}/sertifikat`,
    });
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({ status: "approved", registrationNumber: number, dueAt: null });
    expect(state.timeline).toEqual(["submit", "endorse", "approve"]);
    expect(state.lockedMembers).toBe(r.members.length);
  });

  it("rejection at endorsement: the village head refuses with a reason; the applicant is told and the locks are released", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await rejectEndorsement(decisionDeps(), head.actor, { registrationId: r.id, reason: "SK belum ditandatangani." });

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ registrationId: r.id, status: "rejected" });
    expect(await mailOf(r.id)).toEqual(
      byKey([endorsementRequest(r, head), closing(r, "rejected", "registration_rejected")]),
    );
    expect(await mailParams(`${r.id}:closing-1:rejected:0`)).toMatchObject({
      stage: "endorsement",
      reason: "SK belum ditandatangani.",
    });
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({ status: "rejected", villageLock: null, dueAt: null });
    expect(state.lockedMembers).toBe(0);
    expect(state.timeline).toEqual(["submit", "reject"]);
  });

  it("rejection at verification: a verifier rejects with a reason after the endorsement", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id });
    await instance.waitForStepResult({ name: STEPS.verificationRequest });
    await rejectRegistration(decisionDeps(), verifier(), {
      registrationId: r.id,
      reason: "Anggota bukan warga kampung.",
    });

    await instance.waitForStatus("complete");
    expect(await mailOf(r.id)).toEqual(
      byKey([
        endorsementRequest(r, head),
        endorsedNotice(r),
        verificationRequest(r),
        closing(r, "rejected", "registration_rejected"),
      ]),
    );
    expect(await mailParams(`${r.id}:closing-1:rejected:0`)).toMatchObject({
      stage: "verification",
      reason: "Anggota bukan warga kampung.",
    });
    expect((await stateOf(r.id)).lockedMembers).toBe(0);
  });

  it("a verifier endorses on the village head's behalf (with a note) when no village head is on file", async () => {
    const r = await insertRegistration();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await endorseRegistration(decisionDeps(), verifier(), {
      registrationId: r.id,
      note: "SK diperiksa; dikonfirmasi kepala kampung lewat telepon.",
    });
    await instance.waitForStepResult({ name: STEPS.verificationRequest });
    await withdrawRegistration(decisionDeps(), applicant(r), { registrationId: r.id });

    await instance.waitForStatus("complete");
    expect(await mailOf(r.id)).toEqual(
      byKey([
        {
          key: `${r.id}:endorsement-1:no-village-head:0`,
          template: "registration_no_village_head",
          to: staff.verifierEmails,
        },
        endorsedNotice(r),
        verificationRequest(r),
        closing(r, "withdrawn", "registration_withdrawn"),
      ]),
    );
    expect(await mailParams(`${r.id}:endorsement-1:endorsed:0`)).toMatchObject({ onBehalf: true });
    expect((await stateOf(r.id)).timeline).toEqual(["submit", "endorse", "withdraw"]);
  });
});

describe("RegistrationFlow: the revise loop", () => {
  it("revision twice: each round mails the applicant again, each resubmission goes back to verification", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id });

    for (const round of [1, 2]) {
      await instance.waitForStepResult({ name: STEPS.verificationRequest, index: round });
      await requestRevision(decisionDeps(), verifier(), {
        registrationId: r.id,
        fields: [{ path: "decree", reason: `Nomor SK tidak terbaca (putaran ${round}).` }],
      });
      await instance.waitForStepResult({ name: STEPS.revisionRequest, index: round });
      const resubmitted = await resubmitRegistration(decisionDeps(), applicant(r), {
        registrationId: r.id,
        raw: resubmission(r),
      });
      expect(resubmitted.status).toBe("awaiting_verification");
    }
    await instance.waitForStepResult({ name: STEPS.verificationRequest, index: 3 });
    await approveRegistration(decisionDeps(), verifier(), { registrationId: r.id });

    await instance.waitForStatus("complete");
    const revision = (round: number) => ({
      key: `${r.id}:revision-${round}:request:0`,
      template: "registration_revision_request",
      to: [r.contactEmail],
    });
    expect(await mailOf(r.id)).toEqual(
      byKey([
        endorsementRequest(r, head),
        endorsedNotice(r),
        verificationRequest(r, 1),
        revision(1),
        verificationRequest(r, 2),
        revision(2),
        verificationRequest(r, 3),
        closing(r, "approved", "registration_approved"),
      ]),
    );
    // The form link itself is blanked once the mail is sent; the HTTP tests open such links.
    expect(await mailParams(`${r.id}:revision-2:request:0`)).toMatchObject({
      fields: [{ label: "SK pembentukan (nomor, tanggal, penerbit)", reason: "Nomor SK tidak terbaca (putaran 2)." }],
    });
    expect(await mailParams(`${r.id}:verification-2:request:0`)).toMatchObject({ resubmitted: true });
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({ status: "approved", kimName: "KIM Uji Perbaikan" });
    expect(state.timeline).toEqual(["submit", "endorse", "revise", "resubmit", "revise", "resubmit", "approve"]);
  });

  it("a resubmission that moves the KIM to another village goes back to endorsement by that village's head", async () => {
    const { registration: r, head } = await withVillageHead();
    const elsewhere = await createVillage();
    const newHead = await villageHeadOf(elsewhere.code);
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id });
    await instance.waitForStepResult({ name: STEPS.verificationRequest });
    await requestRevision(decisionDeps(), verifier(), {
      registrationId: r.id,
      fields: [{ path: "villageCode", reason: "Sekretariat berada di kampung sebelah." }],
    });
    await instance.waitForStepResult({ name: STEPS.revisionRequest });
    const moved = await resubmitRegistration(decisionDeps(), applicant(r), {
      registrationId: r.id,
      raw: resubmission(r, { villageCode: elsewhere.code }),
    });
    expect(moved.status).toBe("awaiting_endorsement");
    await instance.waitForStepResult({ name: STEPS.endorsementRequest, index: 2 });
    await rejectEndorsement(decisionDeps(), newHead.actor, { registrationId: r.id, reason: "Bukan warga kami." });

    await instance.waitForStatus("complete");
    expect(await mailOf(r.id)).toEqual(
      byKey([
        endorsementRequest(r, head),
        endorsedNotice(r),
        verificationRequest(r),
        { key: `${r.id}:revision-1:request:0`, template: "registration_revision_request", to: [r.contactEmail] },
        {
          key: `${r.id}:endorsement-2:request:0:${newHead.id}`,
          template: "registration_endorsement_request",
          to: [newHead.email],
        },
        closing(r, "rejected", "registration_rejected"),
      ]),
    );
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({ status: "rejected", villageCode: elsewhere.code, villageLock: null });
  });

  it("the applicant withdraws while asked to revise", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id });
    await instance.waitForStepResult({ name: STEPS.verificationRequest });
    await requestRevision(decisionDeps(), verifier(), {
      registrationId: r.id,
      fields: [{ path: "members", reason: "Bendahara belum berusia 18 tahun." }],
    });
    await instance.waitForStepResult({ name: STEPS.revisionRequest });
    await withdrawRegistration(decisionDeps(), applicant(r), { registrationId: r.id, reason: "Akan dibentuk ulang." });

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ registrationId: r.id, status: "withdrawn" });
    expect((await mailOf(r.id)).map((m) => m.template)).toEqual([
      "registration_withdrawn",
      "registration_endorsed",
      "registration_endorsement_request",
      "registration_revision_request",
      "registration_verification_request",
    ]);
    expect((await stateOf(r.id)).lockedMembers).toBe(0);
  });
});

describe("RegistrationFlow: deadlines", () => {
  it("endorsement timeout: reminder, then the verifiers are told and the head reminded again, then expiry", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await instance.modify(async (m) => {
      await m.disableSleeps();
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 1 });
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 2 });
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 3 });
    });
    await start(r);

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ registrationId: r.id, status: "expired" });
    expect(await mailOf(r.id)).toEqual(
      byKey([
        endorsementRequest(r, head),
        {
          key: `${r.id}:endorsement-1:reminder:1:${head.id}`,
          template: "registration_endorsement_request",
          to: [head.email],
        },
        {
          key: `${r.id}:endorsement-1:final:2:${head.id}`,
          template: "registration_endorsement_request",
          to: [head.email],
        },
        {
          key: `${r.id}:endorsement-1:escalation:1`,
          template: "registration_endorsement_overdue",
          to: staff.verifierEmails,
        },
        closing(r, "expired", "registration_expired"),
      ]),
    );
    expect(await mailParams(`${r.id}:closing-1:expired:0`)).toMatchObject({
      stage: "endorsement",
      reason: "Kepala kampung/lurah tidak memberikan pengesahan sampai tenggat kedua berakhir.",
    });
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({ status: "expired", villageLock: null, dueAt: null });
    expect(state.lockedMembers).toBe(0);
    expect(state.timeline).toEqual(["submit", "remind", "escalate", "expire"]);
  });

  it("endorsement timeout without a village head on file: the verifiers get the notice and the reminder", async () => {
    const r = await insertRegistration();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await instance.modify(async (m) => {
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 1 });
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 2 });
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 3 });
    });
    await start(r);

    await instance.waitForStatus("complete");
    expect(await mailOf(r.id)).toEqual(
      byKey([
        {
          key: `${r.id}:endorsement-1:no-village-head:0`,
          template: "registration_no_village_head",
          to: staff.verifierEmails,
        },
        { key: `${r.id}:endorsement-1:reminder:1`, template: "deadline_reminder", to: staff.verifierEmails },
        {
          key: `${r.id}:endorsement-1:escalation:1`,
          template: "registration_endorsement_overdue",
          to: staff.verifierEmails,
        },
        closing(r, "expired", "registration_expired"),
      ]),
    );
    expect(await mailParams(`${r.id}:endorsement-1:escalation:1`)).toMatchObject({ villageHeadOnFile: false });
  });

  it("verification timeout: reminder, escalation to the verifiers' head, then to leadership", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await instance.modify(async (m) => {
      await m.disableSleeps();
      await m.forceEventTimeout({ name: WAITS.verification.wait, index: 1 });
      await m.forceEventTimeout({ name: WAITS.verification.wait, index: 2 });
      await m.forceEventTimeout({ name: WAITS.verification.wait, index: 3 });
    });
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id });

    const [toHead, toLeadership] = STEPS.verificationEscalation;
    expect(await instance.waitForStepResult({ name: toHead })).toMatchObject({
      changed: false,
      nextAt: expect.any(String),
    });
    expect(await instance.waitForStepResult({ name: toLeadership })).toEqual({ changed: false, nextAt: null });
    await approveRegistration(decisionDeps(), verifier(), { registrationId: r.id });

    await instance.waitForStatus("complete");
    expect(await mailOf(r.id)).toEqual(
      byKey([
        endorsementRequest(r, head),
        endorsedNotice(r),
        verificationRequest(r),
        { key: `${r.id}:verification-1:reminder:1`, template: "deadline_reminder", to: staff.verifierEmails },
        { key: `${r.id}:verification-1:escalation:1`, template: "deadline_escalation", to: [staff.headEmail] },
        { key: `${r.id}:verification-1:escalation:2`, template: "deadline_escalation", to: staff.leadershipEmails },
        closing(r, "approved", "registration_approved"),
      ]),
    );
    expect(await mailParams(`${r.id}:verification-1:escalation:2`)).toMatchObject({ level: 2 });
    expect((await stateOf(r.id)).timeline).toEqual(["submit", "endorse", "remind", "escalate", "escalate", "approve"]);
  });

  it("revision timeout: the applicant is reminded, then the registration expires", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await instance.modify(async (m) => {
      await m.forceEventTimeout({ name: WAITS.revision.wait, index: 1 });
      await m.forceEventTimeout({ name: WAITS.revision.wait, index: 2 });
    });
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id });
    await instance.waitForStepResult({ name: STEPS.verificationRequest });
    await requestRevision(decisionDeps(), verifier(), {
      registrationId: r.id,
      fields: [{ path: "kimName", reason: "Nama KIM sama dengan SK." }],
    });

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ registrationId: r.id, status: "expired" });
    expect((await mailOf(r.id)).map((m) => m.key)).toEqual([
      `${r.id}:closing-1:expired:0`,
      `${r.id}:endorsement-1:endorsed:0`,
      `${r.id}:endorsement-1:request:0:${head.id}`,
      `${r.id}:revision-1:reminder:1`,
      `${r.id}:revision-1:request:0`,
      `${r.id}:verification-1:request:0`,
    ]);
    expect(await mailParams(`${r.id}:closing-1:expired:0`)).toMatchObject({ stage: "revision" });
  });
});

describe("RegistrationFlow: robustness", () => {
  it("a step failing once ends in the same state with exactly one mail per dedupe key", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await instance.modify(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: STEPS.verificationRequest }, new Error("D1 tidak terjangkau"), 1);
      await m.mockStepError({ name: STEPS.closingNotice }, new Error("antrean penuh"), 1);
    });
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementRequest });
    await endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id });
    await instance.waitForStepResult({ name: STEPS.verificationRequest });
    await approveRegistration(decisionDeps(), verifier(), { registrationId: r.id });

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toEqual({ registrationId: r.id, status: "approved" });
    expect(await mailOf(r.id)).toEqual(
      byKey([
        endorsementRequest(r, head),
        endorsedNotice(r),
        verificationRequest(r),
        closing(r, "approved", "registration_approved"),
      ]),
    );
    expect((await stateOf(r.id)).timeline).toEqual(["submit", "endorse", "approve"]);
  });

  it("a wake-up event with no decision behind it changes nothing: the flow waits on and reminds on time", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await instance.modify(async (m) => {
      await m.mockEvent({ type: "decision", payload: { event: "endorse", status: "awaiting_verification" } });
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 2 });
    });
    await start(r);
    await instance.waitForStepResult({ name: STEPS.endorsementReminder });
    await withdrawRegistration(decisionDeps(), applicant(r), { registrationId: r.id });

    await instance.waitForStatus("complete");
    expect(await mailOf(r.id)).toEqual(
      byKey([
        endorsementRequest(r, head),
        {
          key: `${r.id}:endorsement-1:reminder:1:${head.id}`,
          template: "registration_endorsement_request",
          to: [head.email],
        },
        closing(r, "withdrawn", "registration_withdrawn"),
      ]),
    );
    expect((await stateOf(r.id)).timeline).toEqual(["submit", "remind", "withdraw"]);
  });

  it("a decision racing the flow's expiry loses cleanly: 409 and nothing written", async () => {
    const { registration: r, head } = await withVillageHead();
    await using instance = await introspectWorkflowInstance(env.REGISTRATION_FLOW, r.id);
    await instance.modify(async (m) => {
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 1 });
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 2 });
      await m.forceEventTimeout({ name: WAITS.endorsement.wait, index: 3 });
    });
    await start(r);
    await instance.waitForStatus("complete");

    await expect(endorseRegistration(decisionDeps(), head.actor, { registrationId: r.id })).rejects.toMatchObject({
      status: 409,
      code: "conflict",
    });
    expect((await stateOf(r.id)).timeline).toEqual(["submit", "remind", "escalate", "expire"]);
  });
});
