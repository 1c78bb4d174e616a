import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { firstAdminPlan, firstAdminStep, wranglerVars } from "../../scripts/first-admin";
import { get, postForm } from "../fixtures/officials";

async function run(statements: string[]) {
  await env.DB.batch(statements.map((sql) => env.DB.prepare(sql)));
}

const query = async (sql: string) => (await env.DB.prepare(sql).all<Record<string, unknown>>()).results;

describe("the first administrator", () => {
  it("the printed link signs in and reaches the admin area", async () => {
    const plan = firstAdminPlan({
      email: "Kominfo@Example.go.id",
      name: "Admin Diskominfo",
      regencyCode: "64.03",
      now: new Date(),
    });
    await run(plan.statements);
    const page = await get(plan.linkPath);
    expect(page.status).toBe(200);
    const signIn = await postForm(plan.linkPath);
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const admin = await get("/admin", { session: { cookie, token: "", csrf: "" } });
    expect(admin.status).toBe(200);
  });

  it("running it again keeps one official and one grant, re-activates, and gives a new link", async () => {
    const input = { email: "ulang@example.go.id", name: "Admin", regencyCode: "64.03", now: new Date() };
    await run(firstAdminPlan(input).statements);
    await env.DB.prepare("UPDATE officials SET active = 0 WHERE email = 'ulang@example.go.id'").run();
    const second = firstAdminPlan(input);
    await run(second.statements);
    expect(await query("SELECT active FROM officials WHERE email = 'ulang@example.go.id'")).toEqual([{ active: 1 }]);
    expect(
      await query(
        "SELECT role, scope_type, scope_id FROM role_grants g JOIN officials o ON o.id = g.official_id WHERE o.email = 'ulang@example.go.id'",
      ),
    ).toEqual([{ role: "admin", scope_type: "regency", scope_id: "64.03" }]);
    expect((await postForm(second.linkPath)).status).toBe(303);
  });

  it("the seed step creates the local administrator once and prints a working link each run", async () => {
    const step = firstAdminStep(async () => ({ publicBaseUrl: "http://localhost:8787", regencyCode: "64.03" }));
    const ctx = { options: { remote: false }, now: new Date().toISOString(), query };
    const first = await step.prepare(ctx);
    await run(first.statements);
    expect(first.summary).toMatch(
      /^first administrator: .+\n {2}sign in \(one use, 15 minutes\): http:\/\/localhost:8787\/masuk\/tautan\/[a-z2-7]{32}$/,
    );
    const second = await step.prepare(ctx);
    await run(second.statements);
    const path = /http:\/\/localhost:8787(\S+)$/.exec(second.summary)?.[1] ?? "";
    expect((await postForm(path)).status).toBe(303);
    expect(await step.prepare({ ...ctx, options: { remote: true } })).toMatchObject({ statements: [] });
  });

  it("reads the base URL and regency code from wrangler.toml", () => {
    expect(wranglerVars('[vars]\nPUBLIC_BASE_URL = "https://simpul.example/"\nREGENCY_CODE = "64.03"\n')).toEqual({
      publicBaseUrl: "https://simpul.example",
      regencyCode: "64.03",
    });
  });
});
