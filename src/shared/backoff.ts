/** How retries back off. `random` is injected so tests pin the jitter. */
export type BackoffPolicy = {
  /** Delay scale of the first retry, in milliseconds. */
  baseMs: number
  /** Upper bound of any single delay, in milliseconds. */
  capMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 }

/**
 * "Full jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter",
 * 2015): a uniform draw in [0, min(cap, base·2^attempt)). Spreading retries over the whole
 * interval keeps many workers that failed together from retrying together.
 *
 * @param attempt 0 for the first retry, 1 for the second, ...
 * @param random a source of uniform numbers in [0, 1), such as Math.random
 */
export function fullJitterBackoff(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 52)
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent)
  const draw = Math.min(Math.max(random(), 0), 1 - Number.EPSILON)
  return Math.floor(draw * ceiling)
}
