import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { mediaType } from "../../workers/http/media-type";
import { createOfficial, grants, ORIGIN, sendJson, signedInOfficial, url } from "../fixtures/officials";

describe("the CSRF token on signed-in forms", () => {
  it("is still required when the content type only mentions application/json", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const target = await createOfficial();
    for (const contentType of [
      "text/plain;application/json",
      "application/x-www-form-urlencoded; x=application/json",
    ]) {
      const res = await exports.default.fetch(url(`/admin/pejabat/${target.id}/nonaktifkan`), {
        method: "POST",
        headers: { "content-type": contentType, origin: ORIGIN, cookie: session.cookie },
        body: "{}",
        redirect: "manual",
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "forbidden" } });
    }
    const stillActive = await sendJson("GET", `/api/v1/admin/officials/${target.id}`, undefined, { session });
    expect(await stillActive.json()).toMatchObject({ data: { active: true } });
  });

  it("reads the media type exactly: before the parameters, trimmed, in any case", () => {
    expect(mediaType(" Application/JSON ; charset=utf-8")).toBe("application/json");
    expect(mediaType("text/plain;application/json")).toBe("text/plain");
    expect(mediaType("application/jsonp")).toBe("application/jsonp");
    expect(mediaType(undefined)).toBe("");
  });
});
