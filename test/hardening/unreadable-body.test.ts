import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createOfficial, grants, ORIGIN, sendJson, signedInOfficial, url } from "../fixtures/officials";

const BOUNDARY = "----simpulUji";

/** Multipart bodies a browser never sends but an attacker can: each must be refused as unreadable. */
const MALFORMED: { name: string; contentType: string; body: string }[] = [
  {
    name: "no boundary",
    contentType: "multipart/form-data",
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kimName"\r\n\r\nKIM Maju\r\n--${BOUNDARY}--\r\n`,
  },
  {
    name: "a truncated body",
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kimName"\r\n\r\nKIM Ma`,
  },
  {
    name: "a NUL in a file name",
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    body:
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="decreeScan"; filename="sk\u0000.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--${BOUNDARY}--\r\n`,
  },
];

function post(path: string, contentType: string, body: string, headers: Record<string, string> = {}) {
  return exports.default.fetch(url(path), {
    method: "POST",
    headers: { "content-type": contentType, origin: ORIGIN, ...headers },
    body,
    redirect: "manual",
  });
}

describe("a body that cannot be parsed", () => {
  for (const bad of MALFORMED) {
    it(`answers the registration form with the 400 error page for ${bad.name}`, async () => {
      const res = await post("/daftar-kim", bad.contentType, bad.body, { accept: "text/html" });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("text/html");
      const html = await res.text();
      expect(html).toContain("Format data tidak dapat dibaca.");
      expect(html).toContain("Kode: bad_request");
    });

    it(`answers the registration API with the 400 envelope for ${bad.name}`, async () => {
      const res = await post("/api/v1/registrations", bad.contentType, bad.body, {
        "idempotency-key": crypto.randomUUID(),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: "bad_request", message: "Format data tidak dapat dibaca.", requestId: expect.any(String) },
      });
    });

    it(`answers a signed-in form (its CSRF check reads the body) with 400 for ${bad.name}`, async () => {
      const { session } = await signedInOfficial([grants.admin()]);
      const target = await createOfficial();
      const res = await post(`/admin/pejabat/${target.id}/nonaktifkan`, bad.contentType, bad.body, {
        cookie: session.cookie,
        accept: "text/html",
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Kode: bad_request");
      const stillActive = await sendJson("GET", `/api/v1/admin/officials/${target.id}`, undefined, { session });
      expect(await stillActive.json()).toMatchObject({ data: { active: true } });
    });

    it(`answers the sign-in form with 400 for ${bad.name}`, async () => {
      const res = await post("/masuk", bad.contentType, bad.body, { accept: "text/html" });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Kode: bad_request");
    });
  }

  it("answers malformed JSON to the API with the 400 envelope", async () => {
    const res = await post("/api/v1/registrations", "application/json", '{"kimName": "KIM', {
      "idempotency-key": crypto.randomUUID(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
  });
});
