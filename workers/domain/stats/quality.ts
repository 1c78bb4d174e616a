import type { Settings } from "../settings";

/**
 * The quality of one active KIM in a month, from a rubric whose weights are settings: a complete
 * formation decree with its scan, members against a target, aspirations forwarded that month
 * against a target, online presence, and activity reports (not recorded by Simpul yet, weight 0 by
 * default). The score is the weighted share of what was met, 0–100; the tier follows thresholds.
 * Simpul's own scheme: there is no national one.
 */

export interface QualityIndicators {
  decreeComplete: boolean;
  members: number;
  aspirationsForwarded: number;
  online: boolean;
}

/** A score of 0–100 with one decimal, or null when every weight is 0. */
export function qualityScore(k: QualityIndicators, s: Settings): number | null {
  const parts: [number, number][] = [
    [s["stats.quality.decreeWeight"], k.decreeComplete ? 1 : 0],
    [s["stats.quality.membersWeight"], Math.min(1, k.members / s["stats.quality.membersTarget"])],
    [s["stats.quality.aspirationsWeight"], Math.min(1, k.aspirationsForwarded / s["stats.quality.aspirationsTarget"])],
    [s["stats.quality.onlineWeight"], k.online ? 1 : 0],
    // Activity reports do not exist yet: their weight counts as not met.
    [s["stats.quality.activityWeight"], 0],
  ];
  const total = parts.reduce((sum, [w]) => sum + w, 0);
  if (total === 0) return null;
  return Math.round((parts.reduce((sum, [w, met]) => sum + w * met, 0) / total) * 1000) / 10;
}

export type Tier = 1 | 2 | 3;

/** The tier of a score: 3 at or above the top threshold, 2 at or above the middle one, else 1. */
export function tierOf(score: number | null, s: Settings): Tier {
  if (score === null) return 1;
  if (score >= s["stats.tier.3.min"]) return 3;
  if (score >= s["stats.tier.2.min"]) return 2;
  return 1;
}

export const tierName = (tier: Tier, s: Settings) => s[`stats.tier.${tier}.name`];
