import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_REASON_LENGTH } from "../../workers/domain/registration/revision";
import { endorsementLinks, withdrawLink } from "../../workers/services/registration/links";
import { get, ORIGIN, postForm } from "../fixtures/officials";
import { createVillage, insertRegistration, stateOf, villageHeadOf } from "../fixtures/registration-flow";

const config = { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
const tooLong = "x".repeat(MAX_REASON_LENGTH + 1);

describe("a signed action link refused by the action's own checks", () => {
  it("keeps a withdrawal link usable when the action refuses a reason that is too long", async () => {
    const r = await insertRegistration({ status: "awaiting_verification" });
    const link = await withdrawLink(config, r.id, inAWeek());

    const refused = await postForm(link, { reason: tooLong });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain(`Alasan paling banyak ${MAX_REASON_LENGTH} karakter.`);
    expect(html).toContain("tautan ini masih dapat dipakai");
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_verification");

    expect((await get(link, { html: true })).status).toBe(200);
    const done = await postForm(link, { reason: "Pengurus berganti." });
    expect(done.status).toBe(200);
    expect((await stateOf(r.id)).registration?.status).toBe("withdrawn");
    expect((await postForm(link, {})).status).toBe(410);
  });

  it("keeps a village head's refusal link usable when the reason is too long", async () => {
    const village = await createVillage();
    const r = await insertRegistration({ village });
    const head = await villageHeadOf(village.code);
    const links = await endorsementLinks(config, r.id, head.id, inAWeek());

    const refused = await postForm(links.reject, { reason: tooLong });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(`Alasan penolakan paling banyak ${MAX_REASON_LENGTH} karakter.`);
    expect((await stateOf(r.id)).registration?.status).toBe("awaiting_endorsement");

    const done = await postForm(links.reject, { reason: "Pengurus belum bermusyawarah." });
    expect(done.status).toBe(200);
    expect((await stateOf(r.id)).registration?.status).toBe("rejected");
    expect((await postForm(links.reject, { reason: "lagi" })).status).toBe(410);
  });

  it("answers a second use of a link that raced the first with 410, not a server error", async () => {
    const r = await insertRegistration({ status: "awaiting_verification" });
    const link = await withdrawLink(config, r.id, inAWeek());
    const [a, b] = await Promise.all([postForm(link, {}), postForm(link, {})]);
    const [won, lost] = [a.status, b.status].sort();
    expect(won).toBe(200);
    expect([409, 410]).toContain(lost);
    expect((await stateOf(r.id)).timeline.filter((k) => k === "withdraw")).toHaveLength(1);
  });
});

describe("asking again for a link the same day", () => {
  it("says honestly that no new mail was sent and until when the first link works", async () => {
    const r = await insertRegistration();
    const first = await postForm(`/daftar-kim/${r.id}/batalkan`);
    expect(first.status).toBe(200);
    const firstHtml = await first.text();
    expect(firstHtml).toContain("Tautan pembatalan sudah dikirim");
    expect(firstHtml).not.toContain("tidak mengirim e-mail baru");

    const again = await postForm(`/daftar-kim/${r.id}/batalkan`);
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(html).toContain("Tautan pembatalan sudah dikirim hari ini");
    expect(html).toContain("jadi kami tidak mengirim e-mail baru");
    expect(html).toMatch(/masih dapat dipakai sampai \d{1,2} \w+ \d{4}, \d{2}\.\d{2} WITA/);
  });
});
