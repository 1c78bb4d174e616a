import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { registrationMembers, registrations } from "../../schema";
import { createDb } from "../../workers/db";
import { registrationInputSchema } from "../../workers/domain/registration/input";
import { hasControlCharacters, normalizeText } from "../../workers/domain/text";
import { grants, sendJson, signedInOfficial } from "../fixtures/officials";
import { seedReferenceData } from "../fixtures/reference-data";
import { freshApplication, postRegistration } from "../fixtures/registration-intake";
import { rawApplication, rawMember } from "../fixtures/registrations";

const db = createDb(env.DB);

beforeAll(() => seedReferenceData(env.DB));

const problemsOf = (overrides: Record<string, unknown>) => {
  const result = registrationInputSchema.safeParse(rawApplication(overrides));
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("control and bidi characters in what applicants type", () => {
  it("refuses CR/LF and NUL in the KIM name through the API, naming the field", async () => {
    for (const kimName of ["KIM Maju\r\nBcc: semua@example.id", "KIM\u0000Maju"]) {
      const res = await postRegistration(freshApplication({ overrides: { kimName } }));
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        error: {
          code: "validation_failed",
          details: [
            {
              path: "kimName",
              code: "control_character",
              message: "Nama KIM harus satu baris, tanpa baris baru atau karakter kontrol.",
            },
          ],
        },
      });
    }
  });

  it("stores a member's name without a bidi override, in NFC, and keeps the address's line break", async () => {
    const application = freshApplication({
      overrides: { kimName: "KIM Jose\u0301 Bersatu", secretariatAddress: "Jl. Poros Kampung\r\nRT 02" },
    });
    application.members[0] = { ...application.members[0], fullName: "Budi \u202eosbuS\u202c Santoso" };
    const res = await postRegistration(application);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const [row] = await db.select().from(registrations).where(eq(registrations.id, id));
    expect(row).toMatchObject({ kimName: "KIM José Bersatu", secretariatAddress: "Jl. Poros Kampung\nRT 02" });
    const [first] = await db
      .select({ fullName: registrationMembers.fullName })
      .from(registrationMembers)
      .where(eq(registrationMembers.registrationId, id))
      .orderBy(asc(registrationMembers.position));
    expect(first?.fullName).toBe("Budi osbuS Santoso");
  });

  it("refuses line breaks in every single-line field of the application, and keeps them only in the address", () => {
    const members = [rawMember(0, { role: "ketua", fullName: "Ani\nB", sectionName: "x" })];
    expect(
      problemsOf({
        decree: { number: "1\n2", date: "2026-01-12", issuer: "Kepala\u0007Kampung" },
        communityGroups: ["PKK\rKampung"],
        website: "https://kim.example.id/\n",
        members,
      }).filter((p) => p.message.includes("karakter kontrol")),
    ).toEqual([
      {
        path: "decree.number",
        message: "Nomor SK pembentukan harus satu baris, tanpa baris baru atau karakter kontrol.",
      },
      {
        path: "decree.issuer",
        message: "Pejabat penerbit SK harus satu baris, tanpa baris baru atau karakter kontrol.",
      },
      { path: "website", message: "Situs web harus satu baris, tanpa baris baru atau karakter kontrol." },
      {
        path: "communityGroups.0",
        message: "Nama kelompok masyarakat harus satu baris, tanpa baris baru atau karakter kontrol.",
      },
      { path: "members.0.fullName", message: "Nama lengkap harus satu baris, tanpa baris baru atau karakter kontrol." },
    ]);
    expect(problemsOf({ secretariatAddress: "Jl. Poros\nRT 02\tNo. 5" })).toEqual([]);
    expect(problemsOf({ secretariatAddress: "Jl. Poros\u0000RT 02" })).toEqual([
      { path: "secretariatAddress", message: "Alamat sekretariat tidak boleh berisi karakter kontrol." },
    ]);
  });

  it("normalises once, in one place: NFC, bidi controls removed, tabs and line breaks by kind", () => {
    expect(normalizeText("Jose\u0301\t\u2066Ali\u2069\u200f", "single-line")).toBe("José Ali");
    expect(normalizeText("a\r\nb\rc\u2028d", "multi-line")).toBe("a\nb\nc\nd");
    expect(hasControlCharacters("a\nb", "single-line")).toBe(true);
    expect(hasControlCharacters("a\nb\tc", "multi-line")).toBe(false);
    expect(hasControlCharacters("a\u0085b", "multi-line")).toBe(true);
  });
});

describe("control characters in administrators' input", () => {
  it("refuses a NUL or line break in an invited official's name", async () => {
    const { session } = await signedInOfficial([grants.admin()]);
    const res = await sendJson(
      "POST",
      "/api/v1/admin/officials",
      { name: "Rina\r\nX-Admin: ya", email: `rina-${crypto.randomUUID().slice(0, 8)}@example.go.id` },
      { session },
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { details: [{ path: "name", code: "control_character" }] },
    });
  });
});
