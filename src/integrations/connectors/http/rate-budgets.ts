import type { Clock } from '../../../shared/clock.js'
import type { RateLimitHint } from '../../catalog/index.js'
import type { Sleep } from './sleep.js'
import { type BucketTuning, createTokenBucket, type TokenBucket } from './token-bucket.js'

/**
 * Token buckets shared by every connection that spends one quota. Okta's rate limits are per
 * org, not per token ("org-wide rate limits", developer.okta.com/docs/reference/rl-best-practices),
 * so the Okta source of a workspace and its Okta app connections draw from one bucket: what one
 * spends, the others see, and X-Rate-Limit-Remaining from any answer slows all of them.
 */
export type RateBudgets = {
  /** The bucket for `key`, made on first use from `hint`; later hints are ignored. */
  bucketFor(key: string, hint: RateLimitHint, tuning?: Partial<BucketTuning>): TokenBucket
}

export function createRateBudgets(deps: { clock: Clock; sleep: Sleep }): RateBudgets {
  const buckets = new Map<string, TokenBucket>()
  return {
    bucketFor(key, hint, tuning) {
      let bucket = buckets.get(key)
      if (!bucket) {
        bucket = createTokenBucket(deps, hint, tuning)
        buckets.set(key, bucket)
      }
      return bucket
    },
  }
}
