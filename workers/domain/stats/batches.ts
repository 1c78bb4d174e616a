/**
 * The kecamatan split into at most `maxSteps` batches, one flow step each, in order. A regency
 * (Berau: 13) gets one kecamatan a step; a national deployment (7,285) about 37 a step, which
 * keeps a month's instance far under the Workflow step limit (1,024 on the free plan).
 */
export const MAX_KECAMATAN_STEPS = 200;

export function inStepBatches<T>(items: readonly T[], maxSteps = MAX_KECAMATAN_STEPS): T[][] {
  const size = Math.max(1, Math.ceil(items.length / Math.max(1, maxSteps)));
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
