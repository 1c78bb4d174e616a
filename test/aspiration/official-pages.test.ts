import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { freshReport, postAspiration } from "../fixtures/aspirations";
import { get, grants, postForm, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

beforeAll(() => seedReferenceData(env.DB));

const REPORTER = { reporterName: "Siti Aminah", reporterEmail: "siti.aminah@contoh.id", reporterPhone: "081234567890" };

async function submitted(overrides: Record<string, unknown> = {}) {
  return ((await (await postAspiration(freshReport({ ...REPORTER, ...overrides }))).json()) as { code: string }).code;
}

describe("officials' aspiration pages", () => {
  it("a verifier routes from the case page, the agency answers from its queue, and the agency never sees the reporter", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const officer = await signedInOfficial([grants.agencyOfficer("pupr")]);
    const code = await submitted();

    const queue = await (await get("/aspirasi/kelola", { session: verifier.session, html: true })).text();
    expect(queue).toContain(`href="/aspirasi/kelola/${code}"`);
    const page = await get(`/aspirasi/kelola/${code}`, { session: verifier.session, html: true });
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("Siti Aminah");
    // The category's agency is suggested.
    expect(html).toMatch(/<option value="pupr" selected/);

    const routed = await postForm(
      `/aspirasi/kelola/${code}/teruskan`,
      { agencyId: "pupr", note: "" },
      { session: verifier.session },
    );
    expect(routed.status).toBe(303);

    const agencyQueue = await (await get("/aspirasi/kelola", { session: officer.session, html: true })).text();
    expect(agencyQueue).toContain(`href="/aspirasi/kelola/${code}"`);
    const asAgency = await (await get(`/aspirasi/kelola/${code}`, { session: officer.session, html: true })).text();
    for (const piece of ["Siti Aminah", "siti.aminah@contoh.id", "81234567890"]) expect(asAgency).not.toContain(piece);
    expect(asAgency).toContain("identitas pelapor dilindungi");

    const answered = await postForm(
      `/aspirasi/kelola/${code}/jawab`,
      { publicAnswer: "Perbaikan dijadwalkan pekan depan.", internalNote: "" },
      { session: officer.session },
    );
    expect(answered.status).toBe(303);
    expect(await (await get(`/aspirasi/kelola/${code}`, { session: officer.session, html: true })).text()).toContain(
      "Sudah dijawab",
    );
  });

  it("shows a refused decision again with the message beside its field", async () => {
    const verifier = await signedInOfficial([grants.verifier()]);
    const code = await submitted();
    const res = await postForm(
      `/aspirasi/kelola/${code}/bukan-wewenang`,
      { reason: "Jalan nasional.", referTo: "" },
      { session: verifier.session },
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="decline-referTo-error"');
    expect(html).toContain("Jalan nasional.");
  });

  it("keeps officials without an aspiration role out, and lands an agency officer on the aspirations", async () => {
    const head = await signedInOfficial([grants.villageHead()]);
    expect((await get("/aspirasi/kelola", { session: head.session, html: true })).status).toBe(403);
    const officer = await signedInOfficial([grants.agencyOfficer("pupr")]);
    const account = await (await get("/akun", { session: officer.session, html: true })).text();
    expect(account).toContain('href="/aspirasi/kelola"');
  });
});
