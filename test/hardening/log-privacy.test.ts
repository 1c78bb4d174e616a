import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { freshReport, postAspiration } from "../fixtures/aspirations";
import { sendJson } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { freshApplication, postRegistration } from "../fixtures/registration-intake";

/**
 * No personal data in the logs (issue 13): a KIM application, a confidential aspiration with the
 * reporter's name, e-mail and phone, bad versions of both, and a sign-in request for an unknown
 * address run with every console method spied. No logged line may carry a NIK, a name, an e-mail
 * address or a phone number that the requests held.
 */

afterEach(() => {
  vi.restoreAllMocks();
});

describe("what the logs keep of a person", () => {
  it("carries no NIK, name, e-mail address or phone number from a registration, an aspiration or a sign-in", async () => {
    await seedReferenceData(env.DB);
    const lines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }

    const application = freshApplication({ memberCount: 10 });
    const reporter = {
      reporterName: "Siti Rahmawati Lestari",
      reporterEmail: "siti.rahma@example.id",
      reporterPhone: "081234567891",
    };
    const accepted = await postRegistration(application);
    expect(accepted.status).toBe(201);
    const refused = await postRegistration({ ...application, villageCode: "99.99.99.9999" });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect((await postAspiration(freshReport({ ...reporter, privacy: "rahasia" }))).status).toBe(201);
    expect((await postAspiration(freshReport({ ...reporter, title: "x" }))).status).toBe(422);
    const signIn = await sendJson(
      "POST",
      "/api/v1/auth/sign-in-links",
      { email: "tidak.terdaftar@example.id" },
      {
        headers: { "cf-connecting-ip": "192.0.2.200" },
      },
    );
    expect(signIn.status).toBe(202);

    // The run logged something: the check would otherwise pass on silence.
    expect(lines.length).toBeGreaterThan(3);
    const secrets = [
      ...application.members.flatMap((m) => [m.nik, m.fullName, m.phone] as string[]),
      application.contactEmail as string,
      application.contactPhone as string,
      reporter.reporterName,
      reporter.reporterEmail,
      reporter.reporterPhone,
      "tidak.terdaftar@example.id",
    ].filter((s): s is string => typeof s === "string" && s.length > 0);
    const leaks = secrets.filter((secret) => lines.some((line) => line.includes(secret)));
    expect(leaks).toEqual([]);
  });
});
