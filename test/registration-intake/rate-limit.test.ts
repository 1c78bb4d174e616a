import { describe, expect, it } from "vitest";
import { freshIp, postForm, postRegistration } from "../fixtures/registration-intake";

/** The per-client budget of the public forms' limiter, `PUBLIC_FORM_LIMITER` in wrangler.toml. */
const PER_MINUTE = 10;

/**
 * Sends until the first 429. The limiter's windows are aligned to the wall clock, so a window
 * may roll over while the test runs: then more than the budget passes first, never fewer.
 */
async function untilLimited(send: () => Promise<Response>): Promise<number[]> {
  const statuses: number[] = [];
  while (statuses.at(-1) !== 429 && statuses.length <= 2 * PER_MINUTE) statuses.push((await send()).status);
  return statuses;
}

describe("flood resistance on the public submissions", () => {
  it("answers 429 once one client IP has spent its budget, and only for that IP", async () => {
    const ip = freshIp();
    const statuses = await untilLimited(() => postRegistration({}, { ip }));
    // Within the budget the (empty) application is simply refused as invalid.
    expect(statuses.slice(0, PER_MINUTE)).toEqual(Array(PER_MINUTE).fill(422));
    expect(statuses.at(-1)).toBe(429);

    const limited = await postRegistration({}, { ip });
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limited", message: expect.any(String) } });
    expect((await postRegistration({}, { ip: freshIp() })).status).toBe(422);
  });

  it("limits the form the same way and tells the person in a page", async () => {
    const ip = freshIp();
    const statuses = await untilLimited(() => postForm({ _action: "add_rows" }, { ip }));
    expect(statuses.slice(0, PER_MINUTE)).toEqual(Array(PER_MINUTE).fill(200));
    const res = await postForm({ _action: "add_rows" }, { ip });
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("Terlalu banyak pengiriman dari jaringan Anda");
  });
});
