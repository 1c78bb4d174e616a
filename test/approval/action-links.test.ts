import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { registrationEvents, roleGrants } from "../../schema";
import { endorsementLinks, withdrawLink } from "../../workers/services/registration/links";
import { get, ORIGIN, postForm } from "../fixtures/officials";
import { createVillage, db, insertRegistration, stateOf, villageHeadOf } from "../fixtures/registration-flow";

const config = { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);

async function headAndLinks() {
  const village = await createVillage();
  const registration = await insertRegistration({ village });
  const head = await villageHeadOf(village.code);
  const links = await endorsementLinks(config, registration.id, head.id, inAWeek());
  return { registration, head, links };
}

describe("village head's endorsement links", () => {
  it("GET shows the decree and changes nothing; POST endorses as that official; a second use is refused", async () => {
    const { registration: r, head, links } = await headAndLinks();

    const page = await get(links.endorse, { html: true });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Sahkan pendaftaran KIM");
    expect(html).toContain("141/12/SK-KPG/I/2026");
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");

    const done = await postForm(links.endorse, { note: "" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("Pendaftaran sudah disahkan");
    const state = await stateOf(r.id);
    expect(state.registration?.status).toBe("awaiting_verification");
    expect(state.timeline).toEqual(["submit", "endorse"]);

    const again = await postForm(links.endorse, { note: "" });
    expect(again.status).toBe(410);
    expect((await stateOf(r.id)).timeline).toEqual(["submit", "endorse"]);
    const endorsed = await db()
      .select()
      .from(registrationEvents)
      .where(and(eq(registrationEvents.registrationId, r.id), eq(registrationEvents.kind, "endorse")))
      .get();
    expect(endorsed).toMatchObject({ actorType: "official", actorId: head.id, detail: { by: "village_head" } });
  });

  it("the refusal link needs a reason, and once decided the other link no longer applies", async () => {
    const { registration: r, links } = await headAndLinks();

    const noReason = await postForm(links.reject, { reason: " " });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain("Alasan penolakan wajib diisi.");
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");

    const refused = await postForm(links.reject, { reason: "Pengurus belum bermusyawarah." });
    expect(refused.status).toBe(200);
    expect((await stateOf(r.id)).registration).toMatchObject({ status: "rejected", villageLock: null });

    expect((await get(links.endorse, { html: true })).status).toBe(409);
    expect((await postForm(links.reject, { reason: "lagi" })).status).toBe(410);
  });

  it("opens nothing for an official who is no longer the village head", async () => {
    const { registration: r, head, links } = await headAndLinks();
    await db().delete(roleGrants).where(eq(roleGrants.officialId, head.id));

    expect((await get(links.endorse, { html: true })).status).toBe(409);
    expect((await postForm(links.endorse, {})).status).toBe(409);
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");
  });

  it("refuses a link whose record was tampered with", async () => {
    const { links } = await headAndLinks();
    const [prefix, action, , ...rest] = links.endorse.split(".");
    const forged = [prefix, action, btoa("REG-0000000000~x").replaceAll("=", ""), ...rest].join(".");
    expect((await get(forged, { html: true })).status).toBe(404);
  });
});

describe("applicant's withdrawal link", () => {
  it("withdraws a pending registration once, releasing its village and people", async () => {
    const r = await insertRegistration({ status: "awaiting_verification" });
    const link = await withdrawLink(config, r.id, inAWeek());

    expect(await (await get(link, { html: true })).text()).toContain("Batalkan pendaftaran KIM");
    const done = await postForm(link, { reason: "Pengurus berganti." });
    expect(done.status).toBe(200);
    const state = await stateOf(r.id);
    expect(state.registration).toMatchObject({ status: "withdrawn", villageLock: null, dueAt: null });
    expect(state.lockedMembers).toBe(0);
    expect((await postForm(link, {})).status).toBe(410);
  });

  it("does not apply to an approved KIM", async () => {
    const r = await insertRegistration({ status: "approved", registrationNumber: "KIM-6403049999-001" });
    const link = await withdrawLink(config, r.id, inAWeek());
    expect((await get(link, { html: true })).status).toBe(409);
    expect((await stateOf(r.id)).registration?.status).toBe("approved");
  });
});
