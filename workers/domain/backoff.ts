/**
 * Exponential backoff for retried work: `baseSeconds` after the first failed attempt, doubling
 * with each further attempt, never more than `maxSeconds`.
 *
 * @example
 * backoffSeconds(1, { baseSeconds: 30, maxSeconds: 3600 }) // 30
 * backoffSeconds(3, { baseSeconds: 30, maxSeconds: 3600 }) // 120
 * backoffSeconds(9, { baseSeconds: 30, maxSeconds: 3600 }) // 3600
 */
export function backoffSeconds(attempt: number, policy: { baseSeconds: number; maxSeconds: number }): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2 ** 31 already exceeds any sensible maximum; capping the exponent keeps the number finite.
  return Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.min(exponent, 31));
}
