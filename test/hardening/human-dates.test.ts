import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { holidays, registrationEvents, registrations } from "../../schema";
import { formatDateHuman, formatWitaDateHuman } from "../../workers/domain/time";
import {
  endorsementLinks,
  memberEditorLink,
  revisionFormLink,
  withdrawLink,
} from "../../workers/services/registration/links";
import { createOfficial, get, grants, ORIGIN, sessionFor, type TestSession } from "../fixtures/officials";
import { createVillage, db, insertRegistration, villageHeadOf } from "../fixtures/registration-flow";

/**
 * Item 20 of issue 9: people read dates the way the e-mails write them, "20 September 2026",
 * on every page, never "2026-09-20". Machine-readable dates stay in attributes (`datetime`, form values).
 */

const config = { signingKey: env.SIGNING_KEY, publicBaseUrl: ORIGIN };
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);

/** The text a person reads: the markup without its tags and attributes. */
const visibleText = (html: string) => html.replace(/<[^>]*>/g, " ");
const ISO_DATE = /\d{4}-\d{2}-\d{2}/g;

let session: TestSession;
let officialId = "";
let pending = "";
let kimNumber = "";
const links: Record<"endorse" | "reject" | "withdraw" | "members" | "revise", string> = {
  endorse: "",
  reject: "",
  withdraw: "",
  members: "",
  revise: "",
};

beforeAll(async () => {
  const village = await createVillage();
  const official = await createOfficial({
    grants: [grants.admin(), grants.verifier(), grants.leadership(), grants.villageHead(village.code)],
  });
  officialId = official.id;
  session = await sessionFor(official);
  await db().insert(holidays).values({ date: "2026-09-21", kind: "libur_nasional", name: "Uji", basis: "SKB Uji" });

  pending = (await insertRegistration({ village })).id;
  const head = await villageHeadOf(village.code);
  const endorsement = await endorsementLinks(config, pending, head.id, inAWeek());
  links.endorse = endorsement.endorse;
  links.reject = endorsement.reject;
  links.withdraw = await withdrawLink(config, pending, inAWeek());

  const kimVillage = await createVillage();
  kimNumber = `KIM-${kimVillage.code.replaceAll(".", "")}-001`;
  const kim = await insertRegistration({ village: kimVillage, status: "approved", registrationNumber: kimNumber });
  links.members = await memberEditorLink(config, kim.id, inAWeek());

  const revised = await insertRegistration({ status: "awaiting_verification" });
  await db().update(registrations).set({ status: "needs_revision" }).where(eq(registrations.id, revised.id));
  await db()
    .insert(registrationEvents)
    .values({
      registrationId: revised.id,
      at: new Date().toISOString(),
      kind: "revise",
      actorType: "official",
      actorId: officialId,
      fromStatus: "awaiting_verification",
      toStatus: "needs_revision",
      reason: "Mohon lengkapi.",
      detail: { fields: [{ path: "decree", reason: "Nomor SK tidak terbaca." }] },
    });
  links.revise = await revisionFormLink(config, revised.id, inAWeek());
});

describe("dates people read", () => {
  it("formats a calendar date as the e-mails do, and leaves anonymised text alone", () => {
    expect(formatDateHuman("2026-09-20")).toBe("20 September 2026");
    expect(formatDateHuman("2026-01-05")).toBe("5 Januari 2026");
    expect(formatWitaDateHuman(new Date("2026-09-19T16:30:00Z"))).toBe("20 September 2026");
    expect(formatDateHuman("[dihapus: masa retensi berakhir]")).toBe("[dihapus: masa retensi berakhir]");
  });

  it("shows the formation and decree dates on the officials' detail page as '12 Januari 2026'", async () => {
    const res = await get(`/pendaftaran/${pending}`, { session, html: true });
    expect(res.status).toBe(200);
    const text = visibleText(await res.text()).replace(/\s+/g, " ");
    expect(text).toContain("Tanggal pembentukan 10 Januari 2026");
    expect(text).toContain("Nomor 141/12/SK-KPG/I/2026, tanggal 12 Januari 2026, oleh Kepala Kampung");
  });

  it("shows the decree date on the village head's endorsement confirmation page as '12 Januari 2026'", async () => {
    const res = await get(links.endorse, { html: true });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("SK pembentukan nomor 141/12/SK-KPG/I/2026, tanggal 12 Januari 2026,");
  });

  it("shows a holiday on the admin calendar as '21 September 2026'", async () => {
    const res = await get("/admin/kalender/2026", { session, html: true });
    expect(res.status).toBe(200);
    expect(visibleText(await res.text())).toContain("21 September 2026");
  });

  it("shows no ISO date on any officials', admin, confirmation or KIM page", async () => {
    const signedIn = [
      "/pendaftaran",
      `/pendaftaran/${pending}`,
      "/akun",
      "/admin",
      "/admin/pejabat",
      `/admin/pejabat/${officialId}`,
      "/admin/opd",
      "/admin/kategori",
      "/admin/eskalasi",
      "/admin/pengaturan",
      "/admin/kalender",
      "/admin/kalender/2026",
      "/admin/audit",
      "/admin/email-gagal",
    ];
    const anonymous = [
      links.endorse,
      links.reject,
      links.withdraw,
      links.members,
      links.revise,
      `/daftar-kim/${pending}`,
      `/kim/${kimNumber}/sertifikat`,
      `/kim/${kimNumber}/anggota`,
    ];
    const found: Record<string, unknown> = {};
    for (const [path, signed] of [
      ...signedIn.map((p) => [p, true] as const),
      ...anonymous.map((p) => [p, false] as const),
    ]) {
      const res = await get(path, { html: true, ...(signed ? { session } : {}) });
      expect(res.status, path).toBe(200);
      const dates = visibleText(await res.text()).match(ISO_DATE);
      if (dates) found[path] = dates;
    }
    expect(found).toEqual({});
  });
});
