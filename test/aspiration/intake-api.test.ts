import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { aspirationDeadlines, aspirationEvents, aspirations, aspirationWords, mailOutbox } from "../../schema";
import { createDb } from "../../workers/db";
import { freshReport, getTracking, postAspiration } from "../fixtures/aspirations";
import { seedReferenceData } from "../fixtures/reference-data";
import { freshIp } from "../fixtures/registration-intake";

const db = createDb(env.DB);
beforeAll(() => seedReferenceData(env.DB));

const CODE = /^ASP-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

describe("POST /api/v1/aspirations", () => {
  it("receives a report as anonim, with its verification deadline, timeline, words and confirmation", async () => {
    const res = await postAspiration(freshReport({ reporterEmail: "warga@contoh.id", reporterName: "Siti" }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { code: string; trackingUrl: string; dueAt: string };
    expect(body).toEqual({
      code: expect.stringMatching(CODE),
      status: "received",
      trackingUrl: `http://localhost:8787/lacak/${body.code}`,
      dueAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T23:59:59\+08:00$/),
    });
    const row = await db.select().from(aspirations).where(eq(aspirations.code, body.code)).get();
    expect(row).toMatchObject({ status: "received", privacy: "anonim", reporterName: "Siti", agencyId: null });
    expect(await db.select().from(aspirationEvents).where(eq(aspirationEvents.code, body.code))).toMatchObject([
      { kind: "submit", toStatus: "received", actorType: "public" },
    ]);
    expect(await db.select().from(aspirationDeadlines).where(eq(aspirationDeadlines.code, body.code))).toMatchObject([
      { stage: "verification", round: 0, metAt: null, breached: false },
    ]);
    const words = await db.select().from(aspirationWords).where(eq(aspirationWords.code, body.code));
    expect(words.map((w) => w.word)).toEqual(expect.arrayContaining(["jalan", "berlubang", "sekolah"]));
    const mail = await db
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.dedupeKey, `${body.code}:received`));
    expect(mail).toMatchObject([{ template: "aspiration_received", recipients: ["warga@contoh.id"] }]);
  });

  it("answers a repeat with the same key with the first response, and writes nothing twice", async () => {
    const key = crypto.randomUUID();
    const report = freshReport();
    const first = (await (await postAspiration(report, { key })).json()) as { code: string };
    const again = await postAspiration(report, { key });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(first);
    const other = await postAspiration({ ...report, title: "Judul yang lain sama sekali" }, { key });
    expect(await other.json()).toMatchObject({ error: { code: "idempotency_key_reused" } });
  });

  it("names every wrong field, including a category, village and KIM that do not exist", async () => {
    const before = (await db.select().from(aspirations)).length;
    const res = await postAspiration(
      freshReport({ categoryId: "tidak-ada", villageCode: "64.03.99.2999", kimNumber: "KIM-6403042001-999" }),
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: {
        code: "validation_failed",
        details: [
          { path: "categoryId", code: "unknown_category" },
          { path: "villageCode", code: "unknown_village" },
          { path: "kimNumber", code: "unknown_kim" },
        ],
      },
    });
    expect((await db.select().from(aspirations)).length).toBe(before);
  });

  it("refuses a filled honeypot without saying why", async () => {
    const res = await postAspiration(freshReport({ situs: "http://spam.example" }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "bad_request", message: "Laporan tidak dapat diterima." },
    });
  });

  it("refuses a program sent as a photo", async () => {
    const form = new FormData();
    form.set("aspiration", JSON.stringify(freshReport()));
    form.append("photos", new Blob([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0])]), "foto.jpg");
    const res = await postAspiration(form);
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { details: [{ path: "photos[0]", code: "file_type" }] } });
  });

  it("refuses a deeply nested report in the multipart part with 400, not a stack overflow", async () => {
    const form = new FormData();
    form.set("aspiration", `${"[".repeat(20_000)}${"]".repeat(20_000)}`);
    const res = await postAspiration(form);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
  });

  it("answers 429 once a client has spent its budget", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    while (statuses.at(-1) !== 429 && statuses.length <= 20) statuses.push((await postAspiration({}, { ip })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 422)).toBe(true);
  });
});

describe("GET /api/v1/aspirations/:code", () => {
  it("shows status, category and timeline, and no identity of an anonim reporter", async () => {
    const { code } = (await (
      await postAspiration(freshReport({ reporterName: "Siti Aminah", reporterPhone: "081234567890" }))
    ).json()) as { code: string };
    const res = await getTracking(code.toLowerCase().replaceAll("-", " "));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      data: {
        code,
        status: "received",
        statusLabel: "Diterima, menunggu verifikasi",
        category: expect.any(String),
        reporterName: null,
        agency: null,
        timeline: [{ kind: "submit", label: "Laporan diterima" }],
      },
    });
    expect(text).not.toContain("Siti");
    expect(text).not.toContain("81234567890");
  });

  it("shows a rahasia case only with the key of its tracking link, and otherwise like an unknown code", async () => {
    const { code, trackingUrl } = (await (await postAspiration(freshReport({ privacy: "rahasia" }))).json()) as {
      code: string;
      trackingUrl: string;
    };
    const key = new URL(trackingUrl).searchParams.get("kunci") ?? "";
    expect(key).toMatch(/^[\w-]{16}$/);
    const unknown = await getTracking("ASP-2222-2222");
    const withoutKey = await getTracking(code);
    expect(withoutKey.status).toBe(404);
    const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;
    expect(await message(withoutKey)).toBe(await message(unknown));
    // One character changed (never to the one it already is: that would be the real key).
    const wrong = `${key.slice(0, 15)}${key.endsWith("x") ? "y" : "x"}`;
    expect((await getTracking(code, { key: wrong })).status).toBe(404);
    expect((await getTracking(code, { key })).status).toBe(200);
  });
});
