/**
 * The closed set of failure classes every retrying part of the hub decides from (STYLE §4.4.4,
 * after baton's uhttp codes): connectors classify what an app answered, the job queue decides
 * retries, quarantine and dead letters from the class alone. Only `transient` and `rate_limited`
 * are worth retrying; everything else needs a person or a different request.
 */
export const FAILURE_CLASSES = [
  'transient',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'invalid',
  'permanent',
] as const

export type FailureClass = (typeof FAILURE_CLASSES)[number]

export function isRetryableClass(failureClass: FailureClass): boolean {
  return failureClass === 'transient' || failureClass === 'rate_limited'
}

/** A failure already classified where it happened; `message` is public, safe to show an admin. */
export interface ClassifiedFailure {
  readonly class: FailureClass
  readonly code: string
  readonly message: string
  /** The earliest a retry may help (an app's Retry-After, a breaker's cool-down). */
  readonly retryAfterMs?: number | undefined
  /** The whole target is cooling down (an open circuit): waiting spends no attempt. */
  readonly coolingDown?: boolean
  /** The public form, stored with retries and dead letters: never private detail. */
  toJSON(): Record<string, unknown>
}
