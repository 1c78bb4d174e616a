import { describe, expect, it } from "vitest";
import { resolveSettings } from "../../workers/domain/settings";
import { inStepBatches, MAX_KECAMATAN_STEPS } from "../../workers/domain/stats/batches";
import {
  closedMonth,
  isStatsMonth,
  monthBounds,
  monthLabel,
  shiftMonth,
  witaMonth,
} from "../../workers/domain/stats/month";
import { qualityScore, tierName, tierOf } from "../../workers/domain/stats/quality";

describe("statistics months in WITA", () => {
  it("bound a month from 00:00 WITA on the 1st to the next 1st", () => {
    expect(monthBounds("2026-12")).toEqual({ start: "2026-11-30T16:00:00.000Z", end: "2026-12-31T16:00:00.000Z" });
    expect(witaMonth(new Date("2026-11-30T16:30:00Z"))).toBe("2026-12");
    expect(witaMonth(new Date("2026-11-30T15:59:59Z"))).toBe("2026-11");
  });

  it("the cron at 16:00 UTC on the last day computes the month that closed; months shift across years", () => {
    expect(closedMonth(new Date("2026-11-30T16:00:00Z"))).toBe("2026-11");
    expect(closedMonth(new Date("2026-12-31T16:00:00Z"))).toBe("2026-12");
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(shiftMonth("2026-11", -12)).toBe("2025-11");
    expect(monthLabel("2026-09")).toBe("September 2026");
  });

  it("accept only real months inside the calendar's span", () => {
    for (const bad of ["2026-13", "2026-00", "1999-12", "2101-01", "9999-12", "2026-1", "2026-01-01", ""]) {
      expect(isStatsMonth(bad), bad).toBe(false);
    }
    expect(isStatsMonth("2000-01")).toBe(true);
  });
});

describe("KIM quality rubric", () => {
  const settings = resolveSettings([]).settings;

  it("scores what was met, weighted, and tiers it by the thresholds", () => {
    const full = { decreeComplete: true, online: true, members: 15, aspirationsForwarded: 3 };
    expect(qualityScore(full, settings)).toBe(100);
    expect(tierOf(100, settings)).toBe(3);
    expect(qualityScore({ ...full, online: false, aspirationsForwarded: 0 }, settings)).toBe(50);
    expect(tierOf(50, settings)).toBe(2);
    expect(qualityScore({ decreeComplete: false, online: false, members: 3, aspirationsForwarded: 0 }, settings)).toBe(
      5,
    );
    expect(tierOf(5, settings)).toBe(1);
    expect(tierName(2, settings)).toBe("Madya");
  });

  it("follows changed weights and names, and has no score when every weight is 0", () => {
    const custom = resolveSettings([
      { key: "stats.quality.onlineWeight", value: 75 },
      { key: "stats.tier.3.name", value: "Unggul" },
    ]).settings;
    expect(qualityScore({ decreeComplete: false, online: true, members: 0, aspirationsForwarded: 0 }, custom)).toBe(50);
    expect(tierName(3, custom)).toBe("Unggul");
    const none = resolveSettings(
      ["decree", "members", "aspirations", "online"].map((k) => ({ key: `stats.quality.${k}Weight`, value: 0 })),
    ).settings;
    expect(qualityScore({ decreeComplete: true, online: true, members: 30, aspirationsForwarded: 9 }, none)).toBeNull();
  });

  it("refuses a middle threshold above the top one", () => {
    const { settings: s, invalid } = resolveSettings([
      { key: "stats.tier.2.min", value: 80 },
      { key: "stats.tier.3.min", value: 60 },
    ]);
    expect(invalid).toEqual(["stats.tier.2.min", "stats.tier.3.min"]);
    expect([s["stats.tier.2.min"], s["stats.tier.3.min"]]).toEqual([40, 70]);
  });
});

describe("kecamatan in flow steps", () => {
  it("gives a regency one kecamatan a step and a national deployment at most 200 steps, every kecamatan once, in order", () => {
    const berau = Array.from({ length: 13 }, (_, i) => i);
    expect(inStepBatches(berau)).toEqual(berau.map((k) => [k]));
    const national = Array.from({ length: 7285 }, (_, i) => i);
    const batches = inStepBatches(national);
    expect(batches.length).toBeLessThanOrEqual(MAX_KECAMATAN_STEPS);
    expect(batches.flat()).toEqual(national);
    expect(inStepBatches([])).toEqual([]);
  });
});
