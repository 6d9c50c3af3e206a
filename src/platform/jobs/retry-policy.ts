import { fullJitterBackoff } from '../../shared/backoff.js'
import {
  type ClassifiedFailure,
  type FailureClass,
  isRetryableClass,
} from '../../shared/failure.js'

/** How the worker treats a failed attempt, from the failure's class alone (shared/failure.ts). */
export type RetryPolicy = {
  /** Attempts before a retryable failure is dead-lettered. */
  readonly maxAttempts: number
  readonly baseMs: number
  readonly capMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseMs: 500, capMs: 60_000 }

export type Verdict =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly counted: boolean }
  | { readonly kind: 'dead'; readonly reason: string }
  /** The app is unusable until someone acts (or its breaker's cool-down ends). */
  | {
      readonly kind: 'quarantine'
      readonly reason: string
      readonly until: Date | null
      readonly delayMs: number
    }

/** Classes that say the app (not this one request) is broken: no other job of it can succeed. */
const APP_WIDE: readonly FailureClass[] = ['unauthorized', 'forbidden']

/**
 * The verdict for one failed attempt. Transient and rate-limited failures are retried with
 * full-jitter exponential backoff, never sooner than the app's `Retry-After` (RFC 9110 §10.2.3);
 * an open circuit waits for its cool-down without spending an attempt; bad credentials
 * quarantine the app; invalid, conflicting or refused requests are dead-lettered at once.
 */
export function verdictFor(
  error: ClassifiedFailure,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  now: Date,
): Verdict {
  if (error.coolingDown) {
    const wait = Math.max(error.retryAfterMs ?? policy.capMs, policy.baseMs)
    const until = error.retryAfterMs === undefined ? null : new Date(now.getTime() + wait)
    return { kind: 'quarantine', reason: error.message, until, delayMs: wait }
  }
  if (APP_WIDE.includes(error.class))
    return { kind: 'quarantine', reason: error.message, until: null, delayMs: policy.capMs }
  if (!isRetryableClass(error.class))
    return { kind: 'dead', reason: `${error.class}: ${error.message}` }
  if (attempt + 1 >= policy.maxAttempts)
    return {
      kind: 'dead',
      reason: `gave up after ${attempt + 1} attempts; last: ${error.class}: ${error.message}`,
    }
  const backoff = fullJitterBackoff(attempt, policy, random)
  return { kind: 'retry', delayMs: Math.max(backoff, error.retryAfterMs ?? 0), counted: true }
}
