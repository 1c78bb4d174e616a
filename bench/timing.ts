/** Runs `fn` `iterations` times after a warm-up and returns the mean time per call in microseconds. */
export async function meanMicros(iterations: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(100, iterations); i++) await fn();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return ((performance.now() - started) * 1000) / iterations;
}
