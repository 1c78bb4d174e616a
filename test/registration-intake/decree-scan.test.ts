import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrations } from "../../schema";
import { createDb } from "../../workers/db";
import { DECREE_SCAN_MAX_BYTES } from "../../workers/domain/registration/decree-scan";
import { seedReferenceData } from "../fixtures/reference-data";
import {
  BASE,
  EXE_HEAD,
  fileBytes,
  freshApplication,
  freshIp,
  PDF_HEAD,
  PNG_HEAD,
  postRegistrationWithScan,
} from "../fixtures/registration-intake";

const db = createDb(env.DB);

beforeAll(() => seedReferenceData(env.DB));

async function registrationOf(res: Response) {
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const row = await db.select().from(registrations).where(eq(registrations.id, id)).get();
  if (!row) throw new Error("registration not stored");
  return row;
}

describe("formation decree scan (multipart)", () => {
  it("stores a PDF in R2 under the registration, typed by its content", async () => {
    const bytes = fileBytes(PDF_HEAD, 40_000);
    const row = await registrationOf(
      await postRegistrationWithScan(freshApplication(), { bytes, name: "sk.pdf", type: "application/pdf" }),
    );
    expect(row).toMatchObject({
      decreeScanKey: `registrations/${row.id}/sk-pembentukan.pdf`,
      decreeScanType: "application/pdf",
      decreeScanSize: 40_000,
    });
    const object = await env.FILES.get(row.decreeScanKey ?? "");
    expect(object?.httpMetadata?.contentType).toBe("application/pdf");
    expect(new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(bytes);
  });

  it("believes the bytes, not the name: a PNG called sk.pdf is stored as a PNG", async () => {
    const row = await registrationOf(
      await postRegistrationWithScan(freshApplication(), {
        bytes: fileBytes(PNG_HEAD, 1_000),
        name: "sk.pdf",
        type: "application/pdf",
      }),
    );
    expect(row).toMatchObject({
      decreeScanType: "image/png",
      decreeScanKey: `registrations/${row.id}/sk-pembentukan.png`,
    });
  });

  it("refuses a program renamed to .pdf, with the other problems, and stores nothing", async () => {
    const application = freshApplication({ overrides: { kimName: "" } });
    const res = await postRegistrationWithScan(application, {
      bytes: fileBytes(EXE_HEAD, 5_000),
      name: "sk.pdf",
      type: "application/pdf",
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: {
        code: "validation_failed",
        details: [
          { path: "kimName", code: "too_small", message: "Nama KIM wajib diisi." },
          { path: "decreeScan", code: "file_type", message: "Berkas pindaian SK harus berupa PDF, JPEG atau PNG." },
        ],
      },
    });
    const listed = await env.FILES.list({ prefix: "registrations/" });
    expect(listed.objects.every((o) => o.size !== 5_000)).toBe(true);
  });

  it("refuses a scan over 2 MB with 422 on decreeScan", async () => {
    const res = await postRegistrationWithScan(freshApplication(), {
      bytes: fileBytes(PDF_HEAD, DECREE_SCAN_MAX_BYTES + 1),
      name: "sk.pdf",
      type: "application/pdf",
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { details: [{ path: "decreeScan", code: "file_too_large", message: expect.stringContaining("2 MB") }] },
    });
  });

  it("refuses a body far over the upload limit with 413 before reading it", async () => {
    const res = await postRegistrationWithScan(freshApplication(), {
      bytes: fileBytes(PDF_HEAD, 4 * 1024 * 1024),
      name: "sk.pdf",
      type: "application/pdf",
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("names the multipart part when the application is not JSON", async () => {
    const form = new FormData();
    form.set("application", "{ kimName");
    const res = await exports.default.fetch(`${BASE}/api/v1/registrations`, {
      method: "POST",
      headers: { "idempotency-key": crypto.randomUUID(), "cf-connecting-ip": freshIp() },
      body: form,
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: "validation_failed", details: [{ path: "application", code: "invalid_json" }] },
    });
  });
});
