import { env } from "cloudflare:workers";
import { like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import { freshReport, postAspiration } from "../fixtures/aspirations";
import { createOfficial, grants, postForm, sendJson, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

const db = createDb(env.DB);
beforeAll(() => seedReferenceData(env.DB));

const api = (path: string) => `/api/v1/aspirations${path}`;
const mailOf = (code: string) =>
  db
    .select()
    .from(mailOutbox)
    .where(like(mailOutbox.dedupeKey, `${code}:%`));

async function submitted(overrides: Record<string, unknown> = {}) {
  const body = freshReport({ reporterName: "Siti Aminah", reporterEmail: "siti.aminah@contoh.id", ...overrides });
  return ((await (await postAspiration(body)).json()) as { code: string }).code;
}

describe("aspiration notices", () => {
  it("tells the agency's officers of a routed case without naming the reporter, and the reporter of the answer", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const officer = await signedInOfficial([grants.agencyOfficer("dinkes")]);
    const code = await submitted({ categoryId: "layanan-kesehatan" });
    await sendJson(
      "POST",
      api(`/${code}/decisions`),
      { decision: "route", agencyId: "dinkes" },
      { session: verifier.session },
    );
    const routed = (await mailOf(code)).find((m) => m.template === "aspiration_routed");
    expect(routed).toMatchObject({ recipients: [officer.official.email] });
    expect(JSON.stringify(routed?.params)).not.toContain("Siti");

    await sendJson(
      "POST",
      api(`/${code}/decisions`),
      { decision: "answer", publicAnswer: "Jadwal puskesmas keliling sudah ditambah." },
      { session: officer.session },
    );
    expect((await mailOf(code)).find((m) => m.template === "aspiration_answered")).toMatchObject({
      recipients: ["siti.aminah@contoh.id"],
      params: { trackingPath: `/lacak/${code}` },
    });
  });

  it("tells the verifiers at once when the agency has no officer, and hands the case to an officer appointed later", async () => {
    const admin = await signedInOfficial([grants.admin()]);
    const verifierEmail = (await createOfficial({ grants: [grants.verifier()] })).email;
    const code = await submitted({ categoryId: "bencana" });
    await sendJson(
      "POST",
      api(`/${code}/decisions`),
      { decision: "route", agencyId: "bpbd" },
      { session: admin.session },
    );
    const noOfficer = (await mailOf(code)).find((m) => m.dedupeKey.endsWith(":routed:no-officer"));
    expect(noOfficer?.recipients).toContain(verifierEmail);

    const invited = await postForm(
      "/admin/pejabat",
      { name: "Petugas BPBD", email: "petugas.bpbd@berau.example", role: "agency_officer", scopeId: "bpbd" },
      { session: admin.session },
    );
    expect(invited.status).toBe(303);
    const handed = (await mailOf(code)).filter(
      (m) => m.template === "aspiration_routed" && m.recipients.includes("petugas.bpbd@berau.example"),
    );
    expect(handed).toHaveLength(1);
  });
});
