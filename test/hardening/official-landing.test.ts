import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../workers/db";
import type { RoleGrant } from "../../workers/domain/roles";
import { issueSignInToken } from "../../workers/services/sign-in";
import { createOfficial, get, grants, postForm, type TestSession } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";

const db = createDb(env.DB);
let ip = 0;

beforeAll(async () => {
  await seedReferenceData(env.DB);
});

/** Signs in through the e-mailed link's button, as a browser does; returns where it lands and the session. */
async function signIn(list: RoleGrant[]): Promise<{ landing: string | null; session: TestSession }> {
  const official = await createOfficial({ grants: list });
  const { token } = await issueSignInToken({ db, now: () => new Date() }, official.id);
  const res = await postForm(`/masuk/tautan/${token}`, {}, { headers: { "cf-connecting-ip": `192.0.2.${++ip}` } });
  expect(res.status).toBe(303);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  return { landing: res.headers.get("location"), session: { token: "", cookie, csrf: "" } };
}

describe("where each role lands after signing in", () => {
  it("brings a village head to the registration queue, and /akun names them Kepala Kampung Long La'ai", async () => {
    const { landing, session } = await signIn([grants.villageHead("64.03.04.2001")]);
    expect(landing).toBe("/pendaftaran");
    expect((await get("/pendaftaran", { session })).status).toBe(200);

    const html = await (await get("/akun", { session })).text();
    expect(html).toContain('<a href="/pendaftaran">Pendaftaran KIM</a>');
    expect(html).toContain("Kepala Kampung Long La&#39;ai");
    expect(html).not.toContain("64.03.04.2001");
  });

  it("brings a verifier to the queue, an administrator to administration, and names agency roles by agency", async () => {
    expect((await signIn([grants.verifier()])).landing).toBe("/pendaftaran");
    expect((await signIn([grants.admin()])).landing).toBe("/admin");

    // An agency's head lands on the aspirations their agency holds.
    const head = await signIn([grants.agencyHead("pupr")]);
    expect(head.landing).toBe("/aspirasi/kelola");
    const html = await (await get("/akun", { session: head.session })).text();
    expect(html).toContain("Kepala Dinas Pekerjaan Umum dan Penataan Ruang");
    expect(html).toContain('href="/aspirasi/kelola"');

    const verifier = await signIn([grants.verifier()]);
    expect(await (await get("/akun", { session: verifier.session })).text()).toContain("Verifikator Diskominfo");
  });
});

describe("roles in the admin area", () => {
  it("names each official's village or agency instead of its code", async () => {
    const admin = await signIn([grants.admin()]);
    const head = await createOfficial({ grants: [grants.villageHead("64.03.04.2001")] });
    const html = await (await get(`/admin/pejabat/${head.id}`, { session: admin.session })).text();
    expect(html).toContain("Kepala Kampung Long La&#39;ai");
    expect(html).not.toContain("Kepala kampung/lurah · 64.03.04.2001");
  });
});
