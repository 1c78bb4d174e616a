import { describe, expect, it } from "vitest";
import { isTrackingCode, newTrackingCode, normaliseTrackingCode } from "../../workers/domain/aspiration/code";
import { escalationLadder } from "../../workers/domain/aspiration/ladder";
import { checkPhotos, PHOTO_MAX_BYTES } from "../../workers/domain/aspiration/photos";
import { isPubliclyListable, reporterShownTo } from "../../workers/domain/aspiration/privacy";
import { nextStatus, statusesAllowing } from "../../workers/domain/aspiration/status";
import { indexWords, likenessScore, searchWords } from "../../workers/domain/aspiration/words";
import type { HolidayCalendar } from "../../workers/domain/calendar";
import { formatWitaIso } from "../../workers/domain/time";

describe("tracking codes", () => {
  it("are ASP- and eight characters that are never 0, O, 1 or I", () => {
    for (let i = 0; i < 200; i++) {
      const code = newTrackingCode();
      expect(code).toMatch(/^ASP-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(code.slice(4)).not.toMatch(/[01OI]/);
      expect(isTrackingCode(code)).toBe(true);
    }
  });

  it("carry 40 random bits: every one of the 32 symbols appears in each position", () => {
    const bytes = Uint8Array.from({ length: 8 }, (_, i) => i * 31);
    const seen = new Set<string>();
    for (let shift = 0; shift < 32; shift++) {
      const code = newTrackingCode(() => bytes.map((b) => (b + shift) % 256));
      seen.add(code.charAt(4));
    }
    expect(seen.size).toBe(32);
  });

  it("read back as a person types them", () => {
    expect(normaliseTrackingCode(" asp 7k3q h9tm ")).toBe("ASP-7K3Q-H9TM");
    expect(normaliseTrackingCode("7K3QH9TM")).toBe("ASP-7K3Q-H9TM");
    expect(normaliseTrackingCode("ASP-7K3Q-H9T0")).toBeUndefined();
    expect(normaliseTrackingCode("ASP-7K3Q")).toBeUndefined();
    expect(normaliseTrackingCode("x".repeat(10_000))).toBeUndefined();
  });
});

describe("aspiration states", () => {
  it("allow only the moves of the process", () => {
    expect(nextStatus("received", "route")).toBe("routed");
    expect(nextStatus("needs_info", "reply")).toBe("received");
    expect(nextStatus("answered", "reopen")).toBe("routed");
    expect(nextStatus("closed", "reopen")).toBeUndefined();
    expect(nextStatus("received", "answer")).toBeUndefined();
    expect(statusesAllowing("answer").sort()).toEqual(["in_progress", "routed"]);
  });
});

describe("reporter privacy", () => {
  const reporter = { name: "Siti Aminah", email: "siti@contoh.id", phone: "+6281234567890" };

  it("shows agencies and the public no identity of an anonim or rahasia case", () => {
    for (const privacy of ["anonim", "rahasia"] as const) {
      expect(reporterShownTo("agency", privacy, reporter)).toEqual({ name: null, email: null, phone: null });
      expect(reporterShownTo("public", privacy, reporter)).toEqual({ name: null, email: null, phone: null });
      expect(reporterShownTo("verifier", privacy, reporter)).toEqual(reporter);
    }
  });

  it("shows a publik reporter's name but never their contact to anyone but verifiers", () => {
    expect(reporterShownTo("public", "publik", reporter)).toEqual({ name: "Siti Aminah", email: null, phone: null });
    expect(reporterShownTo("agency", "publik", reporter)).toEqual({ name: "Siti Aminah", email: null, phone: null });
  });

  it("never lists a rahasia case publicly", () => {
    expect(isPubliclyListable("rahasia")).toBe(false);
    expect(isPubliclyListable("anonim")).toBe(true);
  });
});

describe("escalation ladder", () => {
  const calendar: HolidayCalendar = { holidays: new Set(["2026-04-01"]), loadedYears: new Set([2026]) };

  it("warns the working day before, then climbs a level every two working days, skipping holidays", () => {
    const due = new Date("2026-03-27T23:59:59+08:00"); // Friday
    const ladder = escalationLadder(due, { warningDaysBefore: 1, stepDays: 2 }, calendar);
    expect(ladder.map((r) => ({ step: r.step, at: formatWitaIso(r.at) }))).toEqual([
      { step: 0, at: "2026-03-26T08:00:00+08:00" },
      { step: 1, at: "2026-03-27T23:59:59+08:00" },
      { step: 2, at: "2026-03-31T23:59:59+08:00" },
      // Wednesday 1 April is a holiday in this calendar, so the second working day is Friday.
      { step: 3, at: "2026-04-03T23:59:59+08:00" },
    ]);
  });
});

describe("photos", () => {
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
  const webp = new Uint8Array([
    ...new TextEncoder().encode("RIFF"),
    1,
    2,
    3,
    4,
    ...new TextEncoder().encode("WEBPVP8 "),
  ]);

  it("accepts JPEG, PNG and WebP by their content", () => {
    expect(checkPhotos([jpeg, webp])).toEqual({ ok: true, types: ["image/jpeg", "image/webp"] });
  });

  it("refuses a PDF called a photo, an oversized image and a fourth photo, naming each field", () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n");
    const big = new Uint8Array(PHOTO_MAX_BYTES + 1);
    big.set(jpeg);
    expect(checkPhotos([jpeg, pdf, big])).toMatchObject({
      ok: false,
      violations: [
        { path: "photos[1]", code: "file_type" },
        { path: "photos[2]", code: "file_too_large" },
      ],
    });
    expect(checkPhotos([jpeg, jpeg, jpeg, jpeg])).toMatchObject({ ok: false, violations: [{ path: "photos" }] });
  });
});

describe("likely duplicates", () => {
  it("index a report's subject words, not its function words", () => {
    expect(searchWords("Jalan rusak di Kampung Gurimbang, jalan berlubang!")).toEqual([
      "jalan",
      "rusak",
      "gurimbang",
      "berlubang",
    ]);
    expect(indexWords("Jalan rusak", "Jalan di depan sekolah rusak parah")).toEqual([
      { word: "jalan", weight: 2 },
      { word: "rusak", weight: 2 },
      { word: "depan", weight: 1 },
      { word: "sekolah", weight: 1 },
      { word: "parah", weight: 1 },
    ]);
  });

  it("rank shared words first; the same village alone is no likeness", () => {
    expect(likenessScore(0, { category: true, village: true })).toBe(0);
    expect(likenessScore(3, { category: true, village: false })).toBeGreaterThan(
      likenessScore(3, { category: false, village: false }),
    );
  });
});
