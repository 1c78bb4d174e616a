import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../workers/db";
import { escalationRecipients } from "../../workers/services/directory";
import { get, grants, postForm, sendJson, signedInOfficial } from "../fixtures/officials";

const agency = (id: string) => ({
  id,
  name: `Dinas Uji ${id}`,
  shortName: id.toUpperCase().slice(0, 10),
  contactEmails: ["penghubung@example.go.id"],
  headEmail: "kepala.dinas@example.go.id",
});

describe("agencies, routing table and escalation contacts", () => {
  it("adds an agency; lists mask addresses, the agency's own view shows them whole", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const id = `dinas-${crypto.randomUUID().slice(0, 6)}`;
    expect((await sendJson("POST", "/api/v1/admin/agencies", agency(id), { session })).status).toBe(201);
    expect((await sendJson("POST", "/api/v1/admin/agencies", agency(id), { session })).status).toBe(409);

    const list = (await (await sendJson("GET", "/api/v1/admin/agencies", undefined, { session })).json()) as {
      data: { id: string }[];
    };
    expect(list.data.find((a) => a.id === id)).toMatchObject({
      contactEmails: ["p•••@example.go.id"],
      headEmail: "k•••@example.go.id",
    });
    expect(await (await sendJson("GET", `/api/v1/admin/agencies/${id}`, undefined, { session })).json()).toMatchObject({
      data: { headEmail: "kepala.dinas@example.go.id", active: true },
    });
    expect(await (await get("/admin/opd", { session })).text()).not.toContain("kepala.dinas@example.go.id");
    expect(await (await get(`/admin/opd/${id}`, { session })).text()).toContain("kepala.dinas@example.go.id");
  });

  it("routes a category to an agency and refuses an unknown agency naming agencyId", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const a = `dinas-${crypto.randomUUID().slice(0, 6)}`;
    const b = `dinas-${crypto.randomUUID().slice(0, 6)}`;
    await sendJson("POST", "/api/v1/admin/agencies", agency(a), { session });
    await sendJson("POST", "/api/v1/admin/agencies", agency(b), { session });
    const cat = `jalan-${crypto.randomUUID().slice(0, 6)}`;
    const created = await sendJson(
      "POST",
      "/api/v1/admin/categories",
      { id: cat, name: "Jalan rusak", agencyId: a },
      { session },
    );
    expect(created.status).toBe(201);
    const moved = await postForm(
      `/admin/kategori/${cat}`,
      { name: "Jalan rusak", description: "", agencyId: b, active: "1" },
      { session },
    );
    expect(moved.status).toBe(303);
    const list = (await (await sendJson("GET", "/api/v1/admin/categories", undefined, { session })).json()) as {
      data: { id: string; agencyId: string }[];
    };
    expect(list.data.find((c) => c.id === cat)).toMatchObject({ agencyId: b, active: true });

    const unknown = await sendJson(
      "PUT",
      `/api/v1/admin/categories/${cat}`,
      { name: "Jalan", agencyId: "tidak-ada" },
      { session },
    );
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: { details: [{ path: "agencyId", code: "unknown_agency" }] } });
  });

  it("keeps escalation contacts per level for the flows", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await sendJson(
      "POST",
      "/api/v1/admin/escalation-contacts",
      { level: "sekda", label: "Sekretariat Daerah", email: "Sekda@Example.go.id" },
      { session },
    );
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { id: string } };
    expect(await escalationRecipients({ db: createDb(env.DB) }, "sekda")).toContain("sekda@example.go.id");
    expect(
      (await sendJson("DELETE", `/api/v1/admin/escalation-contacts/${data.id}`, undefined, { session })).status,
    ).toBe(204);
    expect(await escalationRecipients({ db: createDb(env.DB) }, "sekda")).not.toContain("sekda@example.go.id");
    const bad = await postForm("/admin/eskalasi", { level: "bupati", label: "", email: "x" }, { session });
    expect(bad.status).toBe(422);
  });
});

describe("the agency edit form", () => {
  it("saves changes and switches an agency off", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const id = `dinas-${crypto.randomUUID().slice(0, 6)}`;
    await sendJson("POST", "/api/v1/admin/agencies", agency(id), { session });
    const res = await postForm(
      `/admin/opd/${id}`,
      {
        name: "Dinas Baru",
        shortName: "DB",
        contactEmails: "a@example.go.id\nb@example.go.id",
        headEmail: "k@example.go.id",
      },
      { session },
    );
    expect(res.status).toBe(303);
    expect(await (await sendJson("GET", `/api/v1/admin/agencies/${id}`, undefined, { session })).json()).toEqual({
      data: {
        id,
        name: "Dinas Baru",
        shortName: "DB",
        contactEmails: ["a@example.go.id", "b@example.go.id"],
        headEmail: "k@example.go.id",
        active: false,
      },
    });
  });
});
