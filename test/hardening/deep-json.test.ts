import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "../../workers/domain/json-depth";
import { canonicalJson } from "../../workers/domain/request-hash";
import { AppError } from "../../workers/errors";
import { grants, ORIGIN, sendJson, signedInOfficial, url } from "../fixtures/officials";

/** `{"members":{"members":…{}…}}`, `levels` objects deep, as text (building it as an object would recurse). */
const deepObject = (levels: number) => `${'{"members":'.repeat(levels - 1)}{}${"}".repeat(levels - 1)}`;
const deepArray = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

const TOO_DEEP = {
  error: { code: "bad_request", message: `Data JSON terlalu bertingkat: paling banyak ${MAX_JSON_DEPTH} tingkat.` },
};

describe("deeply nested JSON", () => {
  it("is refused by the registration API with 400, not a stack overflow (20,000 levels)", async () => {
    const res = await exports.default.fetch(url("/api/v1/registrations"), {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body: deepObject(20_000),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject(TOO_DEEP);
  });

  it("is refused in the multipart application part of the registration API with 400", async () => {
    const form = new FormData();
    form.set("application", deepObject(20_000));
    const res = await exports.default.fetch(url("/api/v1/registrations"), {
      method: "POST",
      headers: { "idempotency-key": crypto.randomUUID(), origin: ORIGIN },
      body: form,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject(TOO_DEEP);
  });

  it("is refused by an admin JSON route with 400 before its value is stored", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await sendJson("PUT", "/api/v1/admin/settings/kim.memberCountMin", undefined, {
      session,
      rawBody: `{"value":${deepArray(10_000)}}`,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "bad_request" } });
  });

  it("still takes an application of ordinary depth to validation (422 for its fields)", async () => {
    const res = await exports.default.fetch(url("/api/v1/registrations"), {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({ kimName: "KIM", members: [{ fullName: "A" }] }),
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: "validation_failed" } });
  });

  it("is measured without recursion, and canonical JSON refuses it instead of overflowing", () => {
    const deep = JSON.parse(deepArray(100_000));
    expect(jsonDepthExceeds(deep)).toBe(true);
    expect(jsonDepthExceeds({ members: [{ nik: "1" }] }, 3)).toBe(false);
    expect(jsonDepthExceeds({ members: [{ nik: {} }] }, 3)).toBe(true);
    expect(() => canonicalJson(deep)).toThrow(AppError);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});
